import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { paint } from "../../src/core/color.js";
import { parseIni } from "../../src/core/ini.js";
import { listedPlans } from "../../src/core/resolve.js";
import { command, formatRow, type ProfileStatus } from "../../src/commands/status.js";
import { SessionCache } from "../../src/session/cache.js";
import type { World } from "../../src/world.js";

// Issue 11: status makes each role row's text in parts (its own lines, then the lines all the rows
// of its source share, made once per source) and derives a role's cache id only when some cache
// file was issued for that role. Both must give exactly the text of formatRow applied to each row
// of `status --json`, which builds every row in full. Generated configs: several MFA sources (file
// and process mode, a key present or missing), role profiles of each with and without their own
// settings, repeated sections, both spellings of default; cache files valid, expiring, expired,
// and issued for another device.

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const NOW = Date.parse("2026-11-20T12:00:00Z");
const SERIALS = ["arn:aws:iam::123456789012:mfa/a", "arn:aws:iam::123456789012:mfa/b", "GAHT00000001"];

async function sandbox(seed: number) {
  let x = seed;
  const rnd = (n: number) => ((x = (x * 1103515245 + 12345) % 2147483648), Math.floor((x / 2147483648) * n));
  const home = mkdtempSync(path.join(tmpdir(), "awsmfa-status-rows-"));
  dirs.push(home);
  mkdirSync(path.join(home, ".aws"), { mode: 0o700 });
  const sources = ["s0", "s1", "s2", "default"];
  const cfg: string[] = ["# generated"];
  const creds: string[] = [];
  sources.forEach((s, i) => {
    cfg.push(s === "default" && rnd(2) ? "[default]" : `[profile ${s}]`, `mfa_serial = ${SERIALS[i % SERIALS.length]}`);
    if (rnd(3) === 0) cfg.push("credential_process = awsmfa credential-process", `awsmfa_source = ${rnd(2) ? "keyring" : "file"}`);
    if (rnd(4)) creds.push(`[${s}-long-term]`, "aws_access_key_id = AKIAEXAMPLE", `aws_secret_access_key = ${rnd(5) ? "x" : ""}`);
    if (rnd(3) === 0) creds.push(`[${s}]`, "aws_access_key_id = ASIAEXAMPLE", "aws_secret_access_key = x", "aws_session_token = t", `expiration = ${new Date(NOW + (rnd(7200) - 1800) * 1000).toISOString()}`);
  });
  if (rnd(2)) cfg.push("[profile default]", `mfa_serial = ${SERIALS[rnd(SERIALS.length)]}`);
  for (let i = 0; i < 40; i++) {
    cfg.push(`[profile r${i % 37}]`, `role_arn = arn:aws:iam::2109876543${String(i % 7).padStart(2, "0")}:role/r${i % 5}`, `source_profile = ${sources[rnd(sources.length)]}`);
    if (rnd(4) === 0) cfg.push(`role_session_name = n${rnd(3)}`);
    if (rnd(5) === 0) cfg.push(`external_id = e${rnd(2)}`);
    if (rnd(5) === 0) cfg.push(`duration_seconds = ${[900, 3600, 7200][rnd(3)]}`);
    if (rnd(6) === 0) cfg.push("", "# a comment", "[profile plain]", "region = eu-west-1");
  }
  const text = cfg.join("\n") + "\n";
  writeFileSync(path.join(home, ".aws", "config"), text, { mode: 0o600 });
  writeFileSync(path.join(home, ".aws", "credentials"), creds.join("\n") + "\n", { mode: 0o600 });
  const env = { HOME: home, AWS_CONFIG_FILE: path.join(home, ".aws", "config"), AWS_SHARED_CREDENTIALS_FILE: path.join(home, ".aws", "credentials"), XDG_CACHE_HOME: path.join(home, ".cache") };
  // Sessions: for some sources, and for some roles (some issued for another device).
  const cache = new SessionCache(path.join(home, ".cache", "awsmfa"));
  const session = (serial: string, roleArn?: string) => ({
    accessKeyId: "ASIAEXAMPLE",
    secretAccessKey: "x",
    sessionToken: "t",
    expiration: new Date(NOW + (rnd(7200) - 1800) * 1000),
    mfaSerial: serial,
    ...(roleArn ? { roleArn } : {}),
    ...(rnd(2) ? { issuedAt: new Date(NOW - rnd(3600) * 1000) } : {}),
  });
  const written = new Set<string>();
  for (const plan of listedPlans(parseIni(text, env.AWS_CONFIG_FILE, "config"), env.AWS_CONFIG_FILE)) {
    if (!written.has(plan.cache.mfa) && rnd(3)) await cache.write(plan.cache.mfa, session(plan.serial));
    written.add(plan.cache.mfa);
    if (plan.role && rnd(3) === 0) await cache.write(plan.cache.role!, session(rnd(4) ? plan.serial : SERIALS[rnd(SERIALS.length)]!, plan.role.roleArn));
  }
  return env;
}

async function status(env: Record<string, string>, args: string[], tty: boolean): Promise<string> {
  let out = "";
  const world = {
    argv: [],
    env,
    cwd: env.HOME,
    platform: "linux",
    stdout: { write: (t: string) => void (out += t) },
    stderr: { write: () => {} },
    stdinIsTTY: false,
    stdoutIsTTY: tty,
    readStdinLine: async () => undefined,
    now: () => new Date(NOW),
    selfCommand: () => ["awsmfa"],
  } as World;
  expect(await command.run(world, args)).toBe(0);
  return out;
}

describe("status text (issue 11)", () => {
  it("equals formatRow applied to each row of status --json, on generated configs and caches (24 sandboxes, with and without colour)", async () => {
    let roles = 0;
    for (let seed = 1; seed <= 24; seed++) {
      const env = await sandbox(seed);
      const rows = JSON.parse(await status(env, ["--json"], false)) as ProfileStatus[];
      roles += rows.filter((r) => r.role).length;
      for (const tty of [false, true]) expect(await status(env, [], tty), `seed ${seed}`).toBe(rows.map((r) => formatRow(r, paint(tty)) + "\n").join(""));
    }
    expect(roles).toBeGreaterThan(500);
  });
});
