import { constants, fstatSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, watch, writeSync } from "node:fs";
import { dirname } from "node:path";
import { spec } from "./credential-process.spec.js";
import { parseCommand } from "./spec.js";
import { host } from "../ports/host.js";
import { IniIndex } from "../core/ini-scan.js";
import { cacheDir, configFile, MAX_FILE_BYTES } from "../core/paths.js";
import { resolveProfileName } from "../core/profile.js";
import { resolvePlan, servedCacheId } from "../core/resolve.js";
import { isoUtc, type SessionCredentials } from "../core/session.js";
import type { World } from "../world.js";
import { parseCachedSession, servable, sessionFilePath, lockFilePath } from "../session/cache-file.js";
import { holderWaitMs } from "../session/wait.js";

// The thin entry's warm credential-process: what the AWS CLI runs on every call in process mode.
// cli.ts asks this before it loads the full bundle (main.js: every command, the chain, the SDK's
// loaders), so a warm call parses a few KB of JavaScript instead of 250 KB. It makes the same
// decisions as the full path, from the same modules (flags, resolver, cache-file rules): the AWS
// config is read on every call, so an edited profile counts at once, and a session is served only
// for the plan's own cache entry, serial and role. Anything else (a miss, a session inside its
// refresh margin, a bad flag, --debug, a malformed file, any error at all) returns undefined and
// the full path runs from the start and does what it always did (refresh, wait, or report).

/** AWS's credential_process output: one line of JSON. */
export const credentialProcessJson = (c: SessionCredentials) =>
  JSON.stringify({
    Version: 1,
    AccessKeyId: c.accessKeyId,
    SecretAccessKey: c.secretAccessKey,
    SessionToken: c.sessionToken,
    Expiration: isoUtc(c.expiration),
  }) + "\n";

export interface WarmAnswer {
  /** What `credential-process` prints, when the cache could answer. */
  out?: string;
  /** Otherwise, the config file as read here, for the full path (World.configRead). */
  configRead?: { file: string; text: string | undefined };
  /** A miss: the refresh claim for the session (see below). */
  claim?: { file: string; mine: boolean };
  /** The cache file that would answer. */
  sessionFile?: string;
  /** What a session in it must have been issued for (the plan's device and role). */
  want?: { serial: string; roleArn?: string };
}

/** The text `credential-process` would print from the cache; without `out`, the full path runs. */
export function warmCredentialProcess(world: World): WarmAnswer {
  const [name, ...args] = world.argv;
  if (name !== "credential-process") return {};
  let configRead: WarmAnswer["configRead"];
  try {
    // --debug, --help and -h are not credential-process flags: parseFlags refuses them, and the
    // full path handles them.
    const { flags } = parseCommand(spec, args);
    const profile = resolveProfileName(flags.profile, world.env);
    const cfgPath = configFile(world);
    configRead = { file: cfgPath, text: readRegularFile(cfgPath) };
    // IniIndex: every line is checked, but only the sections the resolver asks for are read.
    const plan = resolvePlan({ config: new IniIndex(configRead.text ?? "", cfgPath, "config"), name: profile, configFile: cfgPath });
    const [dir, id] = [cacheDir(world), servedCacheId(plan)];
    const sessionFile = sessionFilePath(dir, id);
    const want = { serial: plan.serial, roleArn: plan.role?.roleArn };
    const out = served(sessionFile, want, world.now());
    if (out !== undefined) return { out };
    return { configRead, sessionFile, want, claim: claimRefresh(lockFilePath(dir, id, "claim")) };
  } catch {
    // the full path reports it
  }
  return { configRead };
}

// Single flight for a burst of cold calls (an AWS CLI command started many times at once), before
// any of them loads the full bundle. The first process to miss creates a claim file and goes on to
// the full path, which refreshes under the real lock (ports/lock.ts); the others wait here, in the
// thin entry, re-reading the cache until the session is there or the claim is gone, and only then
// load the full path. The claim only saves work: the real lock and its re-check of the cache still
// guarantee one refresh, so a claim that is stale (its process died), unreadable or left too long
// just sends the waiters on to the full path. So does a wait over a second: the holder may be
// waiting for a person to type a code, and the full path's wait says so on the terminal (the AWS
// CLI does not show a credential_process's stderr), with its one notice (session/warm.ts).

const THIN_WAIT_MS = 1000;
const POLL_MS = 50;

/** Tries to create the claim; false when another process holds it. Errors: no claim at all. */
function claimRefresh(file: string): { file: string; mine: boolean } | undefined {
  try {
    // As root (sudo -E) in a user's home, a folder made here would be root's and lock the user
    // out of their cache: there, only the full path makes folders (it gives them the owner of the
    // folder they are made in), and a first refresh simply goes without a claim.
    if (host().uid === 0 && madeInOthersFolder(dirname(file))) return undefined;
    // Held already (the 15 others of a burst of 16): seen without a refused mkdir and open, each
    // of which builds an Error. A claim made between this look and the open is still refused there.
    if (existsSync(file)) return { file, mine: false };
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const fd = openSync(file, "wx", 0o600);
    try {
      writeSync(fd, JSON.stringify({ pid: host().pid, host: hostname() }) + "\n");
    } finally {
      closeSync(fd);
    }
    return { file, mine: true };
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EEXIST" ? { file, mine: false } : undefined;
  }
}

/** True when `dir` is missing and the folder it would be made in (its nearest existing ancestor) is not root's. */
function madeInOthersFolder(dir: string): boolean {
  for (let d = dir, up = dirname(d); ; d = up, up = dirname(d)) {
    const st = statSync(d, { throwIfNoEntry: false });
    if (st) return d !== dir && st.uid !== 0;
    if (up === d) return false;
  }
}

