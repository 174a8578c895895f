import { randomBytes } from "node:crypto";
import { constants as fsc, readFileSync, statSync, unlinkSync } from "node:fs";
import { link, lstat, mkdir, open, readFile, readlink, rename, rm, stat, unlink, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { AwsMfaError } from "../core/errors.js";
import { emptyIni, parseIni, type IniDocument, type IniKind } from "../core/ini.js";
import { configFile, credentialsFile, type Where } from "../core/paths.js";

// The real filesystem adapter: reads, atomic writes that keep a user's file intact whatever
// happens mid-write, and a cross-process lock so concurrent awsmfa processes take turns.

const isErrno = (e: unknown, ...codes: string[]): boolean =>
  typeof e === "object" && e !== null && codes.includes((e as NodeJS.ErrnoException).code ?? "");

export async function readTextOrUndefined(file: string): Promise<string | undefined> {
  try {
    // Synchronous on purpose: these are small files, and fs/promises' file handles cost the warm
    // credential-process path several milliseconds per read.
    return readFileSync(file, "utf8");
  } catch (e) {
    if (isErrno(e, "ENOENT")) return undefined;
    throw e;
  }
}

/**
 * Follow a chain of symlinks to the final path, even when that final path does not exist yet
 * (fs.realpath refuses dangling links). Writing there and renaming over it leaves the link intact,
 * which is what dotfile managers (stow, chezmoi, a synced folder) rely on.
 */
export async function resolveTarget(file: string): Promise<string> {
  let current = path.resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    let st;
    try {
      st = await lstat(current);
    } catch (e) {
      if (isErrno(e, "ENOENT", "ENOTDIR")) return current;
      throw e;
    }
    if (!st.isSymbolicLink()) return current;
    current = path.resolve(path.dirname(current), await readlink(current));
  }
  throw new AwsMfaError("Internal", `${file}: too many levels of symbolic links`);
}

export interface WriteOptions {
  /** Give the file exactly this mode. Without it an existing file keeps its mode and a new one gets 0600. */
  mode?: number;
}

/**
 * Replace `file` so that readers see either the old or the new content, never a mix: write a temp
 * file in the same folder (a rename is only atomic within one filesystem), fsync it, rename it over
 * the target, then fsync the folder so the rename itself survives a crash.
 */
export async function writeFileAtomic(file: string, text: string | Uint8Array, opts: WriteOptions = {}): Promise<void> {
  const target = await resolveTarget(file);
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let existing: { mode: number; uid: number; gid: number } | undefined;
  try {
    const st = await stat(target);
    existing = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  } catch (e) {
    if (!isErrno(e, "ENOENT")) throw e;
  }
  const mode = opts.mode ?? existing?.mode ?? 0o600;
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    // Created 0600 so no other user can read the secret even for a moment; the final mode comes after.
    const fh = await open(tmp, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL, 0o600);
    try {
      await fh.writeFile(text, "utf8");
      if (process.platform !== "win32") {
        await fh.chmod(mode); // explicit: the umask must not widen or narrow the kept mode
        // Root editing a user's file (sudo) must not hand the file to root.
        if (existing && process.getuid?.() === 0 && existing.uid !== 0) await fh.chown(existing.uid, existing.gid).catch(() => {});
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    await renameWithRetry(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => {});
    throw e;
  }
  await syncDir(dir);
}

// Windows refuses to replace a file another process has open (antivirus, an editor) for a moment.
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await rename(from, to);
    } catch (e) {
      if (process.platform !== "win32" || attempt >= 10 || !isErrno(e, "EPERM", "EACCES", "EBUSY")) throw e;
      await sleep(50 * (attempt + 1));
    }
  }
}

