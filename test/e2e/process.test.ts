import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fromProcess } from "@aws-sdk/credential-providers";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync, chmodSync } from "node:fs";
import path from "node:path";
import { CLI, Sandbox } from "../helpers/sandbox.js";
import { AWS_V2, requireProgram } from "../helpers/programs.js";
import { emulatorCodeCommand, startTestEmulator, type TestEmulator } from "../helpers/emulator.js";
import { makeIdentities, type TestIdentity } from "../helpers/identities.js";
import { TmuxShell } from "../helpers/tmux.js";
import { EXIT } from "../../src/core/errors.js";

// Issue 3: credential_process, exec and env over one shared cache, with single-flight refresh.

let emu: TestEmulator;
let sb: Sandbox;
let id: TestIdentity;
const { state, ids } = makeIdentities(30, "proc");
const CP = `${process.execPath} ${CLI} credential-process --profile work`;

beforeAll(async () => {
  emu = await startTestEmulator({ state: { ...state, roles: [{ name: "ops", requireMfa: true, maxSessionDuration: 43200 }] } });
});
afterAll(async () => emu?.close());
beforeEach(() => {
  id = ids.shift()!;
  sb = new Sandbox(emu.url);
  emu.emulator.resetCounters();
  writeProfile();
});
afterEach(() => sb.cleanup());

