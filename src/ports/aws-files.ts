import { statSync } from "node:fs";
import { AwsMfaError, msg } from "../core/errors.js";
import { emptyIni, parseIni, type IniDocument, type IniKind } from "../core/ini.js";
import { IniIndex } from "../core/ini-scan.js";
import { configFile, credentialsFile, type Where } from "../core/paths.js";
import { fileHoldsText, isErrno, readTextOrUndefined, readTextSync, resolveTarget, sleep, writeFileAtomic } from "./atomic-write.js";
import { withLock, type LockOptions } from "./lock.js";

// The AWS config and credentials files (one of three filesystem modules: atomic-write.ts,
// lock.ts, aws-files.ts; see the top of atomic-write.ts): read them, and edit them without ever
// losing what another program keeps there.

export interface AwsFiles {
  configFile: string;
  credentialsFile: string;
  /** Read-only (commands edit through updateIniFile): an IniIndex reads only the profiles asked
   * for, where a document would make an object for each of a generated config's 50,000 sections. */
  config: IniIndex;
  creds: IniIndex;
}

/** Both AWS files, read once (a missing file is an empty document). */
export async function readAwsFiles(w: Where): Promise<AwsFiles> {
  const cfg = configFile(w);
  const cred = credentialsFile(w);
  const [config, creds] = await Promise.all([readIniFile(cfg, "config", indexIni), readIniFile(cred, "credentials", indexIni)]);
  return { configFile: cfg, credentialsFile: cred, config, creds };
}

/**
 * The parsed file, or an empty document when it does not exist. Errors name `file` as given.
 * A text that looks cut (empty, no final newline, does not parse) may be another program's
 * in-place rewrite caught midway: it is read again until the file is quiet (see below), so a
 * command does not act on, or report, a half-written file. A whole file costs nothing extra.
 */
export async function readIniFile(file: string, kind: IniKind): Promise<IniDocument>;
export async function readIniFile<T>(file: string, kind: IniKind, parse: (text: string, file: string, kind: IniKind) => T): Promise<T>;
export async function readIniFile(file: string, kind: IniKind, parse: (text: string, file: string, kind: IniKind) => unknown = parseIni): Promise<unknown> {
  const text = await readTextOrUndefined(file);
  if (text === undefined) return parse("", file, kind);
  if (text !== "" && text.endsWith("\n")) {
    try {
      return parse(text, file, kind);
    } catch {
      // maybe caught mid-write: settle below, and parse (and report) what the quiet file holds
    }
  }
  const s = await settledRead(file, file, kind, undefined, Date.now() + SETTLE_MS);
  if (!s) throw busy(file);
  return parse(s.text ?? "", file, kind);
}

/** For readIniFile: a read-only IniIndex rather than a document. */
export const indexIni = (text: string, file: string, kind: IniKind) => new IniIndex(text, file, kind);

const busy = (file: string) =>
  new AwsMfaError("Conflict", msg("awsfiles.fileAnotherProgramKept", { file, value: SETTLE_MS / 1000 }), {
    hint: msg("awsfiles.runTheCommandAgain"),
  });

// ---------------------------------------------------------------------------------------------
// Editing beside other writers.
//
// `aws configure set` and many editors rewrite these files in place: open with O_TRUNC, then
// write. Whoever reads in between sees an empty or half-written file, and writing that back (with
// our one edit) destroys everything else in it. So a read is only trusted when it looks whole: it
// is not empty, it parses, it ends with a newline, and it still has every section, key and comment
// of the first read we made. A read that fails one of these is used only once the file is quiet
// (its mtime QUIET_MS old, or the same text seen for QUIET_MS): then another program really did
// remove something, or really keeps the file odd. One exception: a file we saw with content and
// now find empty is never used; that is the O_TRUNC-then-write window, however long it lasts.
// Otherwise we wait, for at most SETTLE_MS, and then give up with nothing written (exit 3).
// Right before the rename the file must still hold the text we edited; if not, we start over.
// The remaining window (between that last check and the rename) is microseconds, against the
// whole read-edit-write before.

/** How long a doubtful read must stay unchanged before we believe it (in-place writers take ms). */
const QUIET_MS = 500;
/** How long we wait, under the lock, for another program to finish rewriting the file. */
const SETTLE_MS = 2_000;
const POLL_MS = 25;