async function syncDir(dir: string): Promise<void> {
  if (process.platform === "win32") return; // directories cannot be opened for fsync there
  let fh;
  try {
    fh = await open(dir, "r");
    await fh.sync();
  } catch {
    // Some filesystems (network mounts) do not support fsync on a directory; the rename is done anyway.
  } finally {
    await fh?.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Cross-process lock.
//
// The lock is a file created with O_EXCL (atomic on local filesystems and NFSv3+), holding JSON
// {pid, host, since, purpose}. The holder touches its mtime every HEARTBEAT_MS, because it may
// legitimately hold the lock for ~2 minutes while a person types an MFA code. A lock is stale when
// its holder is a dead pid on this host (a SIGKILL leaves the file behind, and no heartbeat helps
// a same-host waiter tell that sooner), or when its heartbeat is older than staleMs (holder on
// another host sharing the folder, or a pid we cannot check). A live same-host pid is trusted
// until its heartbeat is MAX_SAME_HOST_MS old, in case its pid was reused by another program.
// Stale locks are broken under a short-lived `.break` lock so two waiters cannot both break and
// then delete each other's fresh lock.

export interface LockHolder {
  pid?: number;
  host?: string;
  /** ISO time the holder took the lock. */
  since?: string;
  purpose?: string;
}

export interface LockOptions {
  /** Give up after this long (default 130 s: a person typing a code, plus margin). */
  timeoutMs?: number;
  /** Called once, when we find the lock taken and start waiting. */
  onWait?: (holder: LockHolder) => void;
  /** Written into the lock file so a waiter can say what it waits for. */
  purpose?: string;
  /** Poll interval (default 100 ms, jittered). */
  pollMs?: number;
  /** A lock whose heartbeat is older than this is stale (default 30 s). */
  staleMs?: number;
  /** How often the holder refreshes the heartbeat (default 5 s). */
  heartbeatMs?: number;
}

const HOST = hostname();
const MAX_SAME_HOST_MS = 10 * 60_000;
const BREAK_STALE_MS = 10_000;

/** Locks this process holds, released on exit even if the finally never runs (process.exit). */
const held = new Map<string, number>(); // path → inode
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const [file, ino] of held) {
      try {
        if (statSync(file).ino === ino) unlinkSync(file);
      } catch {
        // best effort: a stale lock is recovered by the next process anyway
      }
    }
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return isErrno(e, "EPERM"); // exists, owned by someone else
  }
}

async function readHolder(file: string): Promise<LockHolder> {
  try {
    const j = JSON.parse(await readFile(file, "utf8")) as LockHolder;
    return typeof j === "object" && j !== null ? j : {};
  } catch {
    return {}; // being written right now, or garbage: judged by its age alone
  }
}

async function isStale(file: string, staleMs: number): Promise<{ stale: boolean; ino?: number; holder: LockHolder }> {
  let st;
  try {
    st = await stat(file);
  } catch (e) {
    if (isErrno(e, "ENOENT")) return { stale: false, holder: {} }; // released meanwhile: just retry
    throw e;
  }
  const holder = await readHolder(file);
  const age = Date.now() - st.mtimeMs;
  if (holder.host === HOST && typeof holder.pid === "number" && holder.pid > 0) {
    const stale = holder.pid === process.pid ? false : !pidAlive(holder.pid) || age > MAX_SAME_HOST_MS;
    return { stale, ino: st.ino, holder };
  }
  return { stale: age > staleMs, ino: st.ino, holder };
}

/**
 * Create the lock with its owner already inside: the owner is written to a private temp file that
 * is then hard-linked to the lock path (link fails if the lock exists). A lock is never seen empty,
 * so a holder killed at any instant leaves a pid that the next process can check.
 */
async function tryCreate(file: string, holder: LockHolder): Promise<number | undefined> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temp, JSON.stringify(holder) + "\n", { mode: 0o600, flag: "wx" });
  try {
    await link(temp, file);
    return (await stat(file)).ino;
  } catch (e) {
    if (isErrno(e, "EEXIST")) return undefined;
    // Windows reports a file being deleted by another process as EPERM; treat as taken and retry.
    if (process.platform === "win32" && isErrno(e, "EPERM", "EACCES")) return undefined;
    throw e;
  } finally {
    await unlink(temp).catch(() => {});
  }
}

/** Remove `file` if it is still the same stale lock, under a `.break` lock. */
async function breakStale(file: string, staleMs: number): Promise<void> {
  const breaker = `${file}.break`;
  const ino = await tryCreate(breaker, { pid: process.pid, host: HOST, since: new Date().toISOString(), purpose: "break" });
  if (ino === undefined) {
    // A breaker that died mid-break would block every waiter; it only ever lives milliseconds.
    try {
      if (Date.now() - (await stat(breaker)).mtimeMs > BREAK_STALE_MS) await unlink(breaker);
    } catch {
      // gone already
    }
    return;
  }
  try {
    const again = await isStale(file, staleMs);
    if (again.stale) {
      const st = await stat(file).catch(() => undefined);
      if (st && st.ino === again.ino) await unlink(file).catch(() => {});
    }
  } finally {
    const st = await stat(breaker).catch(() => undefined);
    if (st && st.ino === ino) await unlink(breaker).catch(() => {});
  }
}

async function release(file: string, ino: number): Promise<void> {
  held.delete(file);
  try {
    // Only our own lock: if a waiter judged us stale and took over, that lock is theirs.
    if ((await stat(file)).ino === ino && (await readHolder(file)).pid === process.pid) await unlink(file);
  } catch {
    // already gone
  }
}

