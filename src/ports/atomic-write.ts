import { constants as fsc, closeSync, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from "node:fs";
import { afs } from "./fs-async.js";
import path from "node:path";
import { AwsMfaError, msg, type Msg } from "../core/errors.js";
import { StringDecoder } from "node:string_decoder";
import { host } from "./host.js";
import { MAX_FILE_BYTES } from "../core/paths.js";

// The filesystem ports, in three modules:
//   atomic-write.ts  reading a small file safely, following symlinks, replacing a file atomically,
//                    private folders, writability checks, sweeping crash leftovers (this file)
//   lock.ts          the cross-process lock (holder, heartbeat, stale detection)
//   aws-files.ts     the AWS config and credentials files: read, and edit under the lock
// Filesystem failures a user can cause (a folder or FIFO where a file should be, permissions, a
// read-only folder, a symlink loop, a full disk) become FileAccess errors (exit 3) naming the path.

export const isErrno = (e: unknown, ...codes: string[]): boolean =>
  typeof e === "object" && e !== null && codes.includes((e as NodeJS.ErrnoException).code ?? "");

const REASONS: Record<string, Msg> = {
  EACCES: msg("fs.EACCES"),
  EPERM: msg("fs.EPERM"),
  EISDIR: msg("fs.EISDIR"),
  ELOOP: msg("fs.ELOOP"),
  EROFS: msg("fs.EROFS"),
  ENOTDIR: msg("fs.ENOTDIR"),
  ENOSPC: msg("fs.ENOSPC"),
  EDQUOT: msg("fs.EDQUOT"),
  ENAMETOOLONG: msg("fs.ENAMETOOLONG"),
  ENXIO: msg("fs.ENXIO"),
};

/**
 * A filesystem error the user can fix, as a one-line FileAccess error naming `file`; anything else
 * (a bug, a vanished file mid-operation) is returned unchanged for the caller to rethrow.
 */
export function fsError(e: unknown, file: string, doing: Msg): unknown {
  if (e instanceof AwsMfaError) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? "";
  const why = REASONS[code];
  if (!why) return e;
  const foreign = code === "EACCES" || code === "EPERM" ? foreignOwner(file) : undefined;
  if (foreign)
    return new AwsMfaError("FileAccess", msg("atomicwrite.fileCannotDoingPath", { file, doing, path: foreign.path, uid: foreign.uid, me: foreign.me }), {
      hint: msg("atomicwrite.sudoChownRMe", { me: userName(foreign.me), top: foreign.top }),
      cause: e,
    });
  return new AwsMfaError("FileAccess", msg("atomicwrite.fileCannotDoingWhy", { file, doing, why }), { cause: e });
}

/**
 * Permission denied because a part of the path belongs to another user: the usual cause is one
 * earlier run as root (`sudo -E`) that created the cache as root. Names the topmost folder of that
 * owner below one of ours, so one `chown -R` fixes it; undefined when that is not the story.
 */
function foreignOwner(file: string): { path: string; uid: number; me: number; top: string } | undefined {
  const me = host().uid;
  if (me === undefined || me === 0) return undefined;
  let p = path.resolve(file);
  try {
    p = realpathSync(p); // a symlink's owner is not the point: its target's is
  } catch {
    // dangling, or a part we cannot see: judge the path as given
  }
  let st;
  for (;;) {
    try {
      st = statSync(p); // the deepest part we can still see is the one that blocks us
      break;
    } catch {
      const up = path.dirname(p);
      if (up === p) return undefined;
      p = up;
    }
  }
  if (st.uid === me) return undefined;
  let top = p;
  for (;;) {
    const up = path.dirname(top);
    let u: number | undefined;
    try {
      u = up === top ? undefined : statSync(up).uid;
    } catch {
      u = undefined;
    }
    if (u === me) return { path: p, uid: st.uid, me, top };
    if (u !== st.uid) return undefined; // not inside a folder of ours (a system path): no chown advice
    top = up;
  }
}

/**
 * 8 random hex digits for a temp file's name. node:crypto and node:os are required where used, not
 * imported: paths that load this module without writing (the shell hook's) would pay 2–3 ms for
 * OpenSSL's set-up.
 */
export const randomTag = () => (require("node:crypto") as typeof import("node:crypto")).randomBytes(4).toString("hex");

/** The login name for a hint, or the uid when the system has no name for it. */
function userName(uid: number): string {
  try {
    return (require("node:os") as typeof import("node:os")).userInfo().username;
  } catch {
    return String(uid);
  }
}

/**
 * The file's text, or undefined when it does not exist. Refuses anything but a regular file, and
 * a file over `maxBytes`, checked with fstat on the opened descriptor (a path check could be raced).
 */
export function readTextOrUndefined(file: string, maxBytes = MAX_FILE_BYTES): Promise<string | undefined> {
  try {
    return Promise.resolve(readTextSync(file, maxBytes));
  } catch (e) {
    return Promise.reject(e);
  }
}

/** The file's stat, or undefined when it is missing or cannot be looked at. No Error is built for a missing file. */
export function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** The file opened for reading; undefined when it does not exist. */
function openToRead(file: string): number | undefined {
  try {
    // O_NONBLOCK: opening a FIFO with no writer would otherwise block here forever.
    return openSync(file, fsc.O_RDONLY | (fsc.O_NONBLOCK ?? 0));
  } catch (e) {
    if (isErrno(e, "ENOENT")) return undefined;
    throw fsError(e, file, msg("atomicwrite.read"));
  }
}

/** Refuses anything but a regular file of at most maxBytes; returns the error for a file that grew past it. */
function checkReadable(file: string, st: { isDirectory(): boolean; isFile(): boolean; size: number }, maxBytes: number) {
  if (st.isDirectory()) throw new AwsMfaError("FileAccess", msg("atomicwrite.fileCannotReadEisdir", { file, EISDIR: REASONS.EISDIR! }));
  if (!st.isFile()) throw new AwsMfaError("FileAccess", msg("atomicwrite.fileCannotReadNot", { file }));
  const tooLarge = (size: number) =>
    new AwsMfaError("FileAccess", msg("atomicwrite.fileCannotReadValue", { file, value: (size / 1048576).toFixed(1), value2: maxBytes / 1048576 }));
  if (st.size > maxBytes) throw tooLarge(st.size);
  return tooLarge;
}

/**
 * Whether readTextSync(file) would return `text` (undefined: the file does not exist), with the
 * same checks, compared a chunk at a time: a 6 MB credentials file checked just before a rename
 * was otherwise held twice more (its bytes and its text) at a login's peak memory.
 */
export function fileHoldsText(file: string, text: string | undefined, maxBytes = MAX_FILE_BYTES): boolean {
  const fd = openToRead(file);
  if (fd === undefined) return text === undefined;
  try {
    const tooLarge = checkReadable(file, fstatSync(fd), maxBytes);
    if (text === undefined) return false;
    // Bytes first: the text encoded a piece at a time against the file's bytes, with no string
    // made. Bytes that differ may still decode to the text (a file with invalid UTF-8 reads as
    // U+FFFD): only then is the file decoded and compared as text.
    if (sameBytes(fd, text, maxBytes)) return true;
    // The decoder keeps a character cut between two chunks for the next: the pieces join into
    // exactly what one decoding of the whole file gives.
    const decoder = new StringDecoder("utf8");
    const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes + 1));
    let at = 0;
    for (let n = 0, got; (got = readSync(fd, chunk, 0, chunk.length, n)) > 0; ) {
      if ((n += got) > maxBytes) throw tooLarge(n);
      const piece = decoder.write(chunk.subarray(0, got));
      if (!text.startsWith(piece, at)) return false;
      at += piece.length;
    }
    const rest = decoder.end();
    return text.startsWith(rest, at) && at + rest.length === text.length;
  } catch (e) {
    throw fsError(e, file, msg("atomicwrite.read"));
  } finally {
    closeSync(fd);
  }
}

