import { statSync, unlinkSync } from "node:fs";
import { afs } from "./fs-async.js";
import path from "node:path";
import { AwsMfaError, msg } from "../core/errors.js";
import { ensurePrivateDir, fsError, isErrno, randomTag, sleep, statOrUndefined, sweepDeadTemps } from "./atomic-write.js";
import { host } from "./host.js";

// The cross-process lock (one of three filesystem modules: atomic-write.ts, lock.ts, aws-files.ts;
// see the top of atomic-write.ts). Process facts (pid, liveness of another pid, the exit hook) come
// from the host the entry installs (host.ts).
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

// Asked when a lock is first met, not when this module loads: node:os is not in Node's start-up
// snapshot, and the shell hook loads this module without ever locking.
let hostName: string | undefined;
const thisHost = () => (hostName ??= (require("node:os") as typeof import("node:os")).hostname());
const MAX_SAME_HOST_MS = 10 * 60_000;
const BREAK_STALE_MS = 10_000;
const LOCK_TEMP = /^.+\.lock(?:\.break)?\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** Locks this process holds, released on exit even if the finally never runs (process.exit). */
const held = new Map<string, number>(); // path → inode
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  host().atExit(() => {
    for (const [file, ino] of held) {
      try {
        if (statSync(file).ino === ino) unlinkSync(file);
      } catch {
        // best effort: a stale lock is recovered by the next process anyway
      }
    }
  });
}

async function readHolder(file: string): Promise<LockHolder> {
  try {
    const j = JSON.parse(await afs().readFile(file, "utf8")) as LockHolder;
    return typeof j === "object" && j !== null ? j : {};
  } catch {
    return {}; // being written right now, or garbage: judged by its age alone
  }
}

async function isStale(file: string, staleMs: number): Promise<{ stale: boolean; ino?: number; holder: LockHolder }> {
  let st;
  try {
    st = await afs().stat(file);
  } catch (e) {
    if (isErrno(e, "ENOENT")) return { stale: false, holder: {} }; // released meanwhile: just retry
    throw e;
  }
  const holder = await readHolder(file);
  const age = Date.now() - st.mtimeMs;
  if (holder.host === thisHost() && typeof holder.pid === "number" && holder.pid > 0) {
    const stale = holder.pid === host().pid ? false : !host().isAlive(holder.pid) || age > MAX_SAME_HOST_MS;
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
  const temp = `${file}.${host().pid}.${randomTag()}.tmp`;
  try {
    await afs().writeFile(temp, JSON.stringify(holder) + "\n", { mode: 0o600, flag: "wx" });
  } catch (e) {
    // A full disk creates the file and then fails the write: leave nothing behind.
    await afs().unlink(temp).catch(() => {});
    throw fsError(e, file, msg("lock.takeTheLock"));
  }
  try {
    await afs().link(temp, file);
    return (await afs().stat(file)).ino;
  } catch (e) {
    if (isErrno(e, "EEXIST")) return undefined;
    // Windows reports a file being deleted by another process as EPERM; treat as taken and retry.
    if (host().platform === "win32" && isErrno(e, "EPERM", "EACCES")) return undefined;
    throw fsError(e, file, msg("lock.takeTheLock"));
  } finally {
    await afs().unlink(temp).catch(() => {});
  }
}

/**
 * A breaker that died mid-break would block every waiter; it only ever lives milliseconds. It is
 * gone when its pid is dead on this host (a SIGKILL mid-break), or past BREAK_STALE_MS.
 */
async function clearDeadBreaker(breaker: string): Promise<void> {
  try {
    const st = await afs().stat(breaker);
    const h = await readHolder(breaker);
    const dead = h.host === thisHost() && typeof h.pid === "number" && h.pid > 0 && h.pid !== host().pid && !host().isAlive(h.pid);
    if ((dead || Date.now() - st.mtimeMs > BREAK_STALE_MS) && (await afs().stat(breaker)).ino === st.ino) await afs().unlink(breaker);
  } catch {
    // none, or gone already
  }
}

/** Remove `file` if it is still the same stale lock, under a `.break` lock. */
async function breakStale(file: string, staleMs: number): Promise<void> {
  const breaker = `${file}.break`;
  const ino = await tryCreate(breaker, { pid: host().pid, host: thisHost(), since: new Date().toISOString(), purpose: "break" });
  if (ino === undefined) {
    await clearDeadBreaker(breaker);
    return;
  }
  try {
    const again = await isStale(file, staleMs);
    if (again.stale) {
      const st = statOrUndefined(file);
      if (st && st.ino === again.ino) await afs().unlink(file).catch(() => {});
    }
  } finally {
    const st = statOrUndefined(breaker);
    if (st && st.ino === ino) await afs().unlink(breaker).catch(() => {});
  }
}

async function release(file: string, ino: number): Promise<void> {
  held.delete(file);
  try {
    // Only our own lock: if a waiter judged us stale and took over, that lock is theirs.
    if ((await afs().stat(file)).ino === ino && (await readHolder(file)).pid === host().pid) await afs().unlink(file);
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
  await ensurePrivateDir(path.dirname(file));
  // What killed holders and breakers left: `NAME.lock.PID.HEX.tmp`, `NAME.lock.break.PID.HEX.tmp`.
  await sweepDeadTemps(path.dirname(file), LOCK_TEMP);
  const me: LockHolder = { pid: host().pid, host: thisHost(), since: "", purpose: opts.purpose };
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
        msg(h.pid ? "lock.timedOutHeld" : "lock.timedOutAfterValue", {
          value: Math.round(timeoutMs / 1000),
          file,
          pid: h.pid ?? "",
          where: h.host ? msg("lock.onHost", { host: h.host }) : "",
          since: h.since ? msg("lock.since", { since: h.since }) : "",
        }),
        { hint: msg("lock.ifNoOtherAwsmfa", { file }) },
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
  // A breaker killed mid-break leaves `.break` behind; nobody else trips over it until the next
  // stale lock, so the holder tidies it.
  await clearDeadBreaker(`${file}.break`);
  installExitHook();
  const beat = setInterval(() => {
    const now = new Date();
    afs().utimes(file, now, now).catch(() => {});
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
