import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT, Sandbox } from "../helpers/sandbox.js";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator.js";
import { makeIdentities } from "../helpers/identities.js";
import { AWS_V2, requireProgram } from "../helpers/programs.js";
import { TmuxShell } from "../helpers/tmux.js";

// `awsmfa doctor` on a sandbox that has every problem it knows, then on the same sandbox after
// each fix it printed was applied. Real pieces throughout: sessions come from real logins against
// the emulator, the clock skew from the emulator's skew switch, the AWS CLI versions from the
// machine (v1 first on PATH, then Debian's v2), the hook from a real bash under tmux.

interface Row {
  id: string;
  status: "pass" | "warn" | "fail" | "skip";
  message: string;
  fix: string | null;
}
type Report = { checks: Row[]; ok: boolean };

let emu: TestEmulator;
const sb = new Sandbox();
const { state, ids } = makeIdentities(2, "doc");
const [proc, file] = ids as [(typeof ids)[0], (typeof ids)[0]];
const bin = path.join(sb.dir, "bin");
const cli = path.join(sb.dir, "dist", "cli.js");
const cache = path.join(sb.env.XDG_CACHE_HOME!, "awsmfa");
const data = path.join(sb.env.XDG_DATA_HOME!, "awsmfa");
const keyStore = path.join(data, "keys.enc");
const KEY_SECRET = "envSecretDoctorTestEXAMPLEEXAMPLEEXAMPLE";

const config = (durationWork: number) =>
  `[profile work]\nmfa_serial = ${proc.serial}\nduration_seconds = ${durationWork}\ncredential_process = ${process.execPath} ${cli} credential-process --profile work\n` +
  `[profile file]\nmfa_serial = ${file.serial}\nduration_seconds = 3600\n`;
const longTerm = (withFileSecret: boolean) =>
  `[work-long-term]\naws_access_key_id = ${proc.accessKeyId}\naws_secret_access_key = ${proc.secretAccessKey}\n` +
  `[file-long-term]\naws_access_key_id = ${file.accessKeyId}\n${withFileSecret ? `aws_secret_access_key = ${file.secretAccessKey}\n` : ""}`;

const by = (r: Report, id: string) => r.checks.filter((c) => c.id === id);
const one = (r: Report, id: string, subject = "") => {
  const rows = by(r, id).filter((c) => c.message.includes(subject));
  expect(rows, `${id} ${subject}: ${JSON.stringify(by(r, id))}`).toHaveLength(1);
  return rows[0]!;
};
const doctor = async (args: string[], env: Record<string, string | undefined> = {}) => {
  const r = await sb.exec(process.execPath, [cli, "doctor", ...args], { env, timeoutMs: 30_000 });
  return { ...r, report: args.includes("--json") ? (JSON.parse(r.stdout) as Report) : undefined };
};
const login = async (profile: string, id: { user: string }, extra: string[] = []) => {
  const code = (await (await fetch(`${emu.url}/__emulator/code?serial=${encodeURIComponent(ids.find((i) => i.user === id.user)!.serial)}`)).json()) as { code: string };
  const r = await sb.exec(process.execPath, [cli, "login", "--profile", profile, "--code", code.code, ...extra]);
  expect(r.stderr + r.stdout).not.toContain("error");
  expect(r.code).toBe(0);
};
const skew = (seconds: number) =>
  fetch(`${emu.url}/__emulator/switches`, { method: "POST", body: JSON.stringify({ skewSeconds: seconds }) }).then((r) => expect(r.status).toBe(200));

beforeAll(async () => {
  requireProgram("tmux", ["-V"]);
  requireProgram("aws");
  requireProgram(AWS_V2);
  emu = await startTestEmulator({ state });
  // A private copy of the build, so another `npm run build` cannot change it under the shell.
  cpSync(path.join(ROOT, "dist"), path.join(sb.dir, "dist"), { recursive: true });
  mkdirSync(bin, { recursive: true });
  writeFileSync(path.join(bin, "awsmfa"), `#!/bin/sh\nexec ${process.execPath} ${cli} "$@"\n`, { mode: 0o755 });
  sb.env.AWS_ENDPOINT_URL = emu.url;
  sb.env.SHELL = "/bin/bash";
});
afterAll(async () => {
  await emu?.close();
  sb.cleanup();
});

