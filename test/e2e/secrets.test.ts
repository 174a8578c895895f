// expected to pass once merged (fail on plain main; do NOT skip):
//   input helper:    "setup, device add/resync/remove, and parse errors" — a malformed credentials line is
//                    echoed whole with its secret (issue 8 §1.3), on stderr of login and status --debug.
//   resolver helper: "file mode, process mode, roles, …" — `status --profile ops` exits 3 for a role
//                    profile ("[profile ops] has no mfa_serial"); every secret check of it passes on main.
//
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, Sandbox } from "../helpers/sandbox.js";
import { emulatorCodeCommand, startTestEmulator, type TestEmulator } from "../helpers/emulator.js";
import { makeIdentities, type TestIdentity } from "../helpers/identities.js";
import { requireProgram } from "../helpers/programs.js";

// Issue 8 §2 "Secrets": every command, run with known made-up secrets. No secret in stdout or stderr
// except where it is asked for (env, credential-process, exec's child), none in --debug output, none in
// any process's argv (strace of every execve of the CLI and its children, plus a /proc poll for
// argv rewritten after exec), none in any file but its store; files 0600 and folders 0700.

let emu: TestEmulator;
const ROLE_ARN = "arn:aws:iam::123456789012:role/ops";
const made = makeIdentities(4, "secr");
// Fresh random long-term secrets per run: nothing else on this shared machine can hold them.
for (const id of made.ids) id.secretAccessKey = randomBytes(30).toString("base64").replace(/[+/=]/g, "x").slice(0, 40);
const state = {
  ...made.state,
  users: made.ids.map((id) => ({ name: id.user, accessKeys: [{ id: id.accessKeyId, secret: id.secretAccessKey }], mfaDevices: [{ serial: id.serial, seedBase32: id.seed, enabled: true }] })),
  roles: [{ name: "ops", requireMfa: true, maxSessionDuration: 43200 }],
};
const ids = [...made.ids];

// ── argv watchers ──────────────────────────────────────────────────────────────────────────────
/** Distinct command lines of processes born after the file started, polled every few ms. */
const polled = new Set<string>();
let preexisting = new Set<string>();
let poller: NodeJS.Timeout | undefined;
function sweep() {
  for (const p of readdirSync("/proc")) {
    if (p.charCodeAt(0) > 57 || preexisting.has(p)) continue;
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, "latin1");
      if (cmd) polled.add(cmd.replace(/\0/g, " "));
    } catch {
      // gone already
    }
  }
}

beforeAll(async () => {
  requireProgram("strace", ["-V"]);
  requireProgram("direnv", ["version"]);
  requireProgram("oathtool", ["--version"]);
  emu = await startTestEmulator({ state });
  preexisting = new Set(readdirSync("/proc").filter((p) => /^\d+$/.test(p)));
  poller = setInterval(sweep, 3);
});
afterAll(async () => {
  if (poller) clearInterval(poller);
  await emu?.close();
});

// ── the secrets we know ────────────────────────────────────────────────────────────────────────
type Kind = "long-term" | "session" | "seed";
interface Secret {
  kind: Kind;
  value: string;
  label: string;
}
const TOKEN_PREFIX = "IQoJEXAMPLE"; // every emulator token starts with it: not secret by itself

/** All secrets of these users that exist right now: long-term keys, every issued session, every MFA seed. */
function secretsOf(users: TestIdentity[]): Secret[] {
  const names = new Set(users.map((u) => u.user));
  const out: Secret[] = users.map((u) => ({ kind: "long-term" as const, value: u.secretAccessKey, label: `long-term secret of ${u.user}` }));
  for (const s of emu.emulator.state.sessions.values()) {
    if (!names.has(s.userName)) continue;
    out.push({ kind: "session", value: s.secret, label: `${s.kind} secret ${s.accessKeyId}` });
    out.push({ kind: "session", value: s.token, label: `${s.kind} token ${s.accessKeyId}` });
  }
  for (const d of emu.emulator.state.devices.values()) if (d.userName && names.has(d.userName)) out.push({ kind: "seed", value: d.seedBase32, label: `MFA seed of ${d.serial}` });
  // A device being added is not yet anyone's: count every device whose serial names one of our users.
  for (const d of emu.emulator.state.devices.values()) if (!d.userName && users.some((u) => d.serial.includes(`:mfa/${u.user}`))) out.push({ kind: "seed", value: d.seedBase32, label: `MFA seed of ${d.serial}` });
  return out;
}

