import path from "node:path";
import { isErrno, readTextOrUndefined, readTextSync, writeFileAtomic } from "../ports/atomic-write.js";
import { isFor, lifetimeMs, parseCachedSession, servable, sessionFilePath, lockFilePath, type CachedSession, type SessionFor } from "./cache-file.js";
import { readdirSync } from "node:fs";
import { afs } from "../ports/fs-async.js";
import { cacheDir, type Where } from "../core/paths.js";
import { sha256Hex } from "../core/sha256.js";

// One session cache shared by login, credential-process, exec and env. Keyed by the identities the
// resolver derives (core/resolve.ts): the MFA serial for an MFA session, plus the role for a role
// session. Never by the long-term key, which only a key source holds: the warm path must find a
// session without opening one. Each file also records what it is for, checked on every read.

export type { CachedSession, SessionFor };

/** What reading a session needs: the whole cache, or a snapshot of it (SessionCache.snapshot). */
export type SessionReader = Pick<SessionCache, "read" | "sessionFile">;

/** SessionCache.snapshot: a SessionReader that also answers at once. */
export interface SessionSnapshot extends SessionReader {
  /** read, without a promise. */
  get(key: string): CachedSession | undefined;
  /**
   * False only when no file in the folder was issued for `want` (device and role): then no cache
   * id can hold a session for it, and a caller need not derive the id to know it has none.
   */
  mayHold(want: SessionFor): boolean;
}

/** The names in the sessions folder; empty when it is missing, null when it cannot be listed. */
function listSessions(dir: string): Set<string> | null {
  try {
    return new Set(readdirSync(dir));
  } catch (e) {
    return isErrno(e, "ENOENT") ? new Set() : null;
  }
}

export class SessionCache {
  constructor(readonly dir: string) {}

  sessionFile(key: string) {
    return sessionFilePath(this.dir, key);
  }
  lockFile(key: string) {
    return lockFilePath(this.dir, key);
  }
  deviceFile(serial: string) {
    return path.join(this.dir, "devices", `${sha256Hex(serial).slice(0, 32)}.json`);
  }

  async read(key: string): Promise<CachedSession | undefined> {
    return parseCachedSession(await readTextOrUndefined(this.sessionFile(key)));
  }

  /**
   * A reader for one pass over many profiles (status, with 50,000 role profiles sharing one
   * device): the sessions folder is listed once and a file not in it is not opened, and each file
   * is read at most once. It answers like reads made a moment earlier: a session written during the
   * pass may or may not be seen. The same checks apply to what it returns (callers match serial
   * and role as always).
   */
  snapshot(): SessionSnapshot {
    const dir = path.join(this.dir, "sessions");
    // Listed on the first read. null: the folder could not be listed (other than missing): every
    // file is then simply read.
    let listing: Set<string> | null | undefined;
    const seen = new Map<string, CachedSession | undefined>();
    // Synchronous: a handful of small files, and no await per row for status's 50,000 rows.
    const get = (key: string) => {
      if (seen.has(key)) return seen.get(key);
      listing ??= listSessions(dir);
      const s = listing && !listing.has(`${key}.json`) ? undefined : parseCachedSession(readTextSync(this.sessionFile(key)));
      seen.set(key, s);
      return s;
    };
    // Whom each file in the folder was issued for (role, then serials), read on the first question.
    let issued: Map<string, Set<string>> | null | undefined;
    return {
      sessionFile: (key) => this.sessionFile(key),
      read: async (key) => get(key),
      get,
      mayHold: (want) => {
        if (issued === undefined) {
          listing ??= listSessions(dir);
          try {
            const found = new Map<string, Set<string>>();
            for (const name of listing ?? []) {
              const s = name.endsWith(".json") ? get(name.slice(0, -5)) : undefined;
              if (!s) continue;
              const serials = found.get(s.roleArn ?? "") ?? new Set();
              found.set(s.roleArn ?? "", serials.add(s.mfaSerial));
            }
            issued = listing && found;
          } catch {
            // A file that cannot be read (a folder named x.json, no permission): nothing can be
            // ruled out, and only the read of that file's own id reports the error.
            issued = null;
          }
        }
        return issued === null || !!issued.get(want.roleArn ?? "")?.has(want.serial);
      },
    };
  }

  /** The cached session if it belongs to this device (and role): never one for another serial. */
  async matching(key: string, want: SessionFor): Promise<CachedSession | undefined> {
    const s = await this.read(key);
    return isFor(s, want) ? s : undefined;
  }

  /**
   * The cached session only if it is for `want` (same device, same role: a hash collision or a
   * hand-copied file must never hand out another identity) and still outside its refresh margin.
   */
  async reusable(key: string, now: Date, want: SessionFor): Promise<CachedSession | undefined> {
    const s = await this.read(key);
    return servable(s, now, want) ? s : undefined;
  }

  async write(key: string, s: CachedSession): Promise<void> {
    const body = {
      Version: 1,
      AccessKeyId: s.accessKeyId,
      SecretAccessKey: s.secretAccessKey,
      SessionToken: s.sessionToken,
      Expiration: s.expiration.toISOString(),
      MfaSerial: s.mfaSerial,
      ...(s.roleArn ? { RoleArn: s.roleArn } : {}),
      ...(s.issuedAt ? { IssuedAt: s.issuedAt.toISOString() } : {}),
    };
    await writeFileAtomic(this.sessionFile(key), JSON.stringify(body) + "\n", { mode: 0o600 });
  }

  async remove(key: string): Promise<boolean> {
    const f = this.sessionFile(key);
    const had = (await readTextOrUndefined(f)) !== undefined;
    await afs().rm(f, { force: true });
    return had;
  }

  /** The last code sent successfully for a device: only a hash of it, and when. */
  async lastCode(serial: string): Promise<{ hash: string; at: number } | undefined> {
    const text = await readTextOrUndefined(this.deviceFile(serial));
    if (!text) return undefined;
    try {
      const j = JSON.parse(text) as { LastCodeHash?: string; UsedAt?: number };
      return j.LastCodeHash && typeof j.UsedAt === "number" ? { hash: j.LastCodeHash, at: j.UsedAt } : undefined;
    } catch {
      return undefined;
    }
  }

  async rememberCode(serial: string, code: string, at: number): Promise<void> {
    await writeFileAtomic(this.deviceFile(serial), JSON.stringify({ LastCodeHash: codeHash(serial, code), UsedAt: at }) + "\n", { mode: 0o600 });
  }
}

export { lifetimeMs };

export const codeHash = (serial: string, code: string) => sha256Hex(`${serial}\n${code}`);

/** The cache for this user (XDG_CACHE_HOME or the OS equivalent). */
export const sessionCache = (w: Where) => new SessionCache(cacheDir(w));