interface Snapshot {
  /** undefined: the file does not exist. */
  text: string | undefined;
  /** The text parsed, once doubt has parsed it (so the edit does not parse it again). */
  doc?: IniDocument;
  /** ino:size:mtime in ns; "" when missing. */
  stamp: string;
}

function snapshot(target: string, expected?: string): Snapshot {
  // stat then read then stat: a writer that moved in between makes the stamps differ, and the read
  // counts as changing (it will not be trusted until two snapshots agree).
  const before = stamp(target);
  // The text we expect (the first read) when the file still holds it, compared a chunk at a time:
  // under the lock a 50,000-profile credentials file was otherwise read and decoded whole again.
  const text = expected !== undefined && fileHoldsText(target, expected) ? expected : readTextSync(target);
  const after = stamp(target);
  if (text === undefined) return { text, stamp: after === "" ? "" : `moving:${after}` };
  return { text, stamp: before === after ? after : `moving:${after}` };
}

function stamp(target: string): string {
  try {
    const st = statSync(target, { bigint: true });
    return `${st.ino}:${st.size}:${st.mtimeNs}`;
  } catch (e) {
    if (isErrno(e, "ENOENT")) return "";
    throw e;
  }
}

const mtimeMs = (s: Snapshot) => {
  const ns = s.stamp.split(":")[2];
  return ns ? Number(BigInt(ns) / 1_000_000n) : undefined;
};

/**
 * What a document must keep: each section header, each key (by section), each comment. Plain
 * text scanning on purpose, so it works on a file that does not parse.
 */
function inventory(text: string): Set<string> {
  const out = new Set<string>();
  let section = "";
  for (const raw of text.replace(/^\uFEFF/, "").split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    if (line.startsWith("#") || line.startsWith(";")) out.add(`#${line}`);
    else if (line.startsWith("[")) out.add((section = line.replace(/\s+/g, " ")));
    else if (!/^\s/.test(raw)) out.add(`${section}\0${line.split(/[=:]/)[0]!.trim().toLowerCase()}`);
  }
  return out;
}

/** The first read, before the lock: what the file held when the command decided to edit it. */
interface FirstRead {
  text: string;
  /** Its inventory, made only when a later read differs from it (a 50,000-profile file's
   * inventory was a third of a login's time and much of its memory). */
  items: () => Set<string>;
}

/**
 * Why a read cannot be trusted as it is (undefined when it looks whole), and whether the file
 * being quiet is enough to trust it anyway. A file emptied in place after we saw content in it is
 * never trusted: that is the O_TRUNC-then-write window, however long a writer keeps it open.
 */
function doubt(s: Snapshot, first: FirstRead | undefined, file: string, kind: IniKind): { why: string; quietOk: boolean } | undefined {
  if (s.stamp.startsWith("moving:")) return { why: "changed while being read", quietOk: true };
  if (s.text === undefined) return first && first.items().size > 0 ? { why: "disappeared", quietOk: true } : undefined;
  if (s.text === "") return { why: "is empty", quietOk: !first || first.items().size === 0 };
  if (!s.text.endsWith("\n")) return { why: "does not end with a newline", quietOk: true };
  try {
    s.doc = parseIni(s.text, file, kind);
  } catch {
    return { why: "does not parse", quietOk: true };
  }
  // Another awsmfa may have removed a section meanwhile (then the file stays as it is), or an
  // in-place writer is midway through a rewrite (then it changes again within milliseconds).
  // The same text as the first read has lost nothing.
  if (first && s.text !== first.text) {
    const now = inventory(s.text);
    for (const item of first.items()) if (!now.has(item)) return { why: "lost sections or keys", quietOk: true };
  }
  return undefined;
}

/**
 * Read under the lock until the read can be trusted (see above); undefined past the deadline.
 * Reads caught inside an in-place writer's truncate-write window (empty, cut) neither count as
 * a sighting nor break the watch.
 */