/** [profile work] in process mode; `extra` adds keys (mfa_process, …). */
function writeProfile(extra = "") {
  sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\ncredential_process = ${CP}\n${extra}`);
  sb.write(sb.credentialsFile, `[work-long-term]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`);
}

/** An mfa_process that fetches an unused code from the emulator and logs each run to a file. */
function mfaProcess(): { line: string; runs: () => number } {
  const log = path.join(sb.dir, "mfa-process.log");
  return { line: `mfa_process = ${emulatorCodeCommand(sb.dir, emu.url, id.serial, { log })}\n`, runs: () => (existsSync(log) ? readFileSync(log, "utf8").split("\n").length - 1 : 0) };
}

const sessionFiles = () => {
  const dir = path.join(sb.env.XDG_CACHE_HOME!, "awsmfa", "sessions");
  return existsSync(dir) ? readdirSync(dir) : [];
};
const awsV2 = (args: string[], env: Record<string, string> = {}) => sb.exec(AWS_V2, ["--endpoint-url", emu.url, ...args, "--output", "json"], { env });

describe("credential-process", () => {
  it("prints AWS's credential_process JSON; the warm path makes no call", async () => {
    const m = mfaProcess();
    writeProfile(m.line);
    let r = await sb.awsmfa(["credential-process", "--profile", "work"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(["Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"]);
    expect(j.Version).toBe(1);
    expect(j.AccessKeyId).toMatch(/^ASIA/);
    expect(j.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(emu.counters().GetSessionToken).toBe(1);
    r = await sb.awsmfa(["credential-process", "--profile", "work", "--debug"]);
    expect(JSON.parse(r.stdout)).toEqual(j);
    expect(r.stderr).toMatch(/^awsmfa: work: cached MFA session until \S+ \(.*\/awsmfa\/sessions\/[0-9a-f]{32}\.json\)\n$/); // --debug says why
    expect(emu.counters().GetSessionToken).toBe(1);
    expect(m.runs()).toBe(1);

    // The cache holds secrets: folders 0700, files 0600, and nothing but a hash of the code.
    const cache = path.join(sb.env.XDG_CACHE_HOME!, "awsmfa");
    for (const d of [cache, path.join(cache, "sessions"), path.join(cache, "devices"), path.join(cache, "locks")]) expect(sb.mode(d)).toBe(0o700);
    const files = ["sessions", "devices"].flatMap((d) => readdirSync(path.join(cache, d)).map((f) => path.join(cache, d, f)));
    expect(files).toHaveLength(2);
    for (const f of files) expect(sb.mode(f)).toBe(0o600);
    expect(readdirSync(path.join(cache, "locks"))).toEqual([]); // released
  });

  it("the real AWS CLI v2 and the JS SDK's fromProcess use it", async () => {
    requireProgram(AWS_V2);
    writeProfile(mfaProcess().line);
    const v2 = await awsV2(["sts", "get-caller-identity", "--profile", "work"]);
    expect(v2.stderr).toBe("");
    expect(JSON.parse(v2.stdout).Arn).toBe(id.arn);
    const sts = new STSClient({
      region: "us-east-1",
      endpoint: emu.url,
      credentials: fromProcess({ profile: "work", filepath: sb.credentialsFile, configFilepath: sb.configFile }),
    });
    // fromProcess runs the line with the test's own environment: point it at the sandbox.
    const saved = { ...process.env };
    Object.assign(process.env, sb.env);
    try {
      expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(id.arn);
    } finally {
      process.env = saved;
    }
    expect(emu.counters().GetSessionToken).toBe(1); // the SDK reused the CLI's session
  });

  it("with no terminal and no mfa_process it fails within 1 s with the hint, writing nothing", async () => {
    const r = await sb.awsmfa(["credential-process", "--profile", "work"]);
    expect(r.code).toBe(EXIT.noTerminal);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n")[0]).toBe("awsmfa: no terminal to ask for the MFA code for work; run 'awsmfa login --profile work'");
    expect(r.ms).toBeLessThan(1000);
    expect(sessionFiles()).toEqual([]);
    expect(emu.counters().GetSessionToken ?? 0).toBe(0);
  });

  it("an expired or nearly expired cached session is refreshed, never printed", async () => {
    const m = mfaProcess();
    writeProfile(m.line);
    const first = JSON.parse((await sb.awsmfa(["credential-process", "--profile", "work"])).stdout);
    const file = path.join(sb.env.XDG_CACHE_HOME!, "awsmfa", "sessions", sessionFiles()[0]!);
    for (const offsetMin of [-5, 10]) {
      const cached = JSON.parse(readFileSync(file, "utf8"));
      cached.Expiration = new Date(Date.now() + offsetMin * 60_000).toISOString();
      // A 12-hour session near its end (the lifetime scales the refresh margin).
      cached.IssuedAt = new Date(Date.now() + offsetMin * 60_000 - 12 * 3600_000).toISOString();
      writeFileSync(file, JSON.stringify(cached));
      const r = await sb.awsmfa(["credential-process", "--profile", "work"]);
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.AccessKeyId).not.toBe(first.AccessKeyId);
      expect(new Date(j.Expiration).getTime()).toBeGreaterThan(Date.now() + 11 * 3600_000);
    }
    expect(emu.counters().GetSessionToken).toBe(3);
    expect(m.runs()).toBe(3);
  });

  it("a failing mfa_process is a clear error", async () => {
    writeProfile("mfa_process = echo nope; exit 3\n");
    const r = await sb.awsmfa(["credential-process", "--profile", "work"]);
    expect(r.code).toBe(EXIT.mfa);
    expect(r.stderr).toMatch(/^awsmfa: mfa_process for profile work exited with status 3\n/);
  });

  it("a lock holder killed with SIGKILL does not wedge the next process", async () => {
    writeProfile("mfa_process = sleep 600\n");
    const holder = spawn(process.execPath, [CLI, "credential-process", "--profile", "work"], { env: sb.env, detached: true, stdio: "ignore" });
    const lockDir = path.join(sb.env.XDG_CACHE_HOME!, "awsmfa", "locks");
    const end = Date.now() + 10_000;
    while (!(existsSync(lockDir) && readdirSync(lockDir).some((f) => f.endsWith(".lock"))) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(lockDir).some((f) => f.endsWith(".lock"))).toBe(true);
    process.kill(-holder.pid!, "SIGKILL"); // the whole group: node and its `sleep`
    writeProfile(mfaProcess().line);
    const r = await sb.awsmfa(["credential-process", "--profile", "work"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(5000);
  });
});

describe("single flight", () => {
  it("16 parallel AWS CLI v2 calls on an empty cache: 1 prompt, 1 GetSessionToken, 16 successes", async () => {
    requireProgram(AWS_V2);
    requireProgram("tmux", ["-V"]);
    const out = path.join(sb.dir, "out");
    const script = path.join(sb.dir, "burst.sh");
    writeFileSync(
      script,
      `mkdir -p ${out}\nfor i in $(seq 16); do (${AWS_V2} --endpoint-url ${emu.url} sts get-caller-identity --profile work --output text --query Arn > ${out}/$i 2>&1; echo $? > ${out}/$i.rc) & done\nwait\necho BURST-DONE\n`,
    );
    chmodSync(script, 0o700);
    const sh = new TmuxShell(["bash", "--norc", "--noprofile"], { ...sb.env, HISTFILE: "/dev/null" }, sb.home);
    try {
      sh.type(`bash ${script}`);
      await sh.until("the MFA prompt", () => (sh.count("MFA code for") >= 1 ? true : undefined), 30_000);
      // Waiters say on the terminal that they wait, once the wait is longer than a moment.
      await sh.until("a waiter's notice", () => (sh.screen().includes("another awsmfa is renewing the session for work") ? true : undefined), 30_000);
      sh.type(emu.emulator.nextCode(id.serial));
      await sh.until("the burst to finish", () => (sh.screen().includes("BURST-DONE") ? true : undefined), 60_000);
      expect(sh.count("MFA code for")).toBe(1);
      // Every process: exit 0, and its whole output (stdout and stderr) is the ARN.
      const files = readdirSync(out);
      const results = files.filter((f) => !f.endsWith(".rc")).map((f) => readFileSync(path.join(out, f), "utf8").trim());
      const codes = files.filter((f) => f.endsWith(".rc")).map((f) => readFileSync(path.join(out, f), "utf8").trim());
      expect(results).toHaveLength(16);
      expect(new Set(results)).toEqual(new Set([id.arn]));
      expect(codes).toEqual(Array(16).fill("0"));
      expect(emu.counters().GetSessionToken).toBe(1);
    } finally {
      sh.kill();
    }
  });
});

describe("exec, env and configure", () => {
  it("exec gives the child the session, removes AWS_PROFILE, passes the exit code and refuses nesting", async () => {
    writeProfile(mfaProcess().line);
    const r = await sb.awsmfa(["exec", "--profile", "work", "--", "bash", "-c", 'env | grep -E "^(AWS|AWSMFA)_" | sort; exit 7'], {
      env: { AWS_PROFILE: "work", AWS_DEFAULT_PROFILE: "work" },
    });
    expect(r.code).toBe(7);
    const vars = Object.fromEntries(r.stdout.trim().split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
    expect(vars.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(vars.AWS_SESSION_TOKEN).toBeTruthy();
    expect(vars.AWS_REGION).toBe("us-east-1");
    expect(vars.AWS_DEFAULT_REGION).toBe("us-east-1");
    expect(vars.AWSMFA_PROFILE).toBe("work");
    expect(vars.AWS_PROFILE).toBeUndefined();
    expect(vars.AWS_DEFAULT_PROFILE).toBeUndefined();
    expect(new Date(vars.AWS_CREDENTIAL_EXPIRATION!).getTime()).toBeGreaterThan(Date.now());

    // The child really can call AWS with them.
    requireProgram(AWS_V2);
    const ok = await sb.awsmfa(["exec", "--profile", "work", "--", AWS_V2, "--endpoint-url", emu.url, "sts", "get-caller-identity", "--output", "text", "--query", "Arn"]);
    expect(ok.stdout.trim()).toBe(id.arn);

    const nested = await sb.awsmfa(["exec", "--profile", "work", "--", process.execPath, CLI, "exec", "--profile", "work", "--", "true"]);
    expect(nested.code).toBe(EXIT.usage);
    expect(nested.stderr).toMatch(/already inside 'awsmfa exec' for profile work/);
  });

  it("exec with no command starts $SHELL, and forwards signals to the child", async () => {
    writeProfile(mfaProcess().line);
    const shell = path.join(sb.dir, "myshell");
    writeFileSync(shell, '#!/bin/sh\necho "shell with $AWSMFA_PROFILE"\n', { mode: 0o700 });
    const r = await sb.awsmfa(["exec", "--profile", "work"], { env: { SHELL: shell } });
    expect(r.stdout).toBe("shell with work\n");
    expect(r.code).toBe(0);

    const child = spawn(process.execPath, [CLI, "exec", "--profile", "work", "--", "bash", "-c", 'trap "echo got-TERM; exit 42" TERM; echo ready; sleep 30 >/dev/null & wait'], {
      env: sb.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    const end = Date.now() + 15_000;
    while (!out.includes("ready") && Date.now() < end) await new Promise((res) => setTimeout(res, 30));
    child.kill("SIGTERM"); // to awsmfa only; it must pass it on
    const code = await new Promise((res) => child.on("exit", res));
    // The child's last line may still be in the pipe when "exit" fires (and "close" would wait
    // for the orphaned sleep, which holds stderr): read for a moment more.
    for (const until = Date.now() + 3000; !out.includes("got-TERM") && Date.now() < until; ) await new Promise((res) => setTimeout(res, 20));
    expect(out).toContain("got-TERM");
    expect(code).toBe(42);
  });

  it("env prints the same variables, quoted for sh and fish, from the same cached session", async () => {
    writeProfile(mfaProcess().line);
    const json = JSON.parse((await sb.awsmfa(["env", "--profile", "work", "--format", "json"])).stdout);
    const sh = (await sb.awsmfa(["env", "--profile", "work"])).stdout;
    expect(sh).toContain("unset AWS_PROFILE\n");
    const viaBash = await sb.exec("bash", ["-c", `${sh}\necho "$AWS_ACCESS_KEY_ID|$AWS_SESSION_TOKEN|$AWSMFA_PROFILE"`]);
    expect(viaBash.stdout.trim()).toBe(`${json.AWS_ACCESS_KEY_ID}|${json.AWS_SESSION_TOKEN}|work`);
    requireProgram("fish");
    const fish = (await sb.awsmfa(["env", "--profile", "work", "--format", "fish"])).stdout;
    const viaFish = await sb.exec("fish", ["--no-config", "-c", `${fish}\necho "$AWS_ACCESS_KEY_ID|$AWS_SESSION_TOKEN"`]);
    expect(viaFish.stdout.trim()).toBe(`${json.AWS_ACCESS_KEY_ID}|${json.AWS_SESSION_TOKEN}`);
    const dotenv = (await sb.awsmfa(["env", "--profile", "work", "--format", "dotenv"])).stdout;
    expect(dotenv).toContain(`AWS_ACCESS_KEY_ID=${json.AWS_ACCESS_KEY_ID}\n`);
    expect(emu.counters().GetSessionToken).toBe(1);
    const bad = await sb.awsmfa(["env", "--profile", "work", "--format", "csh"]);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toMatch(/^awsmfa: --format: 'csh' is not one of sh, fish, pwsh, dotenv, json/);
  });

  it("login in file mode fills the same cache: credential-process then needs no code", async () => {
    sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\n`);
    expect((await sb.awsmfa(["login", "--profile", "work", "--code", emu.emulator.nextCode(id.serial)])).code).toBe(0);
    const r = await sb.awsmfa(["credential-process", "--profile", "work"]);
    expect(r.code).toBe(0);
    expect(emu.counters().GetSessionToken).toBe(1);
  });

  it("configure --mode process writes a line the AWS CLI runs, and refuses static long-term keys in [P]", async () => {
    requireProgram(AWS_V2);
    sb.write(sb.configFile, `# mine\n[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\n`);
    expect((await sb.awsmfa(["login", "--profile", "work", "--code", emu.emulator.nextCode(id.serial)])).code).toBe(0);
    const r = await sb.awsmfa(["configure", "--profile", "work", "--mode", "process"]);
    expect(r.code).toBe(0);
    const cfg = sb.read(sb.configFile);
    expect(cfg).toBe(`# mine\n[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\ncredential_process = ${process.execPath} ${CLI} credential-process --profile work\n`);
    expect(sb.read(sb.credentialsFile)).not.toContain("[work]"); // our session moved out of the way
    const v2 = await awsV2(["sts", "get-caller-identity", "--profile", "work"]);
    expect(JSON.parse(v2.stdout).Arn).toBe(id.arn);
    expect(emu.counters().GetSessionToken).toBe(1);

    sb.write(sb.credentialsFile, sb.read(sb.credentialsFile) + `[work]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`);
    const before = sb.read(sb.credentialsFile);
    const refused = await sb.awsmfa(["configure", "--profile", "work", "--mode", "process"]);
    expect(refused.code).toBe(EXIT.config);
    expect(refused.stderr).toMatch(/\[work\] holds a long-term key, which would beat credential_process/);
    expect(sb.read(sb.credentialsFile)).toBe(before);

    expect((await sb.awsmfa(["configure", "--profile", "work", "--mode", "file"])).code).toBe(0);
    expect(sb.read(sb.configFile)).not.toContain("credential_process");
  });
});

