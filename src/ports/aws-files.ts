import { statSync } from "node:fs";
import { AwsMfaError } from "../core/errors.js";
import { emptyIni, parseIni, type IniDocument, type IniKind } from "../core/ini.js";
import { configFile, credentialsFile, type Where } from "../core/paths.js";
import { isErrno, readTextOrUndefined, readTextSync, resolveTarget, sleep, writeFileAtomic } from "./atomic-write.js";
import { withLock, type LockOptions } from "./lock.js";

// The AWS config and credentials files (one of three filesystem modules: atomic-write.ts,
// lock.ts, aws-files.ts; see the top of atomic-write.ts): read them, and edit them without ever
// losing what another program keeps there.

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

// ---------------------------------------------------------------------------------------------
// Editing beside other writers.
//
// `aws configure set` and many editors rewrite these files in place: open with O_TRUNC, then
// write. Whoever reads in between sees an empty or half-written file, and writing that back (with
// our one edit) destroys everything else in it. So a read is only trusted when it looks whole: it
// is not empty, it parses, it ends with a newline, and it still has every section, key and comment
// of the first read we made. A read that fails one of these is used only once the file has been
// quiet (the same bytes, size and mtime in two reads, and no change for QUIET_MS): then another
// program really did remove something, or really keeps an empty file. Otherwise we wait, for at
// most SETTLE_MS, and then give up with nothing written. Right before the rename the file must
// still be what we read; if it changed we start over. The remaining window (between that last
// check and the rename) is microseconds, against the whole write before.

/** How long a doubtful read must stay unchanged before we believe it (in-place writers take ms). */
const QUIET_MS = 500;
/** How long we wait, under the lock, for another program to finish rewriting the file. */
const SETTLE_MS = 2_000;
const POLL_MS = 25;

interface Snapshot {
  /** undefined: the file does not exist. */
  text: string | undefined;
  /** ino:size:mtime in ns; "" when missing. */
  stamp: string;
}

function snapshot(target: string): Snapshot {
  // stat then read then stat: a writer that moved in between makes the stamps differ, and the read
  // counts as changing (it will not be trusted until two snapshots agree).
  const before = stamp(target);
  const text = readTextSync(target);
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

/** Why a read cannot be trusted as it is, or undefined when it looks whole. */
function doubt(s: Snapshot, first: Set<string> | undefined, file: string, kind: IniKind): string | undefined {
  if (s.stamp.startsWith("moving:")) return "changed while being read";
  if (s.text === undefined) return first && first.size > 0 ? "disappeared" : undefined;
  if (s.text === "") return "is empty";
  if (!s.text.endsWith("\n")) return "does not end with a newline";
  try {
    parseIni(s.text, file, kind);
  } catch {
    return "does not parse";
  }
  if (first) {
    const now = inventory(s.text);
    for (const item of first) if (!now.has(item)) return "lost sections or keys";
  }
  return undefined;
}

/** Read under the lock until the read can be trusted (see above); undefined past the deadline. */
async function settledRead(target: string, file: string, kind: IniKind, first: Set<string> | undefined, deadline: number): Promise<Snapshot | undefined> {
  let prev: Snapshot | undefined;
  let sameSince = 0;
  for (;;) {
    const s = snapshot(target);
    if (!doubt(s, first, file, kind)) return s;
    const now = Date.now();
    if (!prev || prev.stamp !== s.stamp || prev.text !== s.text || s.stamp.startsWith("moving:")) sameSince = now;
    else {
      const m = mtimeMs(s);
      // Quiet: unchanged across our reads, and untouched for QUIET_MS by its mtime or our watch
      // (the watch covers a filesystem whose clock differs from ours).
      if ((m !== undefined && now - m >= QUIET_MS) || now - sameSince >= QUIET_MS) return s;
    }
    if (now >= deadline) return undefined;
    prev = s;
    await sleep(POLL_MS);
  }
}

const changedUnderUs = Symbol("changed");

export interface UpdateOptions extends LockOptions {
  /** Told once when a credentials file readable by others was narrowed to 0600 (see writeFileAtomic). */
  onNarrowed?: (file: string, from: number, to: number) => void;
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
  const firstText = readTextSync(target);
  // A last line without its newline may be cut mid-word by a writer: it is not something to keep.
  const first = firstText ? inventory(firstText.endsWith("\n") ? firstText : firstText.slice(0, firstText.lastIndexOf("\n") + 1)) : undefined;
  const { onNarrowed, ...lock } = opts;
  return withLock(
    `${target}.lock`,
    async () => {
      const deadline = Date.now() + SETTLE_MS;
      const busy = () =>
        new AwsMfaError("Conflict", `${file}: another program kept rewriting the file for ${SETTLE_MS / 1000} s; nothing was written`, {
          hint: "run the command again when the other program is done",
        });
      for (;;) {
        const s = await settledRead(target, file, kind, first, deadline);
        if (!s) throw busy();
        const doc = s.text === undefined ? emptyIni(file, kind) : parseIni(s.text, file, kind);
        await mutate(doc);
        if (!doc.changed) return doc;
        try {
          await writeFileAtomic(target, doc.toString(), {
            secret: kind === "credentials",
            onNarrowed,
            beforeRename: () => {
              const now = snapshot(target);
              if (now.stamp !== s.stamp || now.text !== s.text) throw changedUnderUs;
            },
          });
          return doc;
        } catch (e) {
          if (e !== changedUnderUs) throw e;
          // Someone wrote between our read and our rename: read again (within the same deadline).
          if (Date.now() >= deadline) throw busy();
        }
      }
    },
    { purpose: `edit ${file}`, ...lock },
  );
}
