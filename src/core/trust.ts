import type path from "node:path";
import { DOTFILE_NAME } from "./dotfile.js";
import { sha256HexOf as sha256 } from "./sha256.js";

// Trust for `.awsmfa` files, direnv-style: a file is allowed for one exact (absolute path, content)
// pair, so editing or moving it withdraws trust; a deny is recorded by path alone, so a denied file
// stays denied whatever it later contains. Deny wins over allow.
//
// Pure: the caller passes the path module. Node decides paths from its own cwd with `path.win32` on
// Windows — under Git Bash `$PWD` reads `/c/Users/…`, which is no path Node can open, so the shell's
// idea of the directory is never used for trust.

export type PathApi = Pick<typeof path.posix, "resolve" | "dirname" | "join" | "basename" | "sep" | "isAbsolute">;

export type TrustState = "allowed" | "denied" | "notallowed";

/** sha256(absolute path + "\n" + content), over the file's raw bytes. */
export function trustKey(absPath: string, content: string | Uint8Array): string {
  return sha256(absPath, "\n", content);
}

/** sha256(absolute path): a deny survives any edit of the file. */
export function denyKey(absPath: string): string {
  return sha256(absPath);
}

export interface TrustRecords {
  allow: string;
  deny: string;
}

/** Where the allow and deny records for one file version live under the data directory. */
export function recordPaths(p: PathApi, dataDir: string, absPath: string, content: string | Uint8Array): TrustRecords {
  return {
    allow: p.join(dataDir, "allow", trustKey(absPath, content)),
    deny: p.join(dataDir, "deny", denyKey(absPath)),
  };
}

export function trustState(allowExists: boolean, denyExists: boolean): TrustState {
  if (denyExists) return "denied";
  return allowExists ? "allowed" : "notallowed";
}

/**
 * One canonical spelling per file, so a key made by `allow` matches the one the hook computes.
 * Windows drive letters come in either case from different APIs; we pick upper case.
 */
export function canonicalPath(p: PathApi, abs: string): string {
  const r = p.resolve(abs);
  return p.sep === "\\" && /^[a-z]:/.test(r) ? r[0]!.toUpperCase() + r.slice(1) : r;
}

/** The `.awsmfa` candidates from `startDir` up to the root, nearest first. */
export function dotfileCandidates(p: PathApi, startDir: string): string[] {
  const out: string[] = [];
  let dir = canonicalPath(p, startDir);
  for (;;) {
    out.push(p.join(dir, DOTFILE_NAME));
    const up = p.dirname(dir);
    if (up === dir) return out;
    dir = up;
  }
}

/**
 * The file `allow`/`deny` act on: FILE resolved against cwd (a directory means its `.awsmfa`), or
 * `undefined` to mean "the nearest one up the tree", which the caller finds with dotfileCandidates.
 */
export function explicitTarget(p: PathApi, cwd: string, arg: string, isDirectory: boolean): string {
  const abs = canonicalPath(p, p.resolve(cwd, arg));
  return isDirectory ? p.join(abs, DOTFILE_NAME) : abs;
}

/**
 * A path as the running shell can test it. Node on Windows reports `C:\Users\…`; MSYS and Cygwin
 * shells accept `C:/Users/…` in `[[ -e ]]` and `test -nt`, while backslashes would need escaping.
 */
export function shellPath(platform: NodeJS.Platform, nativePath: string): string {
  return platform === "win32" ? nativePath.replace(/\\/g, "/") : nativePath;
}
