import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { CLI, Sandbox } from "../helpers/sandbox.js";
import { AWS_V1, AWS_V2, requireAwsV1, requireProgram } from "../helpers/programs.js";
import { emulatorCodeCommand, startTestEmulator, type TestEmulator } from "../helpers/emulator.js";
import { makeIdentities, type TestIdentity } from "../helpers/identities.js";
import { mfaCacheId } from "../../src/core/resolve.js";
import { EXIT } from "../../src/core/errors.js";

// Issue 9 §1 (one resolver for every command) and issue 8 defects 5, 7 and the duplicate
// [P-long-term] item of 15, proved with the built CLI, the emulator and the real AWS CLIs.

let emu: TestEmulator;
let sb: Sandbox;
let id: TestIdentity;
const { state, ids } = makeIdentities(30, "rsv");
const ROLE_ARN = "arn:aws:iam::123456789012:role/ops";
const CP = (p: string) => `${process.execPath} ${CLI} credential-process --profile ${p}`;

beforeAll(async () => {
  emu = await startTestEmulator({ state: { ...state, roles: [{ name: "ops", requireMfa: true, maxSessionDuration: 43200 }] } });
});
afterAll(async () => emu?.close());
beforeEach(() => {
  id = ids.shift()!;
  sb = new Sandbox(emu.url);
  emu.emulator.resetCounters();
});
afterEach(() => sb.cleanup());

/** An mfa_process that fetches an unused code from the emulator and logs each run. */
function mfaProcess(): { line: string; runs: () => number } {
  const log = path.join(sb.dir, "mfa-process.log");
  return { line: `mfa_process = ${emulatorCodeCommand(sb.dir, emu.url, id.serial, { log })}`, runs: () => (existsSync(log) ? readFileSync(log, "utf8").split("\n").length - 1 : 0) };
}

const longTerm = (section = "work-long-term") => `[${section}]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`;
const counter = (name: string) => emu.counters()[name] ?? 0;
const sessionsDir = () => path.join(sb.env.XDG_CACHE_HOME!, "awsmfa", "sessions");
const cacheFiles = () => (existsSync(sessionsDir()) ? readdirSync(sessionsDir()).sort() : []);
const awsV2 = (args: string[]) => sb.exec(AWS_V2, ["--endpoint-url", emu.url, ...args, "--output", "json"]);
const awsV1 = (args: string[]) => sb.exec(AWS_V1[0], [...AWS_V1.slice(1), ...args, "--output", "json"]);