async function settledRead(target: string, file: string, kind: IniKind, first: FirstRead | undefined, deadline: number): Promise<Snapshot | undefined> {
  let watch: { text: string | undefined; since: number } | undefined;
  for (;;) {
    const s = snapshot(target, first?.text);
    const d = doubt(s, first, file, kind);
    if (!d) return s;
    const now = Date.now();
    if (d.quietOk && !s.stamp.startsWith("moving:")) {
      // Untouched for QUIET_MS by its mtime (a truncating open sets it): nobody is midway through
      // writing it, so an empty or odd file that has long been so costs no wait.
      const m = mtimeMs(s);
      if (m !== undefined && now - m >= QUIET_MS) return s;
      // Or the same text for QUIET_MS by our own watch (also covers a filesystem whose clock
      // differs from ours, and a writer that keeps rewriting the same bytes).
      if (watch && watch.text === s.text) {
        if (now - watch.since >= QUIET_MS) return s;
      } else watch = { text: s.text, since: now };
    }
    if (now >= deadline) return undefined;
    await sleep(POLL_MS);
  }
}

const changedUnderUs = Symbol("changed");

/** pieces.join("") === text, without the join. */
export function joinsTo(pieces: readonly string[], text: string): boolean {
  let at = 0;
  for (const p of pieces) {
    if (!text.startsWith(p, at)) return false;
    at += p.length;
  }
  return at === text.length;
}

export interface UpdateOptions extends LockOptions {
  /** Told once when a credentials file readable by others was narrowed to 0600 (see writeFileAtomic). */
  onNarrowed?: (file: string, from: number, to: number) => void;
  /**
   * The text the command read this file as, when it decided to edit it (undefined: missing). It
   * stands for the first read below, which is then not made: a 50,000-profile credentials file
   * was otherwise held three times over during a login.
   */
  read?: { text: string | undefined };
}

/**
 * Edit an AWS file safely: lock beside the real target (so two names of one file share a lock),
 * re-read under the lock until the file can be trusted (another program may be rewriting it in
 * place), apply `mutate`, and write atomically only if the text changed, and only if the file is
 * still what we read. `mutate` may run more than once, each time on a fresh document, so it must
 * only edit the document. Returns the document as written. A credentials file is written as a
 * secret: group/other read bits are dropped.
 */
export async function updateIniFile(
  file: string,
  kind: IniKind,
  mutate: (doc: IniDocument) => void | Promise<void>,
  opts: UpdateOptions = {},
): Promise<IniDocument> {
  const target = await resolveTarget(file);
  // The first read, before the lock: what the file held when we decided to edit it.
  const f = opts.read ?? snapshot(target);
  // A last line without its newline may be cut mid-word by a writer: it is not something to keep.
  const firstText = f.text === undefined || f.text.endsWith("\n") ? f.text : f.text.slice(0, f.text.lastIndexOf("\n") + 1);
  let items: Set<string> | undefined;
  const first: FirstRead | undefined = firstText ? { text: firstText, items: () => (items ??= inventory(firstText)) } : undefined;
  const { onNarrowed, read: _read, ...lock } = opts;
  return withLock(
    `${target}.lock`,
    async () => {
      const deadline = Date.now() + SETTLE_MS;
      for (;;) {
        const s = await settledRead(target, file, kind, first, deadline);
        if (!s) throw busy(file);
        const doc = s.text === undefined ? emptyIni(file, kind) : (s.doc ?? parseIni(s.text, file, kind));
        await mutate(doc);
        // What doc.changed asks, on the pieces the write then uses: a joined text (twice, for the
        // question and for the write) was each a whole copy of a 50,000-profile file.
        const pieces = doc.pieces();
        if (joinsTo(pieces, s.text ?? "")) return doc;
        try {
          await writeFileAtomic(target, pieces, {
            secret: kind === "credentials",
            onNarrowed,
            // The bytes, not the mtime: an in-place writer that rewrote the same text changed
            // nothing we would overwrite, and comparing mtimes would livelock beside it.
            beforeRename: () => {
              if (!fileHoldsText(target, s.text)) throw changedUnderUs;
            },
          });
          return doc;
        } catch (e) {
          if (e !== changedUnderUs) throw e;
          // Someone wrote between our read and our rename: read again (within the same deadline).
          if (Date.now() >= deadline) throw busy(file);
        }
      }
    },
    { purpose: `edit ${file}`, ...lock },
  );
}
