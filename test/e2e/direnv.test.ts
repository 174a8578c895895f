import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator.js";
import { makeIdentities } from "../helpers/identities.js";
import { requireProgram } from "../helpers/programs.js";
import { CLI, Sandbox } from "../helpers/sandbox.js";

// Real direnv loading `use awsmfa` from the snippet `awsmfa direnv` prints, against a session made
// by a real `awsmfa login` on the emulator. direnv's own reload logic (DIRENV_WATCHES) proves that
// a renewed session reloads the environment without touching .envrc.

let emu: TestEmulator;
let sb: Sandbox;
const { state, ids } = makeIdentities(1, "direnv");
const id = ids[0]!;
const P = () => path.join(sb.home, "proj profile");
const C = () => path.join(sb.home, "proj keys");

type Exported = Record<string, string | null>;

/** `direnv export json` from DIR with ENV; returns the changes and the env after applying them. */
async function exportIn(dir: string, env: Record<string, string | undefined>) {
  const r = await sb.exec("sh", ["-c", 'cd "$1" && exec direnv export json', "sh", dir], { env });
  expect(r.code, r.stderr).toBe(0);
  const changes: Exported = r.stdout.trim() ? (JSON.parse(r.stdout) as Exported) : {};
  const after: Record<string, string | undefined> = { ...env };
  for (const [k, v] of Object.entries(changes)) after[k] = v ?? undefined;
  return { changes, after, stderr: r.stderr };
}