const encoder = new TextEncoder();
/** Whether the file's bytes are exactly `text` in UTF-8 (read from its start, by position). */
function sameBytes(fd: number, text: string, maxBytes: number): boolean {
  const CHARS = 16 * 1024;
  const want = Buffer.allocUnsafe(CHARS * 3);
  const got = Buffer.allocUnsafe(CHARS * 3);
  let pos = 0;
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + CHARS);
    // Never between the two halves of a surrogate pair (each alone would encode as U+FFFD).
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    const { written } = encoder.encodeInto(text.slice(at, end), want);
    at = end;
    let n = 0;
    for (let r; n < written && (r = readSync(fd, got, n, written - n, pos + n)) > 0; ) n += r;
    if (n < written || !got.subarray(0, n).equals(want.subarray(0, written))) return false;
    // Past the limit: the text was not read from these bytes (the decoding compare decides).
    if ((pos += written) > maxBytes) return false;
  }
  return readSync(fd, got, 0, 1, pos) === 0;
}

/**
 * Synchronous on purpose: these are small files, read on the warm credential-process path, where
 * a promise per call costs more than the read. Same syscalls as readFileSync(path).
 */
export function readTextSync(file: string, maxBytes = MAX_FILE_BYTES): string | undefined {
  const fd = openToRead(file);
  if (fd === undefined) return undefined;
  try {
    const st = fstatSync(fd);
    const tooLarge = checkReadable(file, st, maxBytes);
    // Read at most maxBytes + 1 even if the file grows meanwhile (a runaway writer appending to it).
    const buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, st.size + 4096));
    let n = 0;
    for (let got; n < buf.length && (got = readSync(fd, buf, n, buf.length - n, null)) > 0; ) n += got;
    if (n > maxBytes) throw tooLarge(n);
    if (n === buf.length) {
      // It grew past what fstat said: read the rest in chunks, still bounded.
      const parts = [buf];
      for (let got; ; ) {
        const more = Buffer.allocUnsafe(64 * 1024);
        if ((got = readSync(fd, more, 0, more.length, null)) === 0) break;
        parts.push(more.subarray(0, got));
        n += got;
        if (n > maxBytes) throw tooLarge(n);
      }
      return Buffer.concat(parts, n).toString("utf8");
    }
    return buf.toString("utf8", 0, n);
  } catch (e) {
    throw fsError(e, file, msg("atomicwrite.read"));
  } finally {
    closeSync(fd);
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
      st = await afs().lstat(current);
    } catch (e) {
      if (isErrno(e, "ENOENT", "ENOTDIR")) return current;
      throw fsError(e, file, msg("atomicwrite.resolveThePath"));
    }
    if (!st.isSymbolicLink()) return current;
    current = path.resolve(path.dirname(current), await afs().readlink(current));
  }
  throw new AwsMfaError("FileAccess", msg("atomicwrite.fileCannotResolveThe", { file, ELOOP: REASONS.ELOOP! }));
}

