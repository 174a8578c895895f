import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { command as allowCmd } from "../../../src/commands/allow.js";
import { evaluate } from "../../../src/commands/hook.js";
import { bash } from "../../../src/shells/bash.js";
import type { World } from "../../../src/world.js";

// The hook's change path in a temp HOME with real AWS files and a fixed clock: what it prints for
// the shell to eval, what it says on stderr, and when it asks to be woken again. The session's
// expiry is read the way the hook reads it in real use, from the files (no module is mocked: a
// mock here once hid a bug in how role profiles were looked up).

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
  mkdirSync(path.join(dir, ".aws"), { mode: 0o700 });
  writeFileSync(path.join(dir, "p", ".awsmfa"), "profile = work\n");
  writeFileSync(path.join(dir, ".aws", "config"), "[profile work]\nmfa_serial = arn:aws:iam::123456789012:mfa/work\n\n[profile home]\nmfa_serial = arn:aws:iam::123456789012:mfa/home\n");
  sessions({});
});

/** File-mode sessions in ~/.aws/credentials (made-up keys), as `login` writes them; undefined: none. */
function sessions(expiries: Record<string, Date | undefined>): void {
  let text = "[work-long-term]\naws_access_key_id = AKIAEXAMPLEWORK00000\naws_secret_access_key = fakeSecretWorkxxxxxxxxxxxxxxxxxxxxxxxxxx\n";
  for (const [profile, at] of Object.entries(expiries))
    if (at)
      text += `\n[${profile}]\naws_access_key_id = ASIAEXAMPLE${profile.toUpperCase()}\naws_secret_access_key = fakeSessionSecret\naws_session_token = fakeToken\nexpiration = ${at.toISOString()}\n`;
  writeFileSync(path.join(dir, ".aws", "credentials"), text, { mode: 0o600 });
}
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
    sessions({ work: new Date(NOW.getTime() + 3600_000) });
    const out = await evaluate(world(dir, { AWS_PROFILE: "work" }), bash, base);
    expect(err).toEqual([]);
    expect(out).toContain(`__awsmfa_check_at='${(NOW.getTime() + 3000_000) / 1000}'`);
    expect(out).toContain("__awsmfa_seen_exp='work:ok'");
  });

  it("prints the expiry notice once per change of state", async () => {
    sessions({ work: new Date(NOW.getTime() + 8 * 60_000) });
    const first = await evaluate(world(dir, { AWS_PROFILE: "work" }), bash, base);
    expect(err).toEqual(["awsmfa: session for work expires in 8 min — run 'awsmfa login'\n"]);
    expect(first).toContain("__awsmfa_seen_exp='work:soon'");
    err = [];
    await evaluate(world(dir, { AWS_PROFILE: "work" }), bash, { ...base, seenExp: "work:soon" });
    expect(err).toEqual([]);
    sessions({ work: new Date(NOW.getTime() - 1000) });
    await evaluate(world(dir, { AWS_PROFILE: "work" }), bash, { ...base, seenExp: "work:soon" });
    expect(err).toEqual(["awsmfa: session for work has expired — run 'awsmfa login'\n"]);
  });

  it("leaving a tree checks the profile from before it, not the one being withdrawn", async () => {
    // The withdrawn profile's session is fine; the outer one's has ended: only that is worth a word.
    sessions({ work: new Date(NOW.getTime() + 3600_000), home: new Date(NOW.getTime() - 1000) });
    await evaluate(world(dir, { AWS_PROFILE: "work" }), bash, { ...base, applied: "K", outerProfile: "home" });
    expect(err).toEqual(["awsmfa: session for home has expired — run 'awsmfa login'\n"]);
  });

  it("an invalid file is refused by allow with file:line", async () => {
    writeFileSync(path.join(dir, "p", ".awsmfa"), "profile = $(id)\n");
    await expect(allowCmd.run(world(path.join(dir, "p")), [])).rejects.toThrow(`${path.join(dir, "p", ".awsmfa")}:1:`);
  });
});
