import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { CLI, Sandbox } from "../helpers/sandbox.js";

// cli.ts writes stdout and stderr straight to file descriptors 1 and 2 (process.stdout would build
// a stream, and for a pipe a socket, on every run). Two cases where that differs from a stream
// are checked here with real pipes: a reader that goes away early, and a pipe the parent made
// non-blocking, which refuses a large write with EAGAIN partway through.

let sb: Sandbox;
beforeEach(() => {
  sb = new Sandbox();
  // 2,000 profiles: `status` prints about 200 KB, three times a pipe's buffer.
  const profiles = Array.from({ length: 2000 }, (_, i) => `[profile p${i}]\nmfa_serial = arn:aws:iam::123456789012:mfa/p${i}\n`);
  sb.write(sb.configFile, profiles.join(""));
});
afterEach(() => sb.cleanup());

describe("stdout and stderr written to their file descriptors", () => {
  it("a reader that stops early ends awsmfa quietly, with its exit code", () => {
    const r = spawnSync("bash", ["-c", `set -o pipefail; "$0" "$1" status | head -c 100 >/dev/null; echo "rc=$?"`, process.execPath, CLI], { env: sb.env, encoding: "utf8" });
    expect(r.stdout.trim()).toBe("rc=0");
    expect(r.stderr).toBe("");
  });

  it("a non-blocking pipe gets every byte, in order, from a reader that is slow to start", () => {
    const file = path.join(sb.dir, "status.txt");
    const direct = spawnSync("bash", ["-c", `"$0" "$1" status >"$2"`, process.execPath, CLI, file], { env: sb.env, encoding: "utf8" });
    expect(direct.status).toBe(0);
    const expected = readFileSync(file, "utf8");
    expect(expected.length).toBeGreaterThan(3 * 65536);
    // The parent sets O_NONBLOCK on the pipe's write end before awsmfa inherits it, then waits
    // before reading, so writes to the full pipe fail with EAGAIN.
    const py = `
import fcntl, os, subprocess, sys, time
r, w = os.pipe()
fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)
p = subprocess.Popen(sys.argv[1:], stdout=w)
os.close(w)
time.sleep(0.5)
out = b""
while True:
    chunk = os.read(r, 65536)
    if not chunk:
        break
    out += chunk
    time.sleep(0.01)
sys.stdout.buffer.write(out)
sys.stderr.write("rc=%d\\n" % p.wait())
`;
    const res = spawnSync("python3", ["-c", py, process.execPath, CLI, "status"], { env: sb.env, encoding: "utf8", maxBuffer: 1 << 26 });
    expect(res.stderr.trim()).toBe("rc=0");
    expect(res.stdout).toBe(expected);
  });
});