beforeAll(async () => {
  requireProgram("direnv", ["version"]);
  emu = await startTestEmulator({ state });
  sb = new Sandbox(emu.url);
  sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\n`);
  sb.write(sb.credentialsFile, `[work-long-term]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`);
  const bin = path.join(sb.dir, "bin");
  mkdirSync(bin);
  writeFileSync(path.join(bin, "awsmfa"), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
  chmodSync(path.join(bin, "awsmfa"), 0o755);
  sb.env.PATH = `${bin}:${sb.env.PATH}`;
  delete (sb.env as Record<string, string | undefined>).AWS_PROFILE;
  const rc = await sb.awsmfa(["direnv"]);
  expect(rc.code).toBe(0);
  mkdirSync(path.join(sb.env.XDG_CONFIG_HOME!, "direnv"), { recursive: true });
  writeFileSync(path.join(sb.env.XDG_CONFIG_HOME!, "direnv", "direnvrc"), rc.stdout);
  for (const [dir, envrc] of [
    [P(), "use awsmfa work\n"],
    [C(), "use awsmfa work --credentials\n"],
  ] as const) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, ".envrc"), envrc);
    const a = await sb.exec("direnv", ["allow", dir]);
    expect(a.code, a.stderr).toBe(0);
  }
});
afterAll(async () => {
  sb?.cleanup();
  await emu?.close();
});

describe("use awsmfa in a real direnv", () => {
  it("before any login: the profile arrives, and the hint says to log in (never a prompt)", async () => {
    const p = await exportIn(P(), {});
    expect(p.changes).toMatchObject({ AWS_PROFILE: "work", AWS_DEFAULT_PROFILE: "work", AWSMFA_PROFILE: "work" });
    expect(p.stderr).toContain("awsmfa login --profile work");
    const c = await exportIn(C(), {});
    expect(c.changes.AWS_ACCESS_KEY_ID).toBeUndefined();
    expect(c.stderr).toMatch(/awsmfa login/);
  });

  it("direnv exec sees the profile", async () => {
    const r = await sb.exec("direnv", ["exec", P(), "sh", "-c", 'printf "%s|%s" "$AWS_PROFILE" "$AWS_DEFAULT_PROFILE"']);
    expect(r.stdout).toBe("work|work");
  });

  it("with --credentials the session's keys arrive, and a renewed session reloads them", async () => {
    const login = await sb.awsmfa(["login", "--profile", "work", "--code", emu.emulator.nextCode(id.serial)]);
    expect(login.code, login.stderr).toBe(0);

    const first = await exportIn(C(), {});
    expect(first.changes.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(first.changes.AWS_SESSION_TOKEN).toBeTruthy();
    expect(first.changes.AWSMFA_PROFILE).toBe("work");
    expect(first.changes.AWS_PROFILE ?? undefined).toBeUndefined(); // keys only: nothing competes with them
    expect(first.after.DIRENV_WATCHES).toBeTruthy();

    // Nothing changed: direnv stays quiet.
    const again = await exportIn(C(), first.after);
    expect(again.changes).toEqual({});

    // direnv compares whole-second mtimes; renew in a later second.
    await new Promise((r) => setTimeout(r, 1100));
    const renew = await sb.awsmfa(["login", "--profile", "work", "--force", "--code", emu.emulator.nextCode(id.serial)]);
    expect(renew.code, renew.stderr).toBe(0);
    const reloaded = await exportIn(C(), again.after);
    expect(reloaded.changes.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(reloaded.changes.AWS_ACCESS_KEY_ID).not.toBe(first.changes.AWS_ACCESS_KEY_ID);
  });

  it("after login the profile variant is quiet", async () => {
    const p = await exportIn(P(), {});
    expect(p.changes.AWS_PROFILE).toBe("work");
    expect(p.stderr).not.toContain("awsmfa login");
  });

  /** A login whose session ends `seconds` from now: the emulator's session clock runs behind by the rest. */
  async function loginEndingIn(seconds: number) {
    emu.emulator.setSwitches({ clockOffsetSeconds: -(43200 - seconds) });
    try {
      const r = await sb.awsmfa(["login", "--profile", "work", "--force", "--code", emu.emulator.nextCode(id.serial)]);
      expect(r.code, r.stderr).toBe(0);
    } finally {
      emu.emulator.setSwitches({ clockOffsetSeconds: 0 });
    }
    // The emulator's clock trick makes the session look 10 minutes long; a real one ending now was
    // issued 12 h ago, which puts it inside the refresh margin (a quarter of its life, at most 15 min).
    const sessions = path.join(sb.home, ".cache", "awsmfa", "sessions");
    for (const f of readdirSync(sessions).filter((n) => n.endsWith(".json"))) {
      const j = JSON.parse(readFileSync(path.join(sessions, f), "utf8"));
      j.IssuedAt = new Date(Date.parse(j.Expiration) - 43200_000).toISOString();
      writeFileSync(path.join(sessions, f), JSON.stringify(j), { mode: 0o600 });
    }
    const m = /\[work\]\naws_access_key_id = (\S+)/.exec(sb.read(sb.credentialsFile));
    return m![1]!;
  }
  // direnv colours its log lines; the words are what count.
  const awsmfaLines = (stderr: string) =>
    stderr
      .replace(/\x1b\[[0-9;]*m/g, "")
      .split("\n")
      .filter((l) => l.includes("awsmfa:"));

  it("in a session's last 15 minutes --credentials still exports its keys (valid ones), with a notice saying when they end", async () => {
    const keyId = await loginEndingIn(600);
    const r = await exportIn(C(), {});
    expect(r.changes.AWS_ACCESS_KEY_ID).toBe(keyId);
    const ends = new Date(r.changes.AWS_CREDENTIAL_EXPIRATION!).getTime() - Date.now();
    expect(ends).toBeGreaterThan(8 * 60_000);
    expect(ends).toBeLessThanOrEqual(10 * 60_000);
    expect(awsmfaLines(r.stderr)).toEqual([expect.stringMatching(/^direnv: awsmfa: the keys for work end in (9|10) min; renew with 'awsmfa login --profile work'$/)]);
    // AWS accepts them.
    const { AWS_V2 } = await import("../helpers/programs.js");
    const v2 = await sb.exec(AWS_V2, ["--endpoint-url", emu.url, "sts", "get-caller-identity", "--output", "text", "--query", "Arn"], {
      env: { ...r.after, AWS_PROFILE: undefined, AWS_DEFAULT_PROFILE: undefined },
    });
    expect(v2.stderr).toBe("");
    expect(v2.stdout.trim()).toBe(id.arn);
  });

  it("once the session has ended, loading exports no keys and one notice says how to renew", async () => {
    const keyId = await loginEndingIn(3);
    const before = await exportIn(C(), {});
    expect(before.changes.AWS_ACCESS_KEY_ID).toBe(keyId); // still valid for a moment
    await new Promise((r) => setTimeout(r, 3500));
    const r = await exportIn(C(), {});
    expect(r.changes.AWS_ACCESS_KEY_ID ?? undefined).toBeUndefined();
    expect(r.changes.AWS_SESSION_TOKEN ?? undefined).toBeUndefined();
    expect(awsmfaLines(r.stderr)).toEqual([
      "direnv: awsmfa: no valid session for work, so no keys are exported; run 'awsmfa login --profile work'",
    ]);
    // And `awsmfa login` brings valid keys back on the next load.
    await new Promise((res) => setTimeout(res, 1100));
    const renew = await sb.awsmfa(["login", "--profile", "work", "--code", emu.emulator.nextCode(id.serial)]);
    expect(renew.code, renew.stderr).toBe(0);
    const back = await exportIn(C(), r.after);
    expect(back.changes.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(back.changes.AWS_ACCESS_KEY_ID).not.toBe(keyId);
    expect(awsmfaLines(back.stderr)).toEqual([]);
  });
});