describe("roles", () => {
  const roleArn = "arn:aws:iam::123456789012:role/ops";
  it("assumes a role with the cached MFA session: no second prompt", async () => {
    const m = mfaProcess();
    writeProfile(m.line + `\n[profile ops]\nrole_arn = ${roleArn}\nsource_profile = work\nrole_session_name = alice\n`);
    const r = await sb.awsmfa(["exec", "--profile", "ops", "--", AWS_V2, "--endpoint-url", emu.url, "sts", "get-caller-identity", "--output", "text", "--query", "Arn"]);
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("arn:aws:sts::123456789012:assumed-role/ops/alice");
    expect(m.runs()).toBe(1);
    expect(emu.counters().GetSessionToken).toBe(1);
    expect(emu.counters().AssumeRole).toBe(1);
    const again = await sb.awsmfa(["credential-process", "--profile", "ops"]);
    expect(again.code).toBe(0);
    expect(emu.counters().AssumeRole).toBe(1); // role session cached too
  });

  it("a role duration over 1 h calls AssumeRole with the long-term key and a code", async () => {
    const m = mfaProcess();
    writeProfile(m.line + `\n[profile ops]\nrole_arn = ${roleArn}\nsource_profile = work\nduration_seconds = 7200\n`);
    const r = await sb.awsmfa(["credential-process", "--profile", "ops"]);
    expect(r.stderr).toBe("");
    const j = JSON.parse(r.stdout);
    expect(new Date(j.Expiration).getTime() - Date.now()).toBeGreaterThan(7000_000);
    expect(emu.counters().GetSessionToken ?? 0).toBe(0);
    expect(emu.emulator.sessions().find((s) => s.kind === "role")?.mfa).toBe(true);
  });
});