describe("awsmfa doctor", () => {
  it("finds each problem, says how to fix it, and exits 1; after the fixes every check passes and it exits 0", async () => {
    // ---- the broken machine ----
    sb.write(sb.configFile, config(900));
    sb.write(sb.credentialsFile, longTerm(true));
    await login("work", proc); // a 15-minute session: inside the refresh margin at once
    // Then the traps: a stale session in [work] that hides credential_process, an expired session in
    // [file], the [file-long-term] secret gone, loose modes, keys and a second profile in the env.
    const expired = new Date(Date.now() - 3600_000).toISOString();
    sb.write(
      sb.credentialsFile,
      `[work]\naws_access_key_id = ASIADOCTORSTALE00000\naws_secret_access_key = staleSecret\naws_session_token = staleToken\n` +
        `[file]\naws_access_key_id = ASIADOCTOREXPIRED000\naws_secret_access_key = expiredSecret\naws_session_token = expiredToken\nexpiration = ${expired}\n` +
        longTerm(false),
      0o644,
    );
    chmodSync(sb.credentialsFile, 0o644);
    chmodSync(cache, 0o755);
    mkdirSync(data, { recursive: true, mode: 0o700 });
    writeFileSync(keyStore, "not really encrypted", { mode: 0o644 });
    chmodSync(keyStore, 0o644);
    await skew(600); // the STS clock 10 minutes ahead of ours
    const broken = {
      AWS_PROFILE: "work",
      AWS_DEFAULT_PROFILE: "file",
      AWS_ACCESS_KEY_ID: "AKIADOCTORENVKEY0000",
      AWS_SECRET_ACCESS_KEY: KEY_SECRET,
      AWS_ENDPOINT_URL_STS: emu.url,
    };
    const before = [readFileSync(sb.configFile, "utf8"), readFileSync(sb.credentialsFile, "utf8")];

    const bad = await doctor(["--json"], broken);
    expect(bad.stderr).toBe("");
    expect(bad.code).toBe(1);
    const r = bad.report!;
    expect(r.ok).toBe(false);
    expect(one(r, "static-keys", "work")).toMatchObject({ status: "fail", fix: expect.stringContaining("awsmfa logout --profile work") });
    expect(one(r, "static-keys", "work").message).toContain("never run credential_process");
    expect(one(r, "env-keys")).toMatchObject({
      status: "fail",
      message: "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY are set in the environment: the AWS CLI and SDKs use them, not profile work",
      fix: "unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY",
    });
    expect(one(r, "profile-vars")).toMatchObject({ status: "fail", message: "AWS_PROFILE=work but AWS_DEFAULT_PROFILE=file: the AWS CLI and boto3 use file, the JS SDK uses work" });
    expect(one(r, "file-modes", "credentials")).toMatchObject({ status: "fail", message: `credentials ${sb.credentialsFile}: mode 644, readable by other users`, fix: `chmod 600 ${sb.credentialsFile}` });
    expect(one(r, "file-modes", "cache")).toMatchObject({ status: "fail", message: `cache ${cache}: mode 755, readable by other users` });
    expect(one(r, "file-modes", "key store")).toMatchObject({ status: "fail", message: `key store ${keyStore}: mode 644, readable by other users`, fix: `chmod 600 ${keyStore}` });
    expect(one(r, "file-modes", "config").status).toBe("pass");
    expect(one(r, "key-source", "file:")).toMatchObject({ status: "fail", message: `file: ${sb.credentialsFile}: no long-term key in [file-long-term]` });
    expect(one(r, "key-source", "work:").status).toBe("pass");
    expect(one(r, "session", "work:")).toMatchObject({ status: "warn", message: expect.stringMatching(/^work: the session expires in 1[45] min; the next AWS call renews it$/) });
    expect(one(r, "session", "file:")).toMatchObject({ status: "fail", message: expect.stringMatching(/^file: the session in \[file\] expired 1h ago/), fix: "awsmfa login --profile file" });
    expect(one(r, "clock-skew")).toMatchObject({ status: "fail", message: `this clock is 10 min behind ${emu.url}: AWS rejects requests signed more than 5 min off` });
    expect(one(r, "shell-hook")).toMatchObject({ status: "warn", message: "the awsmfa hook is not installed: .awsmfa files do not switch profiles", fix: `echo 'eval "$(awsmfa hook bash)"' >> ~/.bashrc` });
    expect(one(r, "node")).toMatchObject({ status: "pass", message: `Node ${process.versions.node}` });
    // `aws` first on this machine's PATH is v1.
    expect(one(r, "aws-cli")).toMatchObject({ status: "warn", message: expect.stringMatching(/^AWS CLI 1\.\d+\.\d+ reads AWS_DEFAULT_REGION only, never AWS_REGION$/) });
    // Secrets never printed; files untouched.
    for (const s of [KEY_SECRET, proc.secretAccessKey, "staleSecret", "expiredSecret", "staleToken"]) expect(bad.stdout).not.toContain(s);
    expect([readFileSync(sb.configFile, "utf8"), readFileSync(sb.credentialsFile, "utf8")]).toEqual(before);

    // The human screen: one aligned line per check, the fix under it, the same exit code.
    const human = await doctor([], broken);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain("FAIL  env-keys      AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY are set in the environment");
    expect(human.stdout).toContain("                    fix: unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY\n");
    expect(human.stdout).toMatch(/\n9 failed, 3 warnings, 3 passed\n$/);
    expect(human.stdout.split("\n").filter((l) => /^(PASS|WARN|FAIL|SKIP) /.test(l))).toHaveLength(r.checks.length);

    // --offline makes no request; --profile narrows the profile checks.
    const narrow = await doctor(["--json", "--offline", "--profile", "file"], broken);
    expect(one(narrow.report!, "clock-skew")).toMatchObject({ status: "skip", message: "not measured (--offline)" });
    expect(by(narrow.report!, "session").map((c) => c.message)).toEqual([expect.stringMatching(/^file: /)]);

    // ---- apply each fix doctor printed ----
    await skew(0);
    chmodSync(sb.credentialsFile, 0o600);
    chmodSync(cache, 0o700);
    chmodSync(keyStore, 0o600);
    expect((await sb.exec(process.execPath, [cli, "logout", "--profile", "work"])).code).toBe(0);
    sb.write(sb.credentialsFile, readFileSync(sb.credentialsFile, "utf8").replace(/\[file-long-term\]\n.*\n/, (s) => `${s}aws_secret_access_key = ${file.secretAccessKey}\n`));
    sb.write(sb.configFile, config(3600));
    await login("work", proc, ["--force"]);
    await login("file", file);
    writeFileSync(path.join(sb.home, ".bashrc"), `PS1='$ '\neval "$(awsmfa hook bash)"\n`);
    // Debian's AWS CLI v2 first on PATH.
    symlinkSync(AWS_V2, path.join(bin, "aws"));
    const fixedEnv = { ...sb.env, PATH: `${bin}:/usr/bin:/bin`, AWS_PROFILE: "work", AWS_DEFAULT_PROFILE: "work", AWS_ENDPOINT_URL_STS: emu.url, TERM: "screen" };

    // Run inside a real bash that loads the hook from ~/.bashrc, so the shell-hook check can see it.
    const out = path.join(sb.dir, "doctor-out");
    const sh = new TmuxShell(["bash", "--noprofile", "-i"], fixedEnv, sb.home);
    try {
      // Bounds are generous: on a loaded machine two doctor runs (each starting the AWS CLI) take a while.
      await sh.until("the hook's first run", () => (existsSync(path.join(cache, "hook")) && readdirSync(path.join(cache, "hook")).some((f) => f.startsWith("bash-")) ? true : undefined), 45_000);
      sh.type(`{ awsmfa doctor --json; echo "rc=$?"; env -u AWS_ENDPOINT_URL -u AWS_ENDPOINT_URL_STS awsmfa doctor --json --offline; echo "rc=$?"; echo END; } > ${out} 2>&1`);
      const text = await sh.until("doctor in the hooked bash", () => (existsSync(out) && readFileSync(out, "utf8").endsWith("END\n") ? readFileSync(out, "utf8") : undefined), 60_000);
      const [online, rc1, offline, rc2] = text.split("\n");
      const good = JSON.parse(online!) as Report;
      expect(rc1).toBe("rc=0");
      expect(good.ok).toBe(true);
      // Every check passes, except one true warning: Debian's AWS CLI 2.9 ignores AWS_ENDPOINT_URL*,
      // which this sandbox needs to reach the emulator for the clock check.
      expect(good.checks.filter((c) => c.status !== "pass")).toEqual([
        { id: "aws-cli", status: "warn", message: expect.stringMatching(/^AWS CLI 2\.9\.\d+ ignores AWS_ENDPOINT_URL_STS and AWS_ENDPOINT_URL \(it calls AWS itself\)$/), fix: expect.any(String) },
      ]);
      expect(one(good, "clock-skew")).toMatchObject({ status: "pass", message: expect.stringMatching(new RegExp(`^within [12] s of ${emu.url.replace(/\./g, "\\.")}$`)) });
      expect(one(good, "shell-hook")).toMatchObject({ status: "pass", message: "the awsmfa hook is active in this bash shell" });
      expect(one(good, "session", "work:").message).toMatch(/^work: session valid for 59 min$/);
      expect(one(good, "session", "file:").message).toMatch(/^file: session valid for 59 min$/);
      // Offline, without the endpoint variables the old CLI ignores: nothing left to warn about.
      const quiet = JSON.parse(offline!) as Report;
      expect(rc2).toBe("rc=0");
      expect(quiet.checks.filter((c) => c.status !== "pass").map((c) => [c.id, c.status])).toEqual([["clock-skew", "skip"]]);
    } finally {
      await sh.kill();
    }
  }, 150_000);
  it("opens a keyring or file key store only when asked (--check-keys)", async () => {
    const kb = new Sandbox();
    try {
      kb.write(kb.configFile, `[profile kr]\nmfa_serial = ${proc.serial}\nawsmfa_source = keyring\n[profile ef]\nmfa_serial = ${file.serial}\nawsmfa_source = file\n`);
      const run = (args: string[]) => kb.exec(process.execPath, [cli, "doctor", "--json", "--offline", ...args], { timeoutMs: 30_000 });
      const plain = await run([]);
      const r = JSON.parse(plain.stdout) as Report;
      expect(by(r, "key-source").map((c) => [c.status, c.message])).toEqual([
        ["skip", "kr: key in the keyring store not checked (opening it may ask for a password)"],
        ["skip", "ef: key in the file store not checked (opening it may ask for a password)"],
      ]);
      expect(one(r, "key-source", "kr:").fix).toBe("awsmfa doctor --check-keys");
      // No store holds a key in this sandbox (and it has no Secret Service): both must fail when opened.
      const asked = await run(["--check-keys"]);
      expect(asked.code).toBe(1);
      const a = JSON.parse(asked.stdout) as Report;
      expect(by(a, "key-source").map((c) => [c.status, c.message.split(":")[0]])).toEqual([
        ["fail", "kr"],
        ["fail", "ef"],
      ]);
    } finally {
      kb.cleanup();
    }
  });
  it("bounds the clock check: an STS endpoint that never answers costs 4 s and a warning, not a hang", async () => {
    await fetch(`${emu.url}/__emulator/switches`, { method: "POST", body: JSON.stringify({ latencyMs: 8_000 }) });
    const hb = new Sandbox(emu.url);
    try {
      const r = await hb.exec(process.execPath, [cli, "doctor", "--json"], { env: { AWS_ENDPOINT_URL_STS: emu.url, PATH: hb.dir }, timeoutMs: 30_000 });
      const c = one(JSON.parse(r.stdout) as Report, "clock-skew");
      expect(c).toMatchObject({ status: "warn", message: `could not read the time from ${emu.url}: no answer within 4 s` });
      // No `aws` on this PATH: the run's length is the clock check's own bound plus start-up.
      expect(r.ms).toBeLessThan(8_000);
    } finally {
      hb.cleanup();
      await fetch(`${emu.url}/__emulator/switches`, { method: "POST", body: JSON.stringify({ latencyMs: 0 }) });
    }
  });
});