/** Labels of the secrets found in `text`: whole, or any 16-character piece of one (a cut-off echo). */
function found(text: string, secrets: Secret[]): Secret[] {
  return secrets.filter((s) => {
    const v = s.value.startsWith(TOKEN_PREFIX) ? s.value.slice(TOKEN_PREFIX.length) : s.value;
    if (text.includes(v)) return true;
    for (let i = 0; i + 16 <= v.length; i += 8) if (text.includes(v.slice(i, i + 16))) return true;
    return false;
  });
}

// ── one scenario = one sandbox, every run recorded ────────────────────────────────────────────
interface Run {
  label: string;
  code: number | null;
  stdout: string;
  stderr: string;
  /** execve lines from strace: the CLI and every descendant. */
  execs: string;
  /** Session secrets may be on stdout: the command was asked to print them. */
  sessionOnStdout: boolean;
}

class Scenario {
  readonly sb: Sandbox;
  readonly runs: Run[] = [];
  readonly problems: string[] = [];
  private n = 0;
  constructor(
    readonly users: TestIdentity[],
    readonly name: string,
  ) {
    this.sb = new Sandbox(emu.url);
    // Temp files land inside the sandbox, so the file scan sees them too.
    this.sb.env.TMPDIR = path.join(this.sb.dir, "tmp");
    mkdirSync(this.sb.env.TMPDIR, { mode: 0o700 });
  }

