import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync, chmodSync, mkdirSync } from "node:fs";
import { tmpdir, hostname } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AwsMfaError } from "../../src/core/errors.js";
import { readIniFile, updateIniFile } from "../../src/ports/aws-files.js";
import { resolveTarget, writeFileAtomic } from "../../src/ports/atomic-write.js";
import { withLock, type LockHolder } from "../../src/ports/lock.js";

// Real filesystem, real child processes: the lock must hold across processes, not just promises.

let root: string;
let bundle: string;
const isPosix = process.platform !== "win32";
const modeOf = (f: string) => statSync(f).mode & 0o777;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), "awsmfa-files-"));
  bundle = path.join(root, "files.mjs");
  // Children import the same code the tests exercise, bundled once (Node 20 cannot run .ts).
  // The entry installs the host first, as src/cli.ts does in the product.
  const contents = ["test/helpers/host.ts", "src/ports/atomic-write.ts", "src/ports/lock.ts", "src/ports/aws-files.ts"]
    .map((f, i) => (i === 0 ? `import ${JSON.stringify(path.resolve(f))};` : `export * from ${JSON.stringify(path.resolve(f))};`))
    .join("\n");
  // The ports require some builtins where they use them (node:crypto, node:os): an ES module has
  // no require of its own, so it gets one, as the product's vendor bundles do.
  const banner = { js: "import { createRequire as __awsmfaCreateRequire } from 'node:module'; const require = __awsmfaCreateRequire(import.meta.url);" };
  await build({ stdin: { contents, resolveDir: path.resolve("."), loader: "ts" }, bundle: true, platform: "node", format: "esm", target: "node20", outfile: bundle, logLevel: "silent", banner });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
const fresh = () => {
  const d = path.join(root, `case-${++n}`);
  mkdirSync(d);
  return d;
};