describe("a role profile works wherever its source profile does", () => {
  /** [profile work] (MFA, process or file mode) and [profile ops] (role_arn + source_profile = work). */
  function writeRoleSetup(mode: "process" | "file") {
    const m = mfaProcess();
    sb.write(
      sb.configFile,
      `[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\n${m.line}\n${mode === "process" ? `credential_process = ${CP("work")}\n` : ""}` +
        `\n[profile ops]\nrole_arn = ${ROLE_ARN}\nsource_profile = work\nrole_session_name = alice\nregion = us-east-1\n`,
    );
    sb.write(sb.credentialsFile, longTerm());
    return m;
  }

  it("status, login, exec, env, logout and configure on a role; AWS CLI v1 assumes the role itself from the process-mode source", async () => {
    requireProgram(AWS_V2);
    requireAwsV1();
    const m = writeRoleSetup("process");
    const configBefore = sb.read(sb.configFile);

    // status: the role and its source's session (none yet); no "has no mfa_serial" any more.
    let r = await sb.awsmfa(["status", "--profile", "ops", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    let [row] = JSON.parse(r.stdout);
    expect(row).toMatchObject({ profile: "ops", mfaSerial: id.serial, mode: "process", keySource: "credentials", keySection: "work-long-term", keyPresent: true });
    expect(row.session.state).toBe("none");
    expect(row.role).toMatchObject({ roleArn: ROLE_ARN, sourceProfile: "work", session: { state: "none" } });

    // login: logs in the source's MFA session (no [ops-long-term] asked for) and pre-assumes the role.
    r = await sb.awsmfa(["login", "--profile", "ops"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^profile work \(the source profile of ops\): new session, valid until .*; credential_process serves it\n/);
    expect(r.stdout).toMatch(new RegExp(`\nprofile ops: role session for ${ROLE_ARN} valid until .*; the AWS CLI assumes the role itself from work\n$`));
    expect(counter("GetSessionToken")).toBe(1);
    expect(counter("AssumeRole")).toBe(1);
    expect(m.runs()).toBe(1);
    expect(sb.read(sb.credentialsFile)).toBe(longTerm()); // process mode: nothing written to [work]

    r = await sb.awsmfa(["status", "--profile", "ops"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`  role:       ${ROLE_ARN} (assumed from work)\n`);
    expect(r.stdout).toMatch(/ {2}session: {4}valid until .* \(work's MFA session\)\n {2}role session: valid until /);
    // The listing includes the role too.
    r = await sb.awsmfa(["status", "--json"]);
    expect(JSON.parse(r.stdout).map((x: { profile: string }) => x.profile)).toEqual(["work", "ops"]);

    // exec and env: the role's credentials, warm (no new STS call, no code).
    r = await sb.awsmfa(["exec", "--profile", "ops", "--", AWS_V2, "--endpoint-url", emu.url, "sts", "get-caller-identity", "--output", "text", "--query", "Arn"]);
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("arn:aws:sts::123456789012:assumed-role/ops/alice");
    r = await sb.awsmfa(["env", "--profile", "ops", "--format", "json"]);
    expect(r.code).toBe(0);
    const envVars = JSON.parse(r.stdout);
    expect(envVars.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(envVars.AWS_REGION).toBe("us-east-1");
    expect(emu.emulator.sessions().find((s) => s.accessKeyId === envVars.AWS_ACCESS_KEY_ID)).toMatchObject({ kind: "role", roleSessionName: "alice" });
    expect([counter("GetSessionToken"), counter("AssumeRole"), m.runs()]).toEqual([1, 1, 1]);

    // AWS CLI v1 (AWS_ENDPOINT_URL) with --profile ops: it runs work's credential_process and calls
    // AssumeRole itself (one more AssumeRole, no new GetSessionToken, no new code).
    const v1 = await awsV1(["sts", "get-caller-identity", "--profile", "ops"]);
    expect(v1.stderr).toBe("");
    expect(JSON.parse(v1.stdout).Arn).toBe("arn:aws:sts::123456789012:assumed-role/ops/alice"); // botocore takes role_session_name too
    expect([counter("GetSessionToken"), counter("AssumeRole"), m.runs()]).toEqual([1, 2, 1]);

    // logout: forgets only the role session, and says how to forget the source's.
    const before = cacheFiles();
    expect(before).toHaveLength(2);
    r = await sb.awsmfa(["logout", "--profile", "ops"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("profile ops: role session removed; the MFA session of work stays ('awsmfa logout --profile work' forgets it)\n");
    expect(cacheFiles()).toEqual([`${mfaCacheId(id.serial)}.json`]);
    [row] = JSON.parse((await sb.awsmfa(["status", "--profile", "ops", "--json"])).stdout);
    expect([row.session.state, row.role.session.state]).toEqual(["valid", "none"]);

    // configure: the mode lives on the source profile (role_arn beats credential_process in the CLI).
    r = await sb.awsmfa(["configure", "--profile", "ops", "--mode", "file"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`profile ops assumes ${ROLE_ARN} through work; profile work: file mode; run 'awsmfa login --profile ops' to write a session to [work]\n`);
    expect(sb.read(sb.configFile)).toBe(configBefore.replace(`credential_process = ${CP("work")}\n`, ""));
    r = await sb.awsmfa(["configure", "--profile", "ops", "--mode", "process", "--command", `${process.execPath} ${CLI}`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^profile ops assumes .* through work; profile work: process mode\n {2}credential_process = .* credential-process --profile work\n$/);
    expect(sb.read(sb.configFile)).toBe(configBefore);

    // logout of the source also ends the role sessions assumed from it.
    await sb.awsmfa(["credential-process", "--profile", "ops"]);
    expect(cacheFiles()).toHaveLength(2);
    r = await sb.awsmfa(["logout", "--profile", "work"]);
    expect(r.stdout).toBe("profile work: session removed\n");
    expect(cacheFiles()).toEqual([]);
  });

  it("file-mode source: login --profile ROLE writes [work], and AWS CLI v1 assumes the role from it", async () => {
    requireAwsV1();
    writeRoleSetup("file");
    const r = await sb.awsmfa(["login", "--profile", "ops"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(sb.read(sb.credentialsFile)).toMatch(/\n\[work\]\naws_access_key_id = ASIA/);
    expect(sb.read(sb.credentialsFile)).not.toContain("[ops");
    const v1 = await awsV1(["sts", "get-caller-identity", "--profile", "ops"]);
    expect(v1.stderr).toBe("");
    expect(JSON.parse(v1.stdout).Arn).toMatch(/assumed-role\/ops\//);
    const [row] = JSON.parse((await sb.awsmfa(["status", "--profile", "ops", "--json"])).stdout);
    expect(row).toMatchObject({ mode: "file", session: { state: "valid" }, role: { session: { state: "valid" } } });
    // A second login reuses the session: no new code.
    const again = await sb.awsmfa(["login", "--profile", "ops"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("reused the cached session");
    expect(counter("GetSessionToken")).toBe(1);
  });
});

describe("a role over 1 hour", () => {
  it("login --profile ROLE logs in the source and leaves the role (its own code) for first use", async () => {
    const m = mfaProcess();
    sb.write(
      sb.configFile,
      `[profile work]\nmfa_serial = ${id.serial}\n${m.line}\ncredential_process = ${CP("work")}\n\n[profile ops]\nrole_arn = ${ROLE_ARN}\nsource_profile = work\nduration_seconds = 7200\n`,
    );
    sb.write(sb.credentialsFile, longTerm());
    const r = await sb.awsmfa(["login", "--profile", "ops"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`profile ops: ${ROLE_ARN} lasts over 1 h, so it needs its own MFA code; it is assumed on first use\n`);
    expect([counter("GetSessionToken"), counter("AssumeRole")]).toEqual([1, 0]);
    const cp = await sb.awsmfa(["credential-process", "--profile", "ops"]);
    expect(cp.code).toBe(0);
    expect(new Date(JSON.parse(cp.stdout).Expiration).getTime() - Date.now()).toBeGreaterThan(7000_000);
    expect([counter("GetSessionToken"), counter("AssumeRole"), m.runs()]).toEqual([1, 1, 2]);
  });
});

describe("the cache is keyed by the device, never by the key", () => {
  it("two profiles on one device share one session; a rotated key keeps it; the warm path opens no key source", async () => {
    const m = mfaProcess();
    sb.write(
      sb.configFile,
      `[profile work]\nmfa_serial = ${id.serial}\n${m.line}\n\n[profile work2]\nmfa_serial = ${id.serial}\nawsmfa_source = keyring\n`,
    );
    sb.write(sb.credentialsFile, longTerm());
    const first = await sb.awsmfa(["credential-process", "--profile", "work"]);
    expect(first.code).toBe(0);
    expect(counter("GetSessionToken")).toBe(1);
    // work2 keeps its key in a keyring (not even wired yet): served warm from the shared session,
    // so no key source was opened.
    const second = await sb.awsmfa(["credential-process", "--profile", "work2"]);
    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).AccessKeyId).toBe(JSON.parse(first.stdout).AccessKeyId);
    // Key rotated in [work-long-term]: the current session is kept.
    sb.write(sb.credentialsFile, longTerm().replace(id.accessKeyId, "AKIAROTATEDROTATED00"));
    const third = await sb.awsmfa(["credential-process", "--profile", "work"]);
    expect(JSON.parse(third.stdout).AccessKeyId).toBe(JSON.parse(first.stdout).AccessKeyId);
    expect(counter("GetSessionToken")).toBe(1);
    expect(m.runs()).toBe(1);
    expect(cacheFiles()).toEqual([`${mfaCacheId(id.serial)}.json`]);
  });

  it("the warm path loads no child_process, http, readline or keyring module", async () => {
    const m = mfaProcess();
    sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\n${m.line}\n`);
    sb.write(sb.credentialsFile, longTerm());
    expect((await sb.awsmfa(["credential-process", "--profile", "work"])).code).toBe(0); // fills the cache
    // A preload that records every module awsmfa requires, written out at exit.
    const preload = path.join(sb.dir, "record.cjs");
    const out = path.join(sb.dir, "modules.txt");
    writeFileSync(
      preload,
      `const M = require("module"); const load = M._load; const seen = new Set();\n` +
        `M._load = function (r, ...a) { seen.add(r.replace(/^node:/, "")); return load.call(this, r, ...a); };\n` +
        `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(out)}, [...seen].join("\\n")));\n`,
    );
    const r = await sb.exec(process.execPath, ["--require", preload, CLI, "credential-process", "--profile", "work"]);
    expect(r.code).toBe(0);
    const loaded = readFileSync(out, "utf8").split("\n");
    expect(loaded).toContain("fs"); // the recorder works
    for (const heavy of ["child_process", "http", "https", "readline", "@napi-rs/keyring"]) expect(loaded).not.toContain(heavy);
    expect(counter("GetSessionToken")).toBe(1);
  });

  it("a session file for another serial is never served, even under this serial's name", async () => {
    const m = mfaProcess();
    sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\n${m.line}\n`);
    sb.write(sb.credentialsFile, longTerm());
    const first = JSON.parse((await sb.awsmfa(["credential-process", "--profile", "work"])).stdout);
    const file = path.join(sessionsDir(), `${mfaCacheId(id.serial)}.json`);
    const cached = JSON.parse(readFileSync(file, "utf8"));
    expect(cached).toMatchObject({ MfaSerial: id.serial, AccessKeyId: first.AccessKeyId });
    expect(cached.LongTermKeyId).toBeUndefined();
    expect(Date.parse(cached.Expiration) - Date.parse(cached.IssuedAt)).toBeGreaterThan(11.9 * 3600_000);
    writeFileSync(file, JSON.stringify({ ...cached, MfaSerial: "arn:aws:iam::123456789012:mfa/someone-else" }));
    const r = JSON.parse((await sb.awsmfa(["credential-process", "--profile", "work"])).stdout);
    expect(r.AccessKeyId).not.toBe(first.AccessKeyId);
    expect(counter("GetSessionToken")).toBe(2);
  });

  it("a cache miss reads each AWS file once (strace)", async () => {
    requireProgram("strace", ["-V"]);
    const m = mfaProcess();
    sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\n${m.line}\n`);
    sb.write(sb.credentialsFile, longTerm());
    const log = path.join(sb.dir, "strace.log");
    const r = await sb.exec("strace", ["-f", "-qq", "-e", "trace=open,openat", "-o", log, process.execPath, CLI, "credential-process", "--profile", "work"]);
    expect(r.code).toBe(0);
    expect(counter("GetSessionToken")).toBe(1);
    const opens = readFileSync(log, "utf8").split("\n");
    // awsmfa reads on its main thread (the first pid in the log); the AWS SDK's STS client then
    // loads the shared files once more on its own, from libuv's thread pool: not ours to count.
    const main = opens[0]!.split(" ")[0];
    const count = (f: string) => opens.filter((l) => l.startsWith(`${main} `) && l.includes(`"${f}"`) && !/ENOENT/.test(l)).length;
    expect(count(sb.configFile)).toBe(1);
    expect(count(sb.credentialsFile)).toBe(1);
  });
});

describe("defect 5: short sessions are reused", () => {
  it("3 AWS CLI calls with mfa_process and duration_seconds = 900 → exactly 1 GetSessionToken; login reuses it", async () => {
    requireProgram(AWS_V2);
    const m = mfaProcess();
    sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\nduration_seconds = 900\n${m.line}\ncredential_process = ${CP("work")}\n`);
    sb.write(sb.credentialsFile, longTerm());
    for (let i = 0; i < 3; i++) {
      const r = await awsV2(["sts", "get-caller-identity", "--profile", "work"]);
      expect(r.stderr).toBe("");
      expect(JSON.parse(r.stdout).Arn).toBe(id.arn);
    }
    expect(counter("GetSessionToken")).toBe(1);
    expect(m.runs()).toBe(1);
    const r = await sb.awsmfa(["login", "--profile", "work"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^profile work: reused the cached session, valid until .* \((14|15) min left\)/);
    expect(counter("GetSessionToken")).toBe(1);
    const [row] = JSON.parse((await sb.awsmfa(["status", "--profile", "work", "--json"])).stdout);
    expect(row.session.state).toBe("valid");
  });

  it("file mode: a second login within a 900 s session says it is still valid", async () => {
    const m = mfaProcess();
    sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\nduration_seconds = 900\n${m.line}\n`);
    sb.write(sb.credentialsFile, longTerm());
    expect((await sb.awsmfa(["login", "--profile", "work"])).code).toBe(0);
    const r = await sb.awsmfa(["login", "--profile", "work"]);
    expect(r.stdout).toMatch(/^profile work: session still valid until /);
    expect(counter("GetSessionToken")).toBe(1);
  });
});

describe("defect 7: one bounded wait", () => {
  let holder: ChildProcess | undefined;
  afterEach(() => {
    if (holder?.pid) process.kill(holder.pid, "SIGKILL");
    holder = undefined;
  });

  it("a refresh lock held by a live unrelated pid: one notice, failure after one bound, exit 3", async () => {
    const m = mfaProcess();
    sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\n${m.line}\n`);
    sb.write(sb.credentialsFile, longTerm());
    // A pid that is alive and is not awsmfa: what a dead holder's reused pid looks like.
    holder = spawn("sleep", ["600"], { stdio: "ignore" });
    const locks = path.join(sb.env.XDG_CACHE_HOME!, "awsmfa", "locks");
    mkdirSync(locks, { recursive: true, mode: 0o700 });
    const lock = path.join(locks, `${mfaCacheId(id.serial)}.lock`);
    writeFileSync(lock, JSON.stringify({ pid: holder.pid, host: hostname(), since: new Date().toISOString() }) + "\n", { mode: 0o600 });
    const r = await sb.awsmfa(["credential-process", "--profile", "work"], { env: { AWSMFA_LOCK_WAIT_SECONDS: "3" } });
    expect(r.code).toBe(EXIT.config);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines.filter((l) => l.includes("another awsmfa is renewing the session"))).toHaveLength(1);
    expect(r.stderr).toContain(`timed out after `);
    expect(r.stderr).toContain(`(held by pid ${holder.pid}`);
    expect(r.ms).toBeGreaterThan(2_900);
    expect(r.ms).toBeLessThan(6_000); // one bound, not three
    expect(m.runs()).toBe(0);
    expect(counter("GetSessionToken")).toBe(0);
    expect(spawnSync("kill", ["-0", String(holder.pid)]).status).toBe(0); // never killed the stranger
  });
});

describe("defect 15: duplicate [P-long-term] sections", () => {
  it("are refused with both line numbers (exit 3), nothing written, no code spent", async () => {
    const m = mfaProcess();
    sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\n${m.line}\n`);
    const creds = `${longTerm()}\n[other]\nregion = x\n\n[work-long-term]\naws_access_key_id = AKIADEACTIVATED00000\naws_secret_access_key = old\n`;
    sb.write(sb.credentialsFile, creds);
    const r = await sb.awsmfa(["login", "--profile", "work"]);
    expect(r.code).toBe(EXIT.config);
    expect(r.stderr.split("\n")[0]).toBe(`awsmfa: ${sb.credentialsFile}: [work-long-term] appears twice (lines 1 and 8); which long-term key is meant?`);
    expect(sb.read(sb.credentialsFile)).toBe(creds);
    expect(m.runs()).toBe(0);
    expect(counter("GetSessionToken")).toBe(0);
  });
});