/**
 * Make sure `dir` exists as a folder this process can write in, creating missing parts 0700.
 * Running as root inside a user's home (sudo -E), each created folder gets the owner of the folder
 * it is created in: a root-owned ~/.cache/awsmfa would lock the user out of their own cache.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  const full = path.resolve(dir);
  try {
    await afs().access(full, fsc.W_OK | fsc.X_OK);
    return; // the common case: one syscall
  } catch (e) {
    if (!isErrno(e, "ENOENT")) {
      const st = statOrUndefined(full);
      if (st && !st.isDirectory()) throw new AwsMfaError("FileAccess", msg("atomicwrite.fullNotAFolder", { full }));
      throw fsError(e, full, msg("atomicwrite.writeInTheFolder"));
    }
  }
  const missing: string[] = [];
  let existing = full;
  let parent;
  for (;;) {
    try {
      parent = await afs().stat(existing);
      break;
    } catch (e) {
      if (!isErrno(e, "ENOENT")) throw fsError(e, existing, msg("atomicwrite.createTheFolder"));
      const up = path.dirname(existing);
      if (up === existing) throw fsError(e, existing, msg("atomicwrite.createTheFolder"));
      missing.unshift(existing);
      existing = up;
    }
  }
  if (!parent.isDirectory()) throw new AwsMfaError("FileAccess", msg("atomicwrite.existingNotAFolder", { existing, full }));
  const h = host();
  const giveAway = h.uid === 0 && parent.uid !== 0 && h.platform !== "win32";
  for (const d of missing) {
    try {
      await afs().mkdir(d, { mode: 0o700 });
    } catch (e) {
      if (isErrno(e, "EEXIST")) continue; // another process made it meanwhile
      throw fsError(e, path.dirname(d), msg("atomicwrite.createAFolderIn"));
    }
    if (giveAway) await afs().chown(d, parent.uid, parent.gid).catch(() => {});
  }
}

/**
 * Fail now, with the reason, if `file` could not be written: its folder exists or can be created
 * and is writable, and the file is writable or creatable and not a folder. Called before an MFA
 * code is spent, so a read-only ~/.aws does not cost a code and leave a session half-stored.
 */