/** Run an ES module snippet in a child node with `files` = the bundled filesystem ports. */
function child(code: string, env: Record<string, string> = {}): ChildProcess {
  const src = `const files = await import(process.env.FILES_MJS); const sleep = (ms) => new Promise((r) => setTimeout(r, ms));\n${code}`;
  return spawn(process.execPath, ["--input-type=module", "-e", src], {
    env: { ...process.env, FILES_MJS: bundle, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function exited(c: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = "";
  c.stderr!.on("data", (d) => (stderr += d));
  return new Promise((resolve) => c.on("close", (code) => resolve({ code, stderr })));
}

function waitForOutput(c: ChildProcess, text: string): Promise<void> {
  let out = "";
  return new Promise((resolve, reject) => {
    c.stdout!.on("data", (d) => {
      out += d;
      if (out.includes(text)) resolve();
    });
    c.on("close", () => reject(new Error(`child exited before printing ${text}`)));
  });
}

describe("writeFileAtomic", () => {
  it.runIf(isPosix)("creates a new file 0600 and missing parent folders 0700", async () => {
    const d = fresh();
    const f = path.join(d, "a", "b", "credentials");
    await writeFileAtomic(f, "x\n");
    expect(readFileSync(f, "utf8")).toBe("x\n");
    expect(modeOf(f)).toBe(0o600);
    expect(modeOf(path.join(d, "a"))).toBe(0o700);
    expect(modeOf(path.join(d, "a", "b"))).toBe(0o700);
  });

  it.runIf(isPosix)("keeps an existing file's mode (0640 stays 0640)", async () => {
    const f = path.join(fresh(), "config");
    writeFileSync(f, "old\n");
    chmodSync(f, 0o640);
    await writeFileAtomic(f, "new\n");
    expect(readFileSync(f, "utf8")).toBe("new\n");
    expect(modeOf(f)).toBe(0o640);
  });

  it.runIf(isPosix)("an explicit mode wins over the existing one", async () => {
    const f = path.join(fresh(), "cache.json");
    writeFileSync(f, "{}");
    chmodSync(f, 0o644);
    await writeFileAtomic(f, "{}\n", { mode: 0o600 });
    expect(modeOf(f)).toBe(0o600);
  });

  it.runIf(isPosix)("follows a symlink chain: writes the final target, keeps the links", async () => {
    const d = fresh();
    mkdirSync(path.join(d, "dotfiles"));
    const real = path.join(d, "dotfiles", "credentials");
    writeFileSync(real, "old\n");
    chmodSync(real, 0o600);
    symlinkSync("dotfiles/credentials", path.join(d, "mid"));
    symlinkSync(path.join(d, "mid"), path.join(d, "credentials"));
    await writeFileAtomic(path.join(d, "credentials"), "new\n");
    expect(lstatSync(path.join(d, "credentials")).isSymbolicLink()).toBe(true);
    expect(lstatSync(path.join(d, "mid")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(d, "mid"))).toBe("dotfiles/credentials");
    expect(readFileSync(real, "utf8")).toBe("new\n");
    expect(readdirSync(d).sort()).toEqual(["credentials", "dotfiles", "mid"]);
    expect(readdirSync(path.join(d, "dotfiles"))).toEqual(["credentials"]);
  });

  it.runIf(isPosix)("a dangling symlink is followed: the target is created, the link kept", async () => {
    const d = fresh();
    symlinkSync("store/credentials", path.join(d, "credentials"));
    expect(await resolveTarget(path.join(d, "credentials"))).toBe(path.join(d, "store", "credentials"));
    await writeFileAtomic(path.join(d, "credentials"), "x\n");
    expect(lstatSync(path.join(d, "credentials")).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(d, "store", "credentials"), "utf8")).toBe("x\n");
  });

  it("leaves no temp file behind, on success or failure", async () => {
    const d = fresh();
    const f = path.join(d, "config");
    await writeFileAtomic(f, "one\n");
    await writeFileAtomic(f, "two\n");
    expect(readdirSync(d)).toEqual(["config"]);
    // The target is a directory: the rename fails after the temp file was written.
    const dirTarget = path.join(d, "isdir");
    mkdirSync(dirTarget);
    await expect(writeFileAtomic(dirTarget, "x")).rejects.toThrow();
    expect(readdirSync(d).sort()).toEqual(["config", "isdir"]);
  });
});

describe("withLock", () => {
  it("runs one holder at a time across real processes; waiters get it when the holder finishes", async () => {
    const d = fresh();
    const lock = path.join(d, "locks", "x.lock");
    const log = path.join(d, "log");
    writeFileSync(log, "");
    const kids = Array.from({ length: 6 }, () =>
      child(
        `import { appendFileSync } from "node:fs";
         await files.withLock(process.env.LOCK, async () => {
           appendFileSync(process.env.LOG, "start " + process.pid + "\\n");
           await sleep(120);
           appendFileSync(process.env.LOG, "end " + process.pid + "\\n");
         }, { pollMs: 20, onWait: (h) => appendFileSync(process.env.LOG, "wait " + process.pid + " on " + h.pid + "\\n") });`,
        { LOCK: lock, LOG: log },
      ),
    );
    const results = await Promise.all(kids.map(exited));
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
    const lines = readFileSync(log, "utf8").trim().split("\n").filter((l) => !l.startsWith("wait"));
    expect(lines).toHaveLength(12);
    for (let i = 0; i < lines.length; i += 2) {
      const pid = lines[i]!.split(" ")[1];
      expect(lines[i]).toBe(`start ${pid}`);
      expect(lines[i + 1]).toBe(`end ${pid}`); // nobody else started in between
    }
    const waits = readFileSync(log, "utf8").split("\n").filter((l) => l.startsWith("wait"));
    expect(waits.length).toBeGreaterThan(0);
    // onWait is called once per waiting process.
    expect(new Set(waits.map((w) => w.split(" ")[1])).size).toBe(waits.length);
    expect(readdirSync(path.dirname(lock))).toEqual([]); // released
  });

  it.runIf(isPosix)("the lock file is 0600 and its folder 0700, with the holder's pid and host", async () => {
    const d = fresh();
    const lock = path.join(d, "locks", "y.lock");
    await withLock(lock, async () => {
      expect(modeOf(lock)).toBe(0o600);
      expect(modeOf(path.dirname(lock))).toBe(0o700);
      const h = JSON.parse(readFileSync(lock, "utf8")) as LockHolder;
      expect(h).toMatchObject({ pid: process.pid, host: hostname() });
    });
    expect(readdirSync(path.dirname(lock))).toEqual([]);
  });

  it("releases when fn throws", async () => {
    const lock = path.join(fresh(), "z.lock");
    await expect(withLock(lock, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await withLock(lock, async () => 42, { timeoutMs: 200 })).toBe(42);
  });

  it("a holder killed with SIGKILL does not wedge the next process", async () => {
    const d = fresh();
    const lock = path.join(d, "k.lock");
    const holder = child(`await files.withLock(process.env.LOCK, async () => { console.log("locked"); await sleep(60000); });`, { LOCK: lock });
    await waitForOutput(holder, "locked");

    // While it lives, we wait, are told who holds it, and time out with a typed error.
    const seen: LockHolder[] = [];
    const err = await withLock(lock, async () => 0, { timeoutMs: 300, pollMs: 20, onWait: (h) => seen.push(h) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsMfaError);
    expect((err as AwsMfaError).code).toBe("Conflict");
    expect((err as AwsMfaError).message).toContain(`pid ${holder.pid}`);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.pid).toBe(holder.pid);

    const gone = exited(holder);
    holder.kill("SIGKILL");
    await gone;
    expect(statSync(lock).isFile()).toBe(true); // left behind by the killed holder
    const t0 = Date.now();
    expect(await withLock(lock, async () => "recovered", { timeoutMs: 5000, pollMs: 20 })).toBe("recovered");
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it("a lock from another host is stale only when its heartbeat is old", async () => {
    const d = fresh();
    const lock = path.join(d, "h.lock");
    writeFileSync(lock, JSON.stringify({ pid: 1, host: "some-other-host", since: new Date().toISOString() }));
    await expect(withLock(lock, async () => 0, { timeoutMs: 250, pollMs: 20, staleMs: 5000 })).rejects.toThrow(AwsMfaError);
    const old = new Date(Date.now() - 10_000);
    utimesSync(lock, old, old);
    expect(await withLock(lock, async () => "taken", { timeoutMs: 1000, pollMs: 20, staleMs: 5000 })).toBe("taken");
  });

  it("the holder's heartbeat keeps a long hold from looking stale", async () => {
    const d = fresh();
    const lock = path.join(d, "b.lock");
    await withLock(
      lock,
      async () => {
        const old = new Date(Date.now() - 60_000);
        utimesSync(lock, old, old);
        await new Promise((r) => setTimeout(r, 250));
        expect(Date.now() - statSync(lock).mtimeMs).toBeLessThan(1000);
      },
      { heartbeatMs: 50 },
    );
  });

  it("a process that exits without its finally (process.exit) releases the lock", async () => {
    const d = fresh();
    const lock = path.join(d, "e.lock");
    const c = child(`await files.withLock(process.env.LOCK, async () => { process.exit(0); });`, { LOCK: lock });
    expect((await exited(c)).code).toBe(0);
    expect(readdirSync(d)).toEqual([]);
  });
});

describe("updateIniFile", () => {
  it("creates a missing file 0600 and reads it back", async () => {
    const f = path.join(fresh(), ".aws", "credentials");
    expect((await readIniFile(f, "credentials")).profiles()).toEqual([]);
    const doc = await updateIniFile(f, "credentials", (d) => d.set("work", "aws_access_key_id", "ASIAX"));
    expect(doc.get("work", "aws_access_key_id")).toBe("ASIAX");
    expect(readFileSync(f, "utf8")).toBe("[work]\naws_access_key_id = ASIAX\n");
    if (isPosix) expect(modeOf(f)).toBe(0o600);
    expect(readdirSync(path.dirname(f))).toEqual(["credentials"]); // lock and temp gone
  });

  it("does not rewrite an unchanged file", async () => {
    const f = path.join(fresh(), "config");
    writeFileSync(f, "[default]\nregion = x\n");
    const old = new Date(Date.now() - 60_000);
    utimesSync(f, old, old);
    const ino = statSync(f).ino;
    await updateIniFile(f, "config", (d) => d.set("default", "region", "x"));
    expect(statSync(f).ino).toBe(ino);
    expect(Math.abs(statSync(f).mtimeMs - old.getTime())).toBeLessThan(1000);
  });

  it("a malformed file is reported with file:line and left alone", async () => {
    const f = path.join(fresh(), "config");
    writeFileSync(f, "[default]\nregion = x\noops\n");
    const err = await updateIniFile(f, "config", (d) => d.set("default", "region", "y")).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "MalformedFile", message: `${f}:3: expected "key = value" (the line has no "=")` });
    expect(readFileSync(f, "utf8")).toBe("[default]\nregion = x\noops\n");
  });

  it.runIf(isPosix)("locks beside the symlink's target and writes through the link", async () => {
    const d = fresh();
    mkdirSync(path.join(d, "real"));
    writeFileSync(path.join(d, "real", "credentials"), "# mine\n[a]\nx = 1\n");
    symlinkSync("real/credentials", path.join(d, "credentials"));
    await updateIniFile(path.join(d, "credentials"), "credentials", async (doc) => {
      expect(statSync(path.join(d, "real", "credentials.lock")).isFile()).toBe(true);
      doc.set("a", "y", "2");
    });
    expect(lstatSync(path.join(d, "credentials")).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(d, "real", "credentials"), "utf8")).toBe("# mine\n[a]\nx = 1\ny = 2\n");
  });

  it("concurrent processes editing one file lose no update (lock + re-read)", async () => {
    const f = path.join(fresh(), "credentials");
    writeFileSync(f, "# keep me\r\n[base]\r\nk = v\r\n");
    const kids = Array.from({ length: 8 }, (_, i) =>
      child(`await files.updateIniFile(process.env.F, "credentials", async (d) => { await sleep(10); d.set("p${i}", "aws_session_token", "t${i}"); }, { pollMs: 10 });`, { F: f }),
    );
    const results = await Promise.all(kids.map(exited));
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
    const doc = await readIniFile(f, "credentials");
    expect(doc.profiles().sort()).toEqual(["base", ...Array.from({ length: 8 }, (_, i) => `p${i}`)].sort());
    expect(readFileSync(f, "utf8").startsWith("# keep me\r\n[base]\r\nk = v\r\n\r\n[")).toBe(true);
    expect(readFileSync(f, "utf8")).not.toMatch(/[^\r]\n/); // CRLF throughout
  });

  it("a change made in place between our re-read and our rename is not overwritten: the edit is redone on it", async () => {
    const f = path.join(fresh(), "credentials");
    writeFileSync(f, "# mine\n[a]\nx = 1\n");
    let calls = 0;
    await updateIniFile(f, "credentials", (doc) => {
      // Another program (not using our lock) rewrites the file in place while we edit, once.
      if (calls++ === 0) writeFileSync(f, "# mine\n[a]\nx = 1\n\n[foreign]\nk = v\n");
      doc.set("a", "y", "2");
    });
    expect(calls).toBe(2);
    expect(readFileSync(f, "utf8")).toBe("# mine\n[a]\nx = 1\ny = 2\n\n[foreign]\nk = v\n");
  });

  it("what we write reads the same in botocore and the JS SDK", async () => {
    const d = fresh();
    const cfg = path.join(d, "config");
    const creds = path.join(d, "credentials");
    writeFileSync(cfg, "[default]\nregion = us-east-1 # a comment the SDK cuts and botocore keeps\ns3 =\n  max_concurrent_requests = 10\n");
    writeFileSync(creds, "[work-long-term]\naws_access_key_id = AKIAEXAMPLE\n");
    await updateIniFile(cfg, "config", (doc) => {
      doc.set("default", "region", "ap-northeast-1");
      doc.set("work", "mfa_serial", "arn:aws:iam::123456789012:mfa/alice");
      doc.set("work", "duration_seconds", "43200");
    });
    await updateIniFile(creds, "credentials", (doc) => doc.set("work", "aws_session_token", "IQo+/=="));
    const py = execFileSync(
      "python3",
      ["-c", [
          "import sys, json",
          // pip's botocore (AWS CLI v1), else the copy Debian's AWS CLI v2 vendors
          "try:\n from botocore.configloader import raw_config_parse as p\nexcept ImportError:\n from awscli.botocore.configloader import raw_config_parse as p",
          "print(json.dumps([p(sys.argv[1]), p(sys.argv[2])]))",
        ].join("\n"), cfg, creds],
      { encoding: "utf8" },
    );
    const [bCfg, bCreds] = JSON.parse(py) as [Record<string, Record<string, unknown>>, Record<string, Record<string, unknown>>];
    const { loadSharedConfigFiles } = await import("@smithy/core/config");
    const sdk = await loadSharedConfigFiles({ filepath: creds, configFilepath: cfg, ignoreCache: true });
    expect(bCfg["default"]).toMatchObject({ region: "ap-northeast-1", s3: { max_concurrent_requests: "10" } });
    expect(sdk.configFile["default"]).toMatchObject({ region: "ap-northeast-1", "s3.max_concurrent_requests": "10" });
    expect(bCfg["profile work"]).toEqual({ mfa_serial: "arn:aws:iam::123456789012:mfa/alice", duration_seconds: "43200" });
    expect(sdk.configFile["work"]).toEqual({ mfa_serial: "arn:aws:iam::123456789012:mfa/alice", duration_seconds: "43200" });
    expect(bCreds["work"]).toEqual({ aws_session_token: "IQo+/==" });
    expect(sdk.credentialsFile["work"]).toEqual({ aws_session_token: "IQo+/==" });
  });
});