describe("the warm path stays light", () => {
  it("a warm credential-process never loads the AWS SDK (it runs from a dist without it)", async () => {
    const { cpSync, existsSync: exists, rmSync } = await import("node:fs");
    const lean = path.join(sb.dir, "lean dist"); // a space, too: paths are not split
    cpSync(path.dirname(CLI), lean, { recursive: true });
    expect(exists(path.join(lean, "vendor", "client-sts.mjs"))).toBe(true);
    rmSync(path.join(lean, "vendor"), { recursive: true }); // the bundled AWS SDK (and qrcode)
    const leanCp = (args: string[], env: Record<string, string> = {}) => sb.exec(process.execPath, [path.join(lean, "cli.js"), "credential-process", "--profile", "work", ...args], { env });

    writeProfile(mfaProcess().line);
    const cold = await leanCp([], { AWS_RETRY_MODE: "adaptive" });
    expect(cold.code).not.toBe(0); // a refresh only the SDK may send (see stsRoute): proves the SDK is really gone
    expect((await sb.awsmfa(["credential-process", "--profile", "work"])).code).toBe(0);
    const warm = await leanCp([]);
    expect(warm.stderr).toBe("");
    expect(warm.code).toBe(0);
    expect(JSON.parse(warm.stdout).AccessKeyId).toMatch(/^ASIA/);
  });

  it("configure quotes an awsmfa path with a space, a ' and a $ so the AWS CLI and the JS SDK both run it", async () => {
    requireProgram(AWS_V2);
    const { cpSync } = await import("node:fs");
    // botocore splits the line with shlex, the JS SDK hands it to /bin/sh: only single quotes
    // mean the same to both (in double quotes shlex keeps the backslash of \$).
    const spaced = path.join(sb.dir, "it's my $tools", "awsmfa");
    cpSync(path.dirname(CLI), spaced, { recursive: true });
    sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\n${mfaProcess().line}`);
    const r = await sb.exec(process.execPath, [path.join(spaced, "cli.js"), "configure", "--profile", "work", "--mode", "process"]);
    expect(r.code).toBe(0);
    const quoted = `'${path.join(spaced, "cli.js").replace(/'/g, "'\\''")}'`;
    expect(sb.read(sb.configFile)).toContain(`credential_process = ${process.execPath} ${quoted} credential-process --profile work\n`);
    const v2 = await awsV2(["sts", "get-caller-identity", "--profile", "work"]);
    expect(v2.stderr).toBe("");
    expect(JSON.parse(v2.stdout).Arn).toBe(id.arn);
    await sb.awsmfa(["logout", "--profile", "work"]); // the SDK must run the line itself, not reuse
    const sts = new STSClient({
      region: "us-east-1",
      endpoint: emu.url,
      credentials: fromProcess({ profile: "work", filepath: sb.credentialsFile, configFilepath: sb.configFile }),
    });
    const saved = { ...process.env };
    Object.assign(process.env, sb.env);
    try {
      expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(id.arn);
    } finally {
      process.env = saved;
    }
    expect(emu.counters().GetSessionToken).toBe(2);
  });

  it("configure writes the absolute path of the awsmfa launcher on PATH when it is this awsmfa, else node + script", async () => {
    const { symlinkSync, mkdirSync } = await import("node:fs");
    sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\n`);
    const line = () => /credential_process = (.*)\n/.exec(sb.read(sb.configFile))![1];
    // A global install's launcher: a symlink to this very script (npm on POSIX).
    const bin = path.join(sb.dir, "global bin");
    mkdirSync(bin);
    symlinkSync(CLI, path.join(bin, "awsmfa"));
    const PATH = `${bin}:${sb.env.PATH}`;
    expect((await sb.awsmfa(["configure", "--profile", "work", "--mode", "process"], { env: { PATH } })).code).toBe(0);
    expect(line()).toBe(`'${path.join(bin, "awsmfa")}' credential-process --profile work`);
    // A shim naming this script counts too (npm's .cmd on Windows, a hand-written wrapper).
    const shims = path.join(sb.dir, "shims");
    mkdirSync(shims);
    writeFileSync(path.join(shims, "awsmfa"), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`, { mode: 0o755 });
    expect((await sb.awsmfa(["configure", "--profile", "work", "--mode", "process"], { env: { PATH: `${shims}:${sb.env.PATH}` } })).code).toBe(0);
    expect(line()).toBe(`${path.join(shims, "awsmfa")} credential-process --profile work`);
    // Another awsmfa on PATH (another install, another version) is not this one: node + script.
    const other = path.join(sb.dir, "other");
    mkdirSync(other);
    writeFileSync(path.join(other, "awsmfa"), `#!/bin/sh\necho 0.1.0\n`, { mode: 0o755 });
    expect((await sb.awsmfa(["configure", "--profile", "work", "--mode", "process"], { env: { PATH: `${other}:${sb.env.PATH}` } })).code).toBe(0);
    expect(line()).toBe(`${process.execPath} ${CLI} credential-process --profile work`);
    // And the launcher line works for the AWS CLI.
    requireProgram(AWS_V2);
    sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\n${mfaProcess().line}`);
    expect((await sb.awsmfa(["configure", "--profile", "work", "--mode", "process"], { env: { PATH } })).code).toBe(0);
    expect(line()).toBe(`'${path.join(bin, "awsmfa")}' credential-process --profile work`);
    const v2 = await awsV2(["sts", "get-caller-identity", "--profile", "work"], { PATH });
    expect(v2.stderr).toBe("");
    expect(JSON.parse(v2.stdout).Arn).toBe(id.arn);
  });

});