  /** Runs CMD under strace (-f: every child's execve with its full argv), then checks the files. */
  async run(
    label: string,
    cmd: string,
    args: string[],
    opts: { input?: string; env?: Record<string, string | undefined>; sessionOnStdout?: boolean; cwd?: string; onSpawn?: (stdin: NodeJS.WritableStream) => void } = {},
  ): Promise<Run> {
    const log = path.join(this.sb.dir, `strace.${++this.n}.log`);
    const env: Record<string, string | undefined> = { ...this.sb.env, ...opts.env };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn("strace", ["-f", "-qq", "--seccomp-bpf", "-e", "trace=execve", "-e", "signal=none", "-s", "1000000", "-o", log, "--", cmd, ...args], {
        env: env as NodeJS.ProcessEnv,
        detached: true,
        cwd: opts.cwd ?? this.sb.home,
        stdio: ["pipe", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {}
        reject(new Error(`${label} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
      }, 40_000);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      child.stdin.on("error", () => {});
      if (opts.onSpawn) opts.onSpawn(child.stdin);
      else child.stdin.end(opts.input ?? "");
    });
    const execs = readFileSync(log, "latin1");
    rmSync(log); // strace's log holds the child's argv only; it is ours, not the product's
    const run: Run = { label, ...r, execs, sessionOnStdout: opts.sessionOnStdout ?? false };
    this.runs.push(run);
    this.checkFiles(label);
    return run;
  }

  /** Runs the built CLI; a wrong exit code is one more problem (the scenario goes on, to check the rest). */
  async cli(args: string[], opts: Parameters<Scenario["run"]>[3] & { expect?: number } = {}): Promise<Run> {
    const r = await this.run(`awsmfa ${args.join(" ")}`, process.execPath, [CLI, ...args], opts);
    if (r.code !== (opts.expect ?? 0)) this.problems.push(`awsmfa ${args.join(" ")} exited ${r.code}, expected ${opts.expect ?? 0}; stderr: ${JSON.stringify(r.stderr.slice(0, 300))}`);
    return r;
  }

  /** Every file: secrets only in their store; ours 0600 in folders 0700. */
  checkFiles(after: string) {
    const secrets = secretsOf(this.users);
    const sb = this.sb;
    const cache = path.join(sb.env.XDG_CACHE_HOME!, "awsmfa");
    const data = path.join(sb.env.XDG_DATA_HOME!, "awsmfa");
    const ours = [path.dirname(sb.credentialsFile), cache, data, path.join(sb.env.XDG_CONFIG_HOME!, "awsmfa")];
    const walk = (p: string) => {
      const st = lstatSync(p);
      const mine = ours.some((o) => p === o || p.startsWith(o + path.sep));
      if (st.isDirectory()) {
        if (mine && (st.mode & 0o777) !== 0o700) this.problems.push(`after ${after}: folder ${p} has mode ${(st.mode & 0o777).toString(8)}, not 700`);
        for (const n of readdirSync(p)) walk(path.join(p, n));
        return;
      }
      if (!st.isFile()) return;
      if (mine && (st.mode & 0o777) !== 0o600) this.problems.push(`after ${after}: ${p} has mode ${(st.mode & 0o777).toString(8)}, not 600`);
      if (/\.png$/.test(p) && (st.mode & 0o777) !== 0o600) this.problems.push(`after ${after}: the QR code ${p} has mode ${(st.mode & 0o777).toString(8)}, not 600`);
      const text = readFileSync(p, "latin1");
      const hits = found(text, secrets);
      if (!hits.length) return;
      if (p === sb.credentialsFile || p === path.join(sb.dir, "real-credentials")) {
        // The credentials file: the long-term secret only in [P-long-term], a session only in [P].
        let section = "";
        for (const line of text.split("\n")) {
          const h = /^\s*\[([^\]]*)\]/.exec(line);
          if (h) section = h[1]!;
          for (const s of found(line, hits)) {
            const ok = s.kind === "long-term" ? section.endsWith("-long-term") : s.kind === "session" ? !section.endsWith("-long-term") && !this.processMode(section) : false;
            if (!ok) this.problems.push(`after ${after}: ${s.label} in [${section}] of the credentials file`);
          }
        }
        return;
      }
      const inSessionCache = p.startsWith(path.join(cache, "sessions") + path.sep);
      for (const s of hits) if (!(inSessionCache && s.kind === "session")) this.problems.push(`after ${after}: ${s.label} in ${p}`);
    };
    walk(sb.dir);
  }

  /** A profile in process mode must not keep a session in [P]: static keys would beat credential_process. */
  private processMode(section: string): boolean {
    const config = existsSync(this.sb.configFile) ? this.sb.read(this.sb.configFile) : "";
    const m = new RegExp(`^\\[(?:profile )?${section.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\]\\s*$([^\\[]*)`, "m").exec(config);
    return !!m && /^\s*credential_process\s*=/m.test(m[1]!);
  }

  /** The end of a scenario: every output, every argv, every file. */
  verify() {
    const secrets = secretsOf(this.users);
    for (const r of this.runs) {
      for (const s of found(r.stderr, secrets)) this.problems.push(`${r.label}: ${s.label} on stderr`);
      for (const s of found(r.stdout, secrets)) if (!(r.sessionOnStdout && s.kind === "session")) this.problems.push(`${r.label}: ${s.label} on stdout`);
      for (const line of r.execs.split("\n")) for (const s of found(line, secrets)) this.problems.push(`${r.label}: ${s.label} in argv: ${line.slice(0, 160)}`);
    }
    for (const cmd of polled) for (const s of found(cmd, secrets)) this.problems.push(`${s.label} in a process's argv (/proc poll): ${cmd.slice(0, 160)}`);
    expect(this.problems).toEqual([]);
  }

  cleanup() {
    this.sb.cleanup();
  }
}

const P = ["--profile", "work"];
const config = (id: TestIdentity, extra = "") => `[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\n${extra}\n[profile ops]\nrole_arn = ${ROLE_ARN}\nsource_profile = work\nrole_session_name = alice\n`;
const longTerm = (id: TestIdentity, section = "work-long-term") => `[${section}]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`;

/** An mfa_process that fetches an unused code from the emulator (a child, and a grandchild via sh). */
function mfaProcess(sb: Sandbox, id: TestIdentity): string {
  return `mfa_process = ${emulatorCodeCommand(sb.dir, emu.url, id.serial)}\n`;
}

/** `awsmfa` on PATH for direnv's snippet. */
function binDir(sb: Sandbox): string {
  const bin = path.join(sb.dir, "bin");
  mkdirSync(bin, { recursive: true });
  writeFileSync(path.join(bin, "awsmfa"), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
  chmodSync(path.join(bin, "awsmfa"), 0o755);
  return bin;
}

const sessionIn = (r: Run, id: TestIdentity) => {
  // The asked-for output really holds a session of this user (so "allowed" is not vacuous).
  const hit = found(r.stdout, secretsOf([id])).filter((s) => s.kind === "session");
  expect(hit.length, `${r.label} printed no session secret: ${r.stdout}`).toBeGreaterThanOrEqual(2);
};

describe.concurrent("no secret leaks", () => {
  it("the watchers see what they must: a secret in a grandchild's argv, in a /proc poll, in a file", async ({ expect }) => {
    const id = ids.shift()!;
    const sc = new Scenario([id], "watchers");
    try {
      // A grandchild that lives 300 ms with the secret in its argv: both watchers must catch it.
      await sc.run("sh with a secret", "sh", ["-c", `sh -c 'sleep 0.3; true "$1"' sh '${id.secretAccessKey}'`]);
      writeFileSync(path.join(sc.sb.home, "leak.txt"), `x ${id.secretAccessKey.slice(5, 25)} x`);
      sc.checkFiles("writing a leak");
      const secrets = secretsOf([id]);
      expect(found(sc.runs[0]!.execs, secrets).map((s) => s.label)).toEqual([`long-term secret of ${id.user}`]);
      expect([...polled].some((c) => c.includes(id.secretAccessKey))).toBe(true);
      expect(sc.problems).toEqual([`after writing a leak: long-term secret of ${id.user} in ${path.join(sc.sb.home, "leak.txt")}`]);
    } finally {
      sc.cleanup();
    }
  });

  it("file mode, process mode, roles, exec, env, hook, allow, direnv, device list, logout — with and without --debug", async () => {
    const id = ids.shift()!;
    const sc = new Scenario([id], "file mode");
    const { sb } = sc;
    const code = () => emu.emulator.nextCode(id.serial);
    try {
      sb.write(sb.configFile, config(id));
      sb.write(sb.credentialsFile, `# keys\n${longTerm(id)}\n[other]\naws_access_key_id = AKIAOTHEREXAMPLE0000\naws_secret_access_key = otherSecretEXAMPLE\n`);

      await sc.cli(["status"]);
      await sc.cli(["status", "--json", "--debug"]);
      await sc.cli(["login", ...P, "--code", code(), "--debug"]);
      await sc.cli(["login", ...P]); // still valid
      await sc.cli(["login", ...P, "--force", "--code", code()]);
      await sc.cli(["status"]);
      await sc.cli(["status", "--json", "--debug"]);
      sessionIn(await sc.cli(["credential-process", ...P], { sessionOnStdout: true }), id);
      sessionIn(await sc.cli(["credential-process", ...P, "--debug"], { sessionOnStdout: true }), id);
      for (const format of ["sh", "fish", "pwsh", "dotenv", "json"]) {
        sessionIn(await sc.cli(["env", ...P, "--format", format], { sessionOnStdout: true }), id);
        sessionIn(await sc.cli(["env", ...P, "--format", format, "--debug", "--no-prompt"], { sessionOnStdout: true }), id);
      }
      // exec: the child's environment holds the session (printed by the child: asked for); its argv does not.
      sessionIn(await sc.cli(["exec", ...P, "--", "printenv", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"], { sessionOnStdout: true }), id);
      sessionIn(await sc.cli(["exec", "--debug", ...P, "--", "sh", "-c", 'env; echo "$AWS_SESSION_TOKEN"'], { sessionOnStdout: true }), id);
      await sc.cli(["exec", ...P, "--", "sh", "-c", "exit 3"], { expect: 3 });

      // role profile: assumed with the cached MFA session
      sessionIn(await sc.cli(["credential-process", "--profile", "ops"], { sessionOnStdout: true }), id);
      sessionIn(await sc.cli(["env", "--profile", "ops", "--format", "json", "--debug"], { sessionOnStdout: true }), id);
      sessionIn(await sc.cli(["exec", "--profile", "ops", "--", "printenv", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"], { sessionOnStdout: true }), id);
      await sc.cli(["status", "--profile", "ops", "--json"]);

      // hook, allow, deny: the hook's per-prompt evaluation reads the session's expiry
      for (const shell of ["bash", "zsh", "fish"]) await sc.cli(["hook", shell]);
      const proj = path.join(sb.home, "proj");
      mkdirSync(proj);
      writeFileSync(path.join(proj, ".awsmfa"), "profile = work\nregion = eu-west-1\n");
      await sc.cli(["allow", proj]);
      for (const shell of ["bash", "zsh", "fish"]) await sc.cli(["hook", shell, "--eval", "--pid", "4242", "--debug"], { cwd: proj });
      await sc.cli(["deny", proj]);
      await sc.cli(["hook", "bash", "--eval", "--pid", "4242"], { cwd: proj });
      await sc.cli(["allow", "--debug", path.join(proj, ".awsmfa")]);

      // direnv: the snippet, then real direnv with and without --credentials
      const rc = await sc.cli(["direnv"]);
      sb.env.PATH = `${binDir(sb)}:${sb.env.PATH}`;
      mkdirSync(path.join(sb.env.XDG_CONFIG_HOME!, "direnv"), { recursive: true });
      writeFileSync(path.join(sb.env.XDG_CONFIG_HOME!, "direnv", "direnvrc"), rc.stdout);
      for (const [dir, envrc, creds] of [
        [path.join(sb.home, "d-profile"), "use awsmfa work\n", false],
        [path.join(sb.home, "d-keys"), "use awsmfa work --credentials\n", true],
      ] as const) {
        mkdirSync(dir);
        writeFileSync(path.join(dir, ".envrc"), envrc);
        await sc.run(`direnv allow ${dir}`, "direnv", ["allow", dir]);
        const r = await sc.run(`direnv export json in ${path.basename(dir)}`, "direnv", ["export", "json"], { cwd: dir, sessionOnStdout: creds });
        expect(r.code, r.stderr).toBe(0);
        if (creds) sessionIn(r, id);
      }

      await sc.cli(["device", "list", ...P]);
      await sc.cli(["device", "list", ...P, "--json", "--debug"]);

      // process mode and back
      await sc.cli(["configure", ...P, "--mode", "process", "--debug"]);
      sessionIn(await sc.cli(["credential-process", ...P], { sessionOnStdout: true }), id);
      await sc.cli(["status", "--debug"]);
      await sc.cli(["login", ...P, "--force", "--code", code()]);
      await sc.cli(["configure", ...P, "--mode", "file"]);

      // mfa_process: the code comes from a child (sh → node); neither sees a secret in its argv
      sb.write(sb.configFile, config(id, mfaProcess(sb, id)));
      await sc.cli(["login", ...P, "--force", "--debug"]);
      await sc.cli(["configure", ...P, "--mode", "process"]);
      await sc.cli(["logout", ...P]);
      sessionIn(await sc.cli(["credential-process", ...P, "--debug"], { sessionOnStdout: true }), id);
      await sc.cli(["configure", ...P, "--mode", "file"]);

      // failures, with --debug stacks: a rejected code, an unreachable endpoint, a session that is not there
      await sc.cli(["login", ...P, "--force", "--code", "000000", "--debug"], { expect: 4 });
      await sc.cli(["login", ...P, "--force", "--code", code(), "--debug"], { env: { AWS_ENDPOINT_URL: "http://127.0.0.1:9" }, expect: 6 });
      await sc.cli(["logout", ...P, "--debug"]);
      await sc.cli(["logout", ...P]);
      await sc.cli(["env", ...P, "--no-prompt", "--debug"], { expect: 7 });
      await sc.cli(["credential-process", ...P, "--no-prompt"], { expect: 7 });
      await sc.cli(["status", "--json"]);

      sc.verify();
    } finally {
      sc.cleanup();
    }
  });

  it("setup, device add/resync/remove, and parse errors", async () => {
    const id = ids.shift()!;
    const sc = new Scenario([id], "setup");
    const { sb } = sc;
    try {
      // As `aws configure` leaves it: the long-term key in plain [work].
      sb.write(sb.configFile, `[profile work]\nregion = us-east-1\n`);
      sb.write(sb.credentialsFile, longTerm(id, "work"));
      await sc.cli(["setup", ...P, "--yes", "--code", emu.emulator.nextCode(id.serial), "--debug"]);
      expect(sb.read(sb.credentialsFile)).toMatch(/\[work-long-term\]/);
      await sc.cli(["status", "--debug"]);

      // device add: the seed reaches the test only through the emulator, as it would reach a phone;
      // it must never be printed, logged or put in argv, and the PNG that holds it is 0600.
      const png = path.join(sb.dir, "qr.png");
      const serial = `arn:aws:iam::123456789012:mfa/${id.user}-phone`;
      const add = await sc.run("awsmfa device add", process.execPath, [CLI, "device", "add", ...P, "--name", `${id.user}-phone`, "--qr-png", png, "--debug"], {
        onSpawn: (stdin) => {
          const started = Date.now();
          const poll = setInterval(() => {
            const dev = emu.emulator.state.devices.get(serial);
            if (existsSync(png) && dev) {
              clearInterval(poll);
              const codes = execFileSync("oathtool", ["--totp", "-b", dev.seedBase32, "-w", "1"], { encoding: "utf8" }).trim().split("\n");
              stdin.end(codes.join("\n") + "\n");
            } else if (Date.now() - started > 20_000) {
              clearInterval(poll);
              stdin.end();
            }
          }, 20);
        },
      });
      expect(add.code, add.stderr).toBe(0);
      await sc.cli(["device", "list", ...P, "--json"]);
      const seed = emu.emulator.state.devices.get(serial)!.seedBase32;
      // resync wants two consecutive codes of a step not yet used
      const [c1, c2] = execFileSync("oathtool", ["--totp", "-b", seed, "-w", "1", "-N", `now + 90 seconds`], { encoding: "utf8" }).trim().split("\n");
      await sc.cli(["device", "resync", ...P, "--serial", serial, "--code1", c1!, "--code2", c2!, "--debug"]);
      await sc.cli(["device", "remove", ...P, "--serial", serial, "--yes", "--debug"]);
      rmSync(png, { force: true });

      // parse errors never echo a credentials value
      const good = sb.read(sb.credentialsFile);
      // (in a -long-term section: the store it belongs in, so only the echo is at fault)
      sb.write(sb.credentialsFile, good + `\n[broken-long-term]\naws_secret_access_key ${id.secretAccessKey}\n`);
      await sc.cli(["login", ...P, "--code", "123456"], { expect: 3 });
      await sc.cli(["status", "--debug"], { expect: 3 });
      sb.write(sb.credentialsFile, good);

      sc.verify();
    } finally {
      sc.cleanup();
    }
  });

  it("keys (the encrypted file and back) and doctor, with session keys in the environment — with and without --debug", async () => {
    const id = ids.shift()!;
    const sc = new Scenario([id], "keys and doctor");
    const { sb } = sc;
    const pass = { AWSMFA_FILE_PASSPHRASE: "made-up passphrase for the secrets suite" };
    try {
      sb.write(sb.configFile, config(id));
      sb.write(sb.credentialsFile, `# keys\n${longTerm(id)}`);
      await sc.cli(["keys", "list", "--json", "--debug"]);
      await sc.cli(["keys", "move", ...P, "--to", "file", "--debug"], { env: pass });
      expect(sb.read(sb.credentialsFile)).not.toContain(id.accessKeyId);
      await sc.cli(["keys", "list", "--debug"], { env: pass });
      await sc.cli(["login", ...P, "--code", emu.emulator.nextCode(id.serial), "--debug"], { env: pass });
      await sc.cli(["keys", "move", ...P, "--to", "credentials"], { env: pass });
      await sc.cli(["keys", "list"]);

      // doctor sees the session's keys in the environment and warns, never echoing them.
      const env = await sc.cli(["env", ...P, "--format", "json"], { sessionOnStdout: true });
      sessionIn(env, id);
      const j = JSON.parse(env.stdout) as Record<string, string>;
      const keysInEnv = { AWS_ACCESS_KEY_ID: j.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: j.AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN: j.AWS_SESSION_TOKEN };
      for (const args of [["doctor", "--offline"], ["doctor", "--json", "--offline", "--debug"], ["doctor", ...P, "--offline", "--check-keys", "--debug"]])
        await sc.cli(args, { env: keysInEnv, expect: 1 });
      sc.verify();
    } finally {
      sc.cleanup();
    }
  });
});