export async function checkWritable(file: string): Promise<void> {
  const target = await resolveTarget(file);
  let st;
  try {
    st = await afs().stat(target);
  } catch (e) {
    if (!isErrno(e, "ENOENT")) throw fsError(e, file, msg("atomicwrite.write"));
  }
  if (st) {
    if (st.isDirectory()) throw new AwsMfaError("FileAccess", msg("atomicwrite.fileCannotWriteEisdir", { file, EISDIR: REASONS.EISDIR! }));
    if (!st.isFile()) throw new AwsMfaError("FileAccess", msg("atomicwrite.fileCannotWriteNot", { file }));
    try {
      await afs().access(target, fsc.W_OK);
    } catch (e) {
      throw fsError(e, file, msg("atomicwrite.write"));
    }
  }
  // The temp file and the rename happen in the folder, so it must be writable too.
  let dir = path.dirname(target);
  for (;;) {
    try {
      const d = await afs().stat(dir);
      if (!d.isDirectory()) throw new AwsMfaError("FileAccess", msg("atomicwrite.dirNotAFolder", { dir, file }));
      break;
    } catch (e) {
      if (!isErrno(e, "ENOENT") || path.dirname(dir) === dir) throw fsError(e, dir, msg("atomicwrite.createTheFolder"));
      dir = path.dirname(dir);
    }
  }
  try {
    await afs().access(dir, fsc.W_OK | fsc.X_OK);
  } catch (e) {
    throw fsError(e, dir, msg("atomicwrite.writeInTheFolder"));
  }
}

/** A crash leftover is at least this old: a live writer's temp file lives for milliseconds. */
const LEFTOVER_MIN_AGE_MS = 5_000;

/**
 * Remove temp files in `dir` whose name matches `pattern` (group 1 = the writer's pid) and whose
 * writer is dead on this host: what a SIGKILL mid-write leaves behind (one may hold a secret).
 * The age floor keeps us off a file that a writer on another host sharing the folder (NFS home)
 * with a pid that happens to be dead here is writing right now.
 */
export async function sweepDeadTemps(dir: string, pattern: RegExp): Promise<number> {
  let names: string[];
  try {
    names = await afs().readdir(dir);
  } catch {
    return 0; // no folder yet, or unreadable: the write itself will say what is wrong
  }
  const h = host();
  let removed = 0;
  for (const name of names) {
    const m = pattern.exec(name);
    const pid = m ? Number(m[1]) : NaN;
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === h.pid || h.isAlive(pid)) continue;
    const f = path.join(dir, name);
    const st = await afs().lstat(f).catch(() => undefined);
    if (!st?.isFile() || Date.now() - st.mtimeMs < LEFTOVER_MIN_AGE_MS) continue;
    await afs().rm(f, { force: true }).then(() => removed++, () => {});
  }
  return removed;
}

/**
 * `.NAME.PID.HEX.tmp`: the temp files writeFileAtomic makes. Every such leftover in the folder is
 * swept, not only NAME's: after crashes the cache holds temps of many sessions and devices.
 */
const TEMP = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

export interface WriteOptions {
  /** Give the file exactly this mode. Without it an existing file keeps its mode and a new one gets 0600. */
  mode?: number;
  /**
   * The file holds secrets: an existing file readable by group or others is narrowed to owner-only
   * (0644 → 0600), and `onNarrowed` is told so the user learns why the mode changed.
   */
  secret?: boolean;
  onNarrowed?: (file: string, from: number, to: number) => void;
  /**
   * Called after the temp file is complete, right before the rename. Throwing here abandons the
   * write (the temp file is removed): the caller's last chance to see that the target changed.
   */
  beforeRename?: () => Promise<void> | void;
}

