import { join, sep } from "node:path";
import { isReusable, sessionState, type SessionCredentials } from "../core/session.js";

// What a session cache file holds and when it may be served: the one home of both rules, shared by
// SessionCache (cache.ts) and the thin warm credential-process path (commands/credential-process.thin.ts), which must not load
// cache.ts's writers (fs/promises, node:crypto) on every AWS CLI call.

export interface CachedSession extends SessionCredentials {
  mfaSerial: string;
  /** Set for a role session. */
  roleArn?: string;
  /** When it was issued (local clock): the lifetime scales the refresh margin. */
  issuedAt?: Date;
}

/** What a cached session must be for to be served. */
export interface SessionFor {
  serial: string;
  roleArn?: string;
}

/** The file of a cache id (hex, so no separator or dot to normalise: path.join's result, joined once per folder). */
export const sessionFilePath = (dir: string, key: string) => {
  if (dir !== lastDir) [lastDir, lastSessions] = [dir, join(dir, "sessions")];
  return `${lastSessions}${sep}${key}.json`;
};
let lastDir: string | undefined;
let lastSessions = "";

/** The lock of a cache id (`.lock`), and the thin entry's refresh claim beside it (`.claim`). */
export const lockFilePath = (dir: string, key: string, kind: "lock" | "claim" = "lock") => join(dir, "locks", `${key}.${kind}`);

/** A cache file's text as a session; undefined for a torn, foreign or incomplete file (a miss, never a crash). */
export function parseCachedSession(text: string | undefined): CachedSession | undefined {
  if (!text) return undefined;
  try {
    const j = JSON.parse(text) as Record<string, string>;
    if (!j.AccessKeyId || !j.SecretAccessKey || !j.SessionToken || !j.Expiration) return undefined;
    const issued = j.IssuedAt ? new Date(j.IssuedAt) : undefined;
    return {
      accessKeyId: j.AccessKeyId,
      secretAccessKey: j.SecretAccessKey,
      sessionToken: j.SessionToken,
      expiration: new Date(j.Expiration),
      mfaSerial: j.MfaSerial ?? "",
      ...(j.RoleArn ? { roleArn: j.RoleArn } : {}),
      ...(issued && !Number.isNaN(issued.getTime()) ? { issuedAt: issued } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * Only a session for `want` (same device, same role: a hash collision or a hand-copied file must
 * never hand out another identity) and still outside its refresh margin may be served.
 */
export function servable(s: CachedSession | undefined, now: Date, want: SessionFor): s is CachedSession {
  return isFor(s, want) && isReusable(sessionState(s.expiration, now, lifetimeMs(s)));
}

/** The session was issued for this device (and role), whatever its time left. */
export const isFor = (s: CachedSession | undefined, want: SessionFor): s is CachedSession =>
  !!s && s.mfaSerial === want.serial && (s.roleArn ?? "") === (want.roleArn ?? "");

/** How long the session was issued for, when the cache recorded it. */
export const lifetimeMs = (s: Pick<CachedSession, "issuedAt" | "expiration">) =>
  s.issuedAt ? s.expiration.getTime() - s.issuedAt.getTime() : undefined;
