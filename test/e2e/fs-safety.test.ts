import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, closeSync, existsSync, openSync, writeSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/errors.js";
import { withLock } from "../../src/ports/lock.js";
import { mfaCacheId } from "../../src/core/resolve.js";
import { emulatorCodeCommand, startTestEmulator, type TestEmulator } from "../helpers/emulator.js";
import { makeIdentities, type TestIdentity } from "../helpers/identities.js";
import { CLI, Sandbox, type RunResult } from "../helpers/sandbox.js";

// Issue 8, defects 1, 10, 11, 14 and 15 (the file ones): the built CLI in a temp HOME against the
// emulator. Permission cases run the CLI as an unprivileged user (setpriv), since CI runs as root.

const NOBODY = 65534;
let emu: TestEmulator;
let sb: Sandbox;
const { state, ids } = makeIdentities(30, "fss");
let id: TestIdentity;

const FOREIGN_CREDS = `# credentials: written by hand and by other tools
[other]
aws_access_key_id = AKIAOTHEREXAMPLE0000
aws_secret_access_key = otherSecretEXAMPLE
; a comment another tool keeps here

`;
const FOREIGN_CONFIG = `# team config
[default]
region = us-east-1

[profile other]
region = eu-west-1
; keep me
`;
const creds = () => `${FOREIGN_CREDS}[work-long-term]
aws_access_key_id = ${id.accessKeyId}
aws_secret_access_key = ${id.secretAccessKey}
`;
const config = () => `${FOREIGN_CONFIG}
[profile work]
mfa_serial = ${id.serial}
region = us-east-1
`;

beforeAll(async () => {
  emu = await startTestEmulator({ state });
});
afterAll(async () => emu?.close());
beforeEach(() => {
  id = ids.shift()!;
  sb = new Sandbox(emu.url);
  sb.write(sb.configFile, config());
  sb.write(sb.credentialsFile, creds());
  emu.emulator.resetCounters();
});
afterEach(() => sb.cleanup());

const code = () => emu.emulator.nextCode(id.serial);
const cacheDir = () => path.join(sb.home, ".cache", "awsmfa");

function requireRoot(): void {
  if (process.getuid?.() !== 0) throw new Error("this test needs root to play the other user (CI runs as root; see .ci/run)");
}

function chownTree(p: string, uid: number): void {
  chownSync(p, uid, uid);
  if (lstatSync(p).isDirectory()) for (const n of readdirSync(p)) chownTree(path.join(p, n), uid);
}

/** Hands the whole sandbox to `nobody`, the user the permission cases run as. */
function handToNobody(): void {
  requireRoot();
  chownTree(sb.dir, NOBODY);
}

