import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { World } from "../../../src/world.js";

// The hook's change path with a real filesystem (temp HOME with real AWS files) and a fake clock:
// what it prints for the shell to eval, what it says on stderr, and when it asks to be woken again.
// No mock of the session lookup: a mock of it once hid that role profiles were not resolved.

/** Real AWS files: [profile P] with an mfa_serial and a file-mode session in [P] ending at `exp`. */
function setExpiry(exp: Date | undefined, profile = "work") {
  mkdirSync(path.join(dir, ".aws"), { recursive: true });
  writeFileSync(
    path.join(dir, ".aws", "config"),
    `[profile ${profile}]\nmfa_serial = arn:aws:iam::123456789012:mfa/u\n\n[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/ops\nsource_profile = ${profile}\n`,
  );
  writeFileSync(
    path.join(dir, ".aws", "credentials"),
    exp ? `[${profile}]\naws_access_key_id = ASIAEXAMPLE\naws_secret_access_key = s\naws_session_token = t\nexpiration = ${exp.toISOString()}\n` : "",
  );
}

const { evaluate } = await import("../../../src/commands/hook.js");
const { bash } = await import("../../../src/shells/bash.js");
const { command: allowCmd } = await import("../../../src/commands/allow.js");

let dir: string;
let err: string[];
const NOW = new Date("2030-01-01T12:00:00Z");

// Only what the hook touches; the cast keeps this test independent of unrelated World fields.
function world(cwd: string, env: Record<string, string> = {}): World {
  const w: Partial<World> = {
    argv: [],
    env: { HOME: dir, XDG_DATA_HOME: path.join(dir, "data"), XDG_CACHE_HOME: path.join(dir, "cache"), ...env },
    cwd,
    platform: "linux",
    stdout: { write: () => undefined },
    stderr: { write: (s) => void err.push(s) },
    stdinIsTTY: false,
    now: () => NOW,
  };
  return w as World;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "awsmfa-eval-"));
  err = [];
  mkdirSync(path.join(dir, "p", "sub"), { recursive: true });
  writeFileSync(path.join(dir, "p", ".awsmfa"), "profile = work\n");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const base = { pid: "4242", applied: "", seenFile: "", seenExp: "" };

describe("hook --eval", () => {
  it("applies a trusted file found from Node's own cwd, and records state for the shell", async () => {
    await allowCmd.run(world(path.join(dir, "p")), []);
    err = [];
    const out = await evaluate(world(path.join(dir, "p", "sub")), bash, base);
    expect(out).toContain("__awsmfa_save\nexport AWS_PROFILE='work'\nexport AWS_DEFAULT_PROFILE='work'\nexport AWSMFA_PROFILE='work'\n");
    expect(out).toContain("__awsmfa_put_back 'AWS_REGION'");
    expect(out).toMatch(/__awsmfa_applied='[0-9a-f]{64}'/);
    expect(out).toContain("__awsmfa_trust='a'");
    expect(err).toEqual([]);
  });

  it("writes a per-shell stamp no newer than the watched files it saw", async () => {
    const sessions = path.join(dir, "cache", "awsmfa", "sessions");
    mkdirSync(sessions, { recursive: true });
    const out = await evaluate(world(dir), bash, base);
    const stamp = path.join(dir, "cache", "awsmfa", "hook", "bash-4242");
    expect(out).toContain(`__awsmfa_stamp='${stamp}'`);
    const s = statSync(stamp).mtimeMs;
    const w = statSync(sessions).mtimeMs;
    expect(s).toBeGreaterThanOrEqual(w);
    expect(s - w).toBeLessThan(1);
  });

  it("says nothing while the session has time, and asks to be woken 10 minutes before expiry", async () => {
    setExpiry(new Date(NOW.getTime() + 3600_000));
    const out = await evaluate(world(dir, { AWS_PROFILE: "work" }), bash, base);
    expect(err).toEqual([]);
    expect(out).toContain(`__awsmfa_check_at='${(NOW.getTime() + 3000_000) / 1000}'`);
    expect(out).toContain("__awsmfa_seen_exp='work:ok'");
  });

  it("prints the expiry notice once per change of state", async () => {
    setExpiry(new Date(NOW.getTime() + 8 * 60_000));
    const first = await evaluate(world(dir, { AWS_PROFILE: "work" }), bash, base);
    expect(err).toEqual(["awsmfa: session for work expires in 8 min — run 'awsmfa login'\n"]);
    expect(first).toContain("__awsmfa_seen_exp='work:soon'");
    err = [];
    await evaluate(world(dir, { AWS_PROFILE: "work" }), bash, { ...base, seenExp: "work:soon" });
    expect(err).toEqual([]);
    setExpiry(new Date(NOW.getTime() - 1000));
    await evaluate(world(dir, { AWS_PROFILE: "work" }), bash, { ...base, seenExp: "work:soon" });
    expect(err).toEqual(["awsmfa: session for work has expired — run 'awsmfa login'\n"]);
  });

  it("leaving a tree checks the profile from before it, not the one being withdrawn", async () => {
    setExpiry(new Date(NOW.getTime() - 1000), "home");
    await evaluate(world(dir, { AWS_PROFILE: "work" }), bash, { ...base, applied: "K", outerProfile: "home" });
    expect(err).toEqual(["awsmfa: session for home has expired — run 'awsmfa login'\n"]);
  });

  it("a role profile is warned about its source profile's session", async () => {
    setExpiry(new Date(NOW.getTime() + 8 * 60_000));
    await evaluate(world(dir, { AWS_PROFILE: "ops" }), bash, base);
    expect(err).toEqual(["awsmfa: session for ops expires in 8 min — run 'awsmfa login'\n"]);
  });

  it("an invalid file is refused by allow with file:line", async () => {
    writeFileSync(path.join(dir, "p", ".awsmfa"), "profile = $(id)\n");
    await expect(allowCmd.run(world(path.join(dir, "p")), [])).rejects.toThrow(`${path.join(dir, "p", ".awsmfa")}:1:`);
  });
});