// A long text is written through one buffer, a piece at a time: a 6 MB credentials file encoded
// whole was another 6 MB at a login's peak memory. The pieces of a text (IniDocument.pieces) are
// written in turn, as if joined, without the join.
const PIECE = 64 * 1024;
async function writeText(fd: number, text: string | Uint8Array | readonly string[]): Promise<void> {
  if (typeof text !== "string" && !Array.isArray(text)) return afs().writeFile(fd, text as Uint8Array);
  const all: readonly string[] = typeof text === "string" ? [text] : text;
  if (all.length === 1 && all[0]!.length <= PIECE) return afs().writeFile(fd, all[0]!, "utf8");
  const buf = Buffer.allocUnsafe(PIECE * 3);
  let fill = 0;
  const flush = async () => {
    for (let off = 0; off < fill; ) off += (await afs().write(fd, buf, off, fill - off)).bytesWritten;
    fill = 0;
  };
  for (const piece of all) {
    for (let at = 0; at < piece.length; ) {
      // A UTF-16 unit takes at most 3 bytes: `room` units always fit.
      const room = Math.floor((buf.length - fill) / 3);
      let end = Math.min(piece.length, at + room);
      // Never between the two halves of a surrogate pair (each alone would be written as U+FFFD).
      const last = piece.charCodeAt(end - 1);
      if (end < piece.length && last >= 0xd800 && last <= 0xdbff) end--;
      if (end <= at) {
        await flush();
        continue;
      }
      fill += buf.write(piece.slice(at, end), fill, "utf8");
      at = end;
    }
  }
  await flush();
}

/**
 * Replace `file` so that readers see either the old or the new content, never a mix: write a temp
 * file in the same folder (a rename is only atomic within one filesystem), fsync it, rename it over
 * the target, then fsync the folder so the rename itself survives a crash.
 */
export async function writeFileAtomic(file: string, text: string | Uint8Array | readonly string[], opts: WriteOptions = {}): Promise<void> {
  const h = host();
  const target = await resolveTarget(file);
  const dir = path.dirname(target);
  await ensurePrivateDir(dir);
  await sweepDeadTemps(dir, TEMP);
  let existing: { mode: number; uid: number; gid: number } | undefined;
  try {
    const st = await afs().stat(target);
    if (st.isDirectory()) throw new AwsMfaError("FileAccess", msg("atomicwrite.fileCannotWriteEisdir", { file, EISDIR: REASONS.EISDIR! }));
    if (!st.isFile()) throw new AwsMfaError("FileAccess", msg("atomicwrite.fileCannotWriteNot", { file }));
    existing = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  } catch (e) {
    if (!isErrno(e, "ENOENT")) throw fsError(e, file, msg("atomicwrite.write"));
  }
  let mode = opts.mode ?? existing?.mode ?? 0o600;
  if (opts.secret && opts.mode === undefined && existing && h.platform !== "win32" && mode & 0o077) {
    const narrowed = mode & ~0o077;
    opts.onNarrowed?.(file, mode, narrowed);
    mode = narrowed;
  }
  // Root writing into a user's folder (sudo -E) must not hand the file to root: keep the owner of
  // the file, or for a new file take the folder's.
  let owner = existing && existing.uid !== 0 ? existing : undefined;
  if (!existing && h.uid === 0 && h.platform !== "win32") {
    const d = statOrUndefined(dir);
    if (d && d.uid !== 0) owner = { mode: 0, uid: d.uid, gid: d.gid };
  }
  const tmp = path.join(dir, `.${path.basename(target)}.${h.pid}.${randomTag()}.tmp`);
  try {
    // Created 0600 so no other user can read the secret even for a moment; the final mode comes after.
    const fd = await afs().open(tmp, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL, 0o600);
    try {
      await writeText(fd, text);
      if (h.platform !== "win32") {
        await afs().fchmod(fd, mode); // explicit: the umask must not widen or narrow the kept mode
        if (owner && h.uid === 0) await afs().fchown(fd, owner.uid, owner.gid).catch(() => {});
      }
      await afs().fsync(fd);
    } finally {
      await afs().close(fd);
    }
    await opts.beforeRename?.();
    await renameWithRetry(tmp, target);
  } catch (e) {
    await afs().rm(tmp, { force: true }).catch(() => {});
    throw fsError(e, file, msg("atomicwrite.write"));
  }
  await syncDir(dir);
}

// Windows refuses to replace a file another process has open (antivirus, an editor) for a moment.
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await afs().rename(from, to);
    } catch (e) {
      if (host().platform !== "win32" || attempt >= 10 || !isErrno(e, "EPERM", "EACCES", "EBUSY")) throw e;
      await sleep(50 * (attempt + 1));
    }
  }
}

async function syncDir(dir: string): Promise<void> {
  if (host().platform === "win32") return; // directories cannot be opened for fsync there
  let fd: number | undefined;
  try {
    fd = await afs().open(dir, "r");
    await afs().fsync(fd);
  } catch {
    // Some filesystems (network mounts) do not support fsync on a directory; the rename is done anyway.
  } finally {
    if (fd !== undefined) await afs().close(fd);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