/** Run fn while holding the cross-process lock at lockPath (created 0600, its folder 0700). */
export async function withLock<T>(lockPath: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 130_000;
  const pollMs = opts.pollMs ?? 100;
  const staleMs = opts.staleMs ?? 30_000;
  const heartbeatMs = opts.heartbeatMs ?? 5_000;
  const file = path.resolve(lockPath);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const me: LockHolder = { pid: process.pid, host: HOST, since: "", purpose: opts.purpose };
  const started = Date.now();
  let notified = false;
  let ino: number | undefined;
  for (;;) {
    ino = await tryCreate(file, { ...me, since: new Date().toISOString() });
    if (ino !== undefined) break;
    const check = await isStale(file, staleMs);
    if (check.stale) {
      await breakStale(file, staleMs);
      continue;
    }
    if (Date.now() - started >= timeoutMs) {
      const h = check.holder;
      throw new AwsMfaError(
        "Conflict",
        `timed out after ${Math.round(timeoutMs / 1000)} s waiting for the lock ${file}` +
          (h.pid ? ` (held by pid ${h.pid}${h.host ? ` on ${h.host}` : ""}${h.since ? ` since ${h.since}` : ""})` : ""),
        { hint: `if no other awsmfa is running, remove ${file}` },
      );
    }
    if (!notified) {
      notified = true;
      opts.onWait?.(check.holder);
    }
    await sleep(pollMs / 2 + Math.random() * pollMs);
  }
  const mine = ino;
  held.set(file, mine);
  installExitHook();
  const beat = setInterval(() => {
    const now = new Date();
    utimes(file, now, now).catch(() => {});
  }, heartbeatMs);
  beat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(beat);
    await release(file, mine);
  }
}

/**
 * Wait, without taking it, until the lock at lockPath is free (or stale). Many processes waiting
 * for one refresh only need its result: taking the lock in turn would serialise them for nothing.
 */
export async function waitForRelease(lockPath: string, opts: Pick<LockOptions, "timeoutMs" | "onWait" | "pollMs" | "staleMs"> = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 130_000;
  const pollMs = opts.pollMs ?? 50;
  const file = path.resolve(lockPath);
  const started = Date.now();
  let notified = false;
  for (;;) {
    let check;
    try {
      check = await isStale(file, opts.staleMs ?? 30_000);
    } catch {
      return; // unreadable lock: let withLock deal with it
    }
    if (check.ino === undefined || check.stale) return;
    if (Date.now() - started >= timeoutMs) return; // the caller's own withLock reports the holder
    if (!notified) {
      notified = true;
      opts.onWait?.(check.holder);
    }
    await sleep(pollMs / 2 + Math.random() * pollMs);
  }
}

// ---------------------------------------------------------------------------------------------
// The AWS files.

export interface AwsFiles {
  configFile: string;
  credentialsFile: string;
  config: IniDocument;
  creds: IniDocument;
}

/** Both AWS files, read once (a missing file is an empty document). */
export async function readAwsFiles(w: Where): Promise<AwsFiles> {
  const cfg = configFile(w);
  const cred = credentialsFile(w);
  const [config, creds] = await Promise.all([readIniFile(cfg, "config"), readIniFile(cred, "credentials")]);
  return { configFile: cfg, credentialsFile: cred, config, creds };
}

/** The parsed file, or an empty document when it does not exist. Errors name `file` as given. */
export async function readIniFile(file: string, kind: IniKind): Promise<IniDocument> {
  const text = await readTextOrUndefined(file);
  return text === undefined ? emptyIni(file, kind) : parseIni(text, file, kind);
}

/**
 * Edit an AWS file safely: lock beside the real target (so two names of one file share a lock),
 * re-read under the lock (another process may have written since we last looked), apply `mutate`,
 * and write atomically only if the text changed. Returns the document as written.
 */
export async function updateIniFile(
  file: string,
  kind: IniKind,
  mutate: (doc: IniDocument) => void | Promise<void>,
  lock: LockOptions = {},
): Promise<IniDocument> {
  const target = await resolveTarget(file);
  return withLock(
    `${target}.lock`,
    async () => {
      const text = await readTextOrUndefined(target);
      const doc = text === undefined ? emptyIni(file, kind) : parseIni(text, file, kind);
      await mutate(doc);
      if (doc.changed) await writeFileAtomic(target, doc.toString());
      return doc;
    },
    { purpose: `edit ${file}`, ...lock },
  );
}