/** Removes our own claim (the full path is done, or this process exits). */
export function releaseClaim(claim: WarmAnswer["claim"]): void {
  if (!claim?.mine) return;
  try {
    unlinkSync(claim.file);
  } catch {
    // gone already (a waiter judged it stale)
  }
}

/** False when the claim's process is gone (same host, dead pid) or the claim is older than any wait. */
function claimLive(file: string, maxAgeMs: number): boolean {
  try {
    const age = Date.now() - statSync(file).mtimeMs;
    if (age > maxAgeMs) return false;
    let holder: { pid?: unknown; host?: unknown };
    try {
      holder = JSON.parse(readFileSync(file, "utf8")) as typeof holder;
    } catch {
      return age < 2000; // being written this instant, else garbage
    }
    if (holder.host !== hostname() || typeof holder.pid !== "number") return true;
    return host().isAlive(holder.pid);
  } catch {
    return false; // gone
  }
}

/**
 * The warm answer, waiting (in the thin entry) while another process holds the refresh claim.
 * Returns as soon as the cache can answer, or we hold the claim, or there is nothing to wait for.
 */
export function warmCredentialProcessWaiting(world: World): WarmAnswer | Promise<WarmAnswer> {
  const ans = warmCredentialProcess(world);
  // The wait is its own function: a warm call (nearly every call) never compiles it.
  return ans.out !== undefined || !ans.claim || ans.claim.mine ? ans : waitOnClaim(world, ans);
}

/** Waits while another process holds the refresh claim `ans` found (see above). */
async function waitOnClaim(world: World, ans: WarmAnswer): Promise<WarmAnswer> {
  const deadline = Date.now() + Math.min(THIN_WAIT_MS, holderWaitMs(world.env));
  // Fifteen waiters polling every few milliseconds took CPU from the one process doing the work
  // (2 cores). So a waiter sleeps until the session or claim folder changes (inotify, through
  // fs.watch: the holder renames the session in, then removes its claim), or POLL_MS passes where
  // watching is not possible or an event is lost. It re-runs the warm check only when the session
  // file or the claim changed.
  let woke: (() => void) | undefined;
  let dirty = false;
  const wake = () => ((dirty = true), woke?.());
  const watchers = [dirname(ans.claim!.file), dirname(ans.sessionFile!)].flatMap((dir) => {
    try {
      return [watch(dir, { persistent: false }, wake)];
    } catch {
      return []; // not there yet (a first refresh makes sessions/), or no inotify: the timer remains
    }
  });
  const changeMark = (a: WarmAnswer) => `${mtimeOf(a.sessionFile)} ${mtimeOf(a.claim?.file)}`;
  let mark = changeMark(ans);
  try {
    while (ans.out === undefined && ans.claim && !ans.claim.mine) {
      if (!dirty) {
        await new Promise<void>((r) => {
          const t = setTimeout(r, POLL_MS);
          woke = () => (clearTimeout(t), r());
        });
        woke = undefined;
      }
      dirty = false;
      const now = changeMark(ans);
      if (now !== mark) {
        mark = now;
        // The holder's session, read for the plan this call made: only if there is none to serve
        // does the whole check run again (it may then claim the refresh itself).
        ans = sessionIn(ans, world.now()) ?? warmCredentialProcess(world);
        continue;
      }
      if (!claimLive(ans.claim.file, holderWaitMs(world.env))) {
        try {
          unlinkSync(ans.claim.file); // stale: the next process may claim again
        } catch {
          // removed meanwhile
        }
        return { configRead: ans.configRead };
      }
      if (Date.now() >= deadline) return { configRead: ans.configRead };
    }
    return ans;
  } finally {
    for (const w of watchers) w.close();
  }
}

/** What credential-process prints from `file`, when it holds a session to serve for `want`. */
function served(file: string, want: NonNullable<WarmAnswer["want"]>, now: Date): string | undefined {
  const s = parseCachedSession(readRegularFile(file));
  return servable(s, now, want) ? credentialProcessJson(s) : undefined;
}

/** The answer from the session file a waiter watched, when it holds one to serve for the call's plan. */
function sessionIn(a: WarmAnswer, now: Date): WarmAnswer | undefined {
  try {
    const out = served(a.sessionFile!, a.want!, now);
    return out === undefined ? undefined : { out };
  } catch {
    return undefined;
  }
}

/** -1 when there is no such file. throwIfNoEntry: a missing session is the usual case while waiting, and a thrown ENOENT builds an Error with its stack each time. */
function mtimeOf(file: string | undefined): number {
  try {
    return (file && statSync(file, { throwIfNoEntry: false })?.mtimeMs) || -1;
  } catch {
    return -1;
  }
}

// require, not import: node:os is not part of Node's start-up snapshot (about 0.25 ms to load), and
// only a miss (a claim) asks for the host name.
const hostname = () => (require("node:os") as typeof import("node:os")).hostname();

/**
 * The file's text; undefined when it does not exist. Refuses (throws, so the full path runs and
 * reports it) what every other path refuses (ports/atomic-write.ts readTextSync): anything but a
 * regular file, opened without blocking (a FIFO as the config hung every AWS CLI call here), and a
 * file over MAX_FILE_BYTES. Not readTextSync itself: it and its messages cost a warm call about
 * 2 % more instructions, this about 0.5 %.
 */
function readRegularFile(file: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_FILE_BYTES) throw new Error("refused");
    return readFileSync(fd, "utf8");
  } finally {
    closeSync(fd);
  }
}