/** Runs awsmfa as `nobody` (after handToNobody, and any chown a case needs on top). */
function asNobody(args: string[], opts: { env?: Record<string, string | undefined>; timeoutMs?: number } = {}): Promise<RunResult> {
  requireRoot();
  return sb.exec("setpriv", [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", process.execPath, CLI, ...args], opts);
}

/** One error line (and at most one hint line), nothing on stdout. */
function expectOneLineError(r: RunResult, code: number, pattern: RegExp): void {
  expect(r.stdout, r.stderr).toBe("");
  expect(r.code, r.stderr).toBe(code);
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines.length, r.stderr).toBeLessThanOrEqual(2);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
}

// ---------------------------------------------------------------------------------------------

/**
 * A foreign program that rewrites `file` in place in a loop, as `aws configure set` and editors do:
 * read it, open it with O_TRUNC, keep it empty for `holdMs`, write the text back, pause.
 */
function inPlaceWriter(file: string, holdMs: number, gapMs: number): { child: ChildProcess; stop: () => Promise<number> } {
  const src = `
    const fs = require("node:fs");
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    let stop = false, cycles = 0;
    process.on("message", () => (stop = true));
    (async () => {
      process.send("ready");
      while (!stop) {
        const text = fs.readFileSync(${JSON.stringify(file)});
        const fd = fs.openSync(${JSON.stringify(file)}, "w");
        await sleep(${holdMs});
        fs.writeSync(fd, text);
        fs.closeSync(fd);
        cycles++;
        await sleep(${gapMs});
      }
      process.send(cycles);
      process.disconnect();
    })();`;
  const child = spawn(process.execPath, ["-e", src], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  let cycles = 0;
  child.on("message", (m) => typeof m === "number" && (cycles = m));
  const stop = () =>
    new Promise<number>((resolve) => {
      child.on("exit", () => resolve(cycles));
      child.send("stop");
    });
  return { child, stop };
}

const ready = (c: ChildProcess) => new Promise<void>((r) => c.once("message", () => r()));

describe("beside a program that rewrites the file in place (defect 1: data loss)", () => {
  it("login never writes back a credentials file that another program holds empty for 200 ms", async () => {
    const w = inPlaceWriter(sb.credentialsFile, 200, 60);
    await ready(w.child);
    const runs: RunResult[] = [];
    for (let i = 0; i < 4; i++) runs.push(await sb.awsmfa(["login", "--profile", "work", "--force", "--code", code()]));
    const cycles = await w.stop();
    expect(cycles).toBeGreaterThanOrEqual(2);
    const text = sb.read(sb.credentialsFile);
    expect(text.startsWith(creds()), text).toBe(true); // the long-term key, foreign sections and comments
    // Success, or "kept rewriting the file" (exit 3) with nothing written: never silent loss.
    for (const r of runs) if (r.code !== 0) expectOneLineError(r, EXIT.config, /credentials: another program kept rewriting the file/);
    expect(runs.filter((r) => r.code === 0).length).toBeGreaterThan(0);
  });

  it("configure never writes back a config file that another program holds empty for 200 ms", async () => {
    const w = inPlaceWriter(sb.configFile, 200, 60);
    await ready(w.child);
    const runs: RunResult[] = [];
    for (const mode of ["process", "file", "process", "file"])
      runs.push(await sb.awsmfa(["configure", "--profile", "work", "--mode", mode, "--command", "awsmfa"]));
    await w.stop();
    const text = sb.read(sb.configFile);
    expect(text.startsWith(config().trimEnd()), text).toBe(true);
    expect(sb.read(sb.credentialsFile)).toBe(creds());
    for (const r of runs) if (r.code !== 0) expectOneLineError(r, EXIT.config, /config: another program kept rewriting the file/);
    expect(runs.filter((r) => r.code === 0).length).toBeGreaterThan(0);
  });

  it("emptied in place between our first read and our lock, and kept empty: exit 3 after about 2 s, nothing written", async () => {
    // Deterministic: we hold awsmfa's own lock, so login reads the whole file first, spends its code,
    // and waits for the lock; then the file is truncated and kept empty past the bounded wait.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = withLock(`${sb.credentialsFile}.lock`, async () => {
      locked();
      await held;
    });
    await isLocked;
    const run = sb.awsmfa(["login", "--profile", "work", "--code", code()]);
    for (let i = 0; i < 200 && (emu.counters().GetSessionToken ?? 0) === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(emu.counters().GetSessionToken).toBe(1);
    await new Promise((r) => setTimeout(r, 300)); // it has read the file and is waiting for our lock
    const fd = openSync(sb.credentialsFile, "w"); // O_TRUNC, as `aws configure set` does, then a slow write
    release();
    await holder;
    const r = await run;
    const after = readFileSync(sb.credentialsFile, "utf8");
    writeSync(fd, creds());
    closeSync(fd);
    expect(after).toBe(""); // untouched: not our one section written over the emptied file
    expectOneLineError(r, EXIT.config, new RegExp(`^awsmfa: ${sb.credentialsFile}: another program kept rewriting the file for 2 s; nothing was written$`));
    expect(r.ms).toBeLessThan(8000);
  });
});

// ---------------------------------------------------------------------------------------------

describe("the destination is checked before a code is spent (defect 1)", () => {
  it("a read-only ~/.aws: exit 3 naming the folder, no GetSessionToken call, nothing cached", async () => {
    handToNobody();
    chmodSync(path.join(sb.home, ".aws"), 0o500);
    const r = await asNobody(["login", "--profile", "work", "--code", code()]);
    expectOneLineError(r, EXIT.config, new RegExp(`${path.join(sb.home, ".aws")}: cannot write in the folder: permission denied`));
    expect(emu.counters().GetSessionToken ?? 0).toBe(0);
    expect(sb.read(sb.credentialsFile)).toBe(creds());
    expect(existsSync(path.join(cacheDir(), "sessions"))).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------

describe("crash leftovers are swept on the next write (defect 10)", () => {
  it("temp files of dead pids go, beside the AWS files and in the cache; live pids and other names stay", async () => {
    // A pid that surely is dead: a child that has exited.
    const dead = await new Promise<number>((resolve) => {
      const c = spawn(process.execPath, ["-e", "0"]);
      c.on("exit", () => resolve(c.pid!));
    });
    const live = process.pid;
    const aws = path.join(sb.home, ".aws");
    const locks = path.join(cacheDir(), "locks");
    const sessions = path.join(cacheDir(), "sessions");
    mkdirSync(locks, { recursive: true, mode: 0o700 });
    mkdirSync(sessions, { recursive: true, mode: 0o700 });
    const key = mfaCacheId(id.serial);
    const swept = [
      path.join(aws, `.credentials.${dead}.0badcafe.tmp`),
      path.join(aws, `credentials.lock.${dead}.12345678.tmp`),
      path.join(locks, `${key}.lock.${dead}.deadbeef.tmp`),
      path.join(locks, `0123456789abcdef0123456789abcdef.lock.break.${dead}.a1b2c3d4.tmp`),
      path.join(sessions, `.${key}.json.${dead}.00ff00ff.tmp`),
      path.join(aws, `.config.${dead}.0badcafe.tmp`), // the other AWS file's, swept with the folder
    ];
    const kept = [
      path.join(aws, `.credentials.${live}.0badcafe.tmp`), // its writer lives
      path.join(aws, `.credentials.bak`),
      path.join(aws, `.credentials.${dead}.tmp`), // not our pattern
      path.join(aws, `notes.${dead}.0badcafe.tmp`), // not our pattern (no leading dot)
    ];
    const old = new Date(Date.now() - 60_000);
    for (const f of [...swept, ...kept]) {
      writeFileSync(f, "aws_secret_access_key = leftover\n", { mode: 0o600 });
      utimesSync(f, old, old);
    }
    const r = await sb.awsmfa(["login", "--profile", "work", "--code", code()]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    for (const f of swept) expect(() => statSync(f), f).toThrow();
    for (const f of kept) expect(statSync(f).isFile(), f).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

describe("a cache left by a run as root (defect 11)", () => {
  it("root (sudo -E) creates the cache with the home's owner, so the user's next run works", async () => {
    requireRoot();
    chownTree(sb.dir, NOBODY);
    const r = await sb.awsmfa(["login", "--profile", "work", "--code", code()]); // as root, HOME of nobody
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const owners = new Map<string, number>();
    const walk = (p: string) => {
      owners.set(p, lstatSync(p).uid);
      if (lstatSync(p).isDirectory()) for (const n of readdirSync(p)) walk(path.join(p, n));
    };
    walk(path.join(sb.home, ".cache"));
    walk(path.join(sb.home, ".aws"));
    expect([...owners].filter(([, uid]) => uid !== NOBODY)).toEqual([]);
    const again = await sb.exec("setpriv", [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", process.execPath, CLI, "login", "--profile", "work", "--force", "--code", code()]);
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
  });

  it("root's credential-process (the thin entry's claim, then the refresh) leaves nothing root-owned either", async () => {
    requireRoot();
    sb.write(sb.configFile, config() + `mfa_process = ${emulatorCodeCommand(sb.dir, emu.url, id.serial)}\n`);
    chownTree(sb.dir, NOBODY);
    const r = await sb.awsmfa(["credential-process", "--profile", "work"]); // as root, HOME of nobody
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('"SessionToken"');
    const rootOwned: string[] = [];
    const walk = (p: string) => {
      if (lstatSync(p).uid !== NOBODY) rootOwned.push(p);
      if (lstatSync(p).isDirectory()) for (const n of readdirSync(p)) walk(path.join(p, n));
    };
    walk(path.join(sb.home, ".cache"));
    expect(rootOwned).toEqual([]);
  });

  it("a root-owned cache: exit 3, one line naming the folder, the chown hint, no code spent", async () => {
    requireRoot();
    mkdirSync(path.join(cacheDir(), "locks"), { recursive: true, mode: 0o700 });
    mkdirSync(path.join(cacheDir(), "sessions"), { recursive: true, mode: 0o700 });
    chownTree(sb.dir, NOBODY);
    const asUser = (args: string[]) => sb.exec("setpriv", [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", process.execPath, CLI, ...args]);
    chownTree(cacheDir(), 0); // what one `sudo -E awsmfa …` used to leave
    const r = await asUser(["login", "--profile", "work", "--code", code()]);
    expect(r.code, r.stderr).toBe(EXIT.config);
    expect(r.stdout).toBe("");
    const [line, hint, ...rest] = r.stderr.trimEnd().split("\n");
    expect(rest).toEqual([]);
    expect(line).toMatch(new RegExp(`^awsmfa: ${cacheDir()}/\\S+: cannot .*: ${cacheDir()} belongs to uid 0, not to you`));
    expect(hint).toMatch(new RegExp(`sudo chown -R nobody ${cacheDir()}$`));
    expect(emu.counters().GetSessionToken ?? 0).toBe(0);
    expect(sb.read(sb.credentialsFile)).toBe(creds());
  });
});

// ---------------------------------------------------------------------------------------------

describe("filesystem trouble is exit 3 with a one-line reason naming the path (defect 14)", () => {
  const C = () => sb.credentialsFile;
  const cases: Array<{ name: string; arrange: () => void; args?: string[]; nobody?: boolean; env?: () => Record<string, string | undefined>; error: () => RegExp }> = [
    {
      name: "a folder where the credentials file should be",
      arrange: () => {
        sb.write(C(), ""); // replaced below
        rmSync(C());
        mkdirSync(C());
      },
      error: () => new RegExp(`^awsmfa: ${C()}: cannot read: is a folder, not a file$`),
    },
    {
      name: "an unreadable credentials file (chmod 000)",
      arrange: () => {
        handToNobody();
        chmodSync(C(), 0o000);
      },
      nobody: true,
      error: () => new RegExp(`^awsmfa: ${C()}: cannot read: permission denied$`),
    },
    {
      name: "a symlink loop",
      arrange: () => {
        rmSync(C());
        symlinkSync(`${C()}.b`, C());
        symlinkSync(C(), `${C()}.b`);
      },
      error: () => new RegExp(`^awsmfa: ${C()}: cannot read: too many levels of symbolic links`),
    },
    {
      name: "a symlink to a file in a folder the user cannot write",
      arrange: () => {
        const store = path.join(sb.dir, "store");
        mkdirSync(store);
        writeFileSync(path.join(store, "credentials"), creds(), { mode: 0o644 });
        rmSync(C());
        symlinkSync(path.join(store, "credentials"), C());
        handToNobody();
        chownTree(store, 0);
      },
      args: ["login", "--profile", "work", "--code", "000000"],
      nobody: true,
      error: () => new RegExp(`^awsmfa: ${C()}: cannot write: ${path.join(sb.dir, "store", "credentials")} belongs to uid 0, not to you`),
    },
    {
      name: "a FIFO as the credentials file (must not hang)",
      arrange: () => {
        rmSync(C());
        execFileSync("mkfifo", [C()]);
      },
      error: () => new RegExp(`^awsmfa: ${C()}: cannot read: not a regular file \\(a FIFO, device or socket\\)$`),
    },
    {
      name: "/dev/zero as the credentials file (must not grow)",
      arrange: () => {
        rmSync(C());
        symlinkSync("/dev/zero", C());
      },
      error: () => new RegExp(`^awsmfa: ${C()}: cannot read: not a regular file`),
    },
    {
      name: "an 11 MB credentials file",
      arrange: () => writeFileSync(C(), creds() + `# ${"x".repeat(100)}\n`.repeat(110_000)),
      error: () => new RegExp(`^awsmfa: ${C()}: cannot read: 1\\d\\.\\d MB is too large \\(the limit is 10 MB\\)$`),
    },
    {
      name: "a file where the ~/.aws folder should be",
      arrange: () => {
        rmSync(path.join(sb.home, ".aws"), { recursive: true });
        writeFileSync(path.join(sb.home, ".aws"), "");
      },
      error: () => new RegExp(`^awsmfa: ${sb.configFile}: cannot read: a part of the path is not a folder$`),
    },
    {
      name: "HOME unset",
      arrange: () => {},
      env: () => ({ HOME: undefined, AWS_CONFIG_FILE: undefined, AWS_SHARED_CREDENTIALS_FILE: undefined, XDG_CACHE_HOME: undefined }),
      error: () => /^awsmfa: HOME is not set$/,
    },
  ];
  for (const c of cases)
    it(c.name, async () => {
      c.arrange();
      const before = (() => {
        try {
          return readFileSync(sb.configFile, "utf8");
        } catch {
          return undefined;
        }
      })();
      const args = c.args ?? ["status", "--profile", "work"];
      const opts = { env: c.env?.(), timeoutMs: 15_000 };
      const r = c.nobody ? await asNobody(args, opts) : await sb.awsmfa(args, opts);
      expectOneLineError(r, EXIT.config, c.error());
      expect(r.ms).toBeLessThan(10_000);
      if (before !== undefined) expect(readFileSync(sb.configFile, "utf8")).toBe(before);
      expect(emu.counters().GetSessionToken ?? 0).toBe(0);
    });
});

// ---------------------------------------------------------------------------------------------

describe("a credentials file readable by others (defect 15)", () => {
  it("is narrowed to 0600 when a session is written into it, and the user is told once", async () => {
    chmodSync(sb.credentialsFile, 0o644);
    const r = await sb.awsmfa(["login", "--profile", "work", "--code", code()]);
    expect(r.code, r.stderr).toBe(0);
    expect(sb.mode(sb.credentialsFile)).toBe(0o600);
    expect(r.stderr).toBe(`awsmfa: ${sb.credentialsFile} was readable by others (mode 0644); it now holds a session, so it is 0600\n`);
    expect(r.stderr).not.toContain(id.secretAccessKey);
    const again = await sb.awsmfa(["login", "--profile", "work", "--force", "--code", code()]);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe("");
    expect(sb.mode(sb.credentialsFile)).toBe(0o600);
  });
});
