import { createHash } from "node:crypto";
import path from "node:path";
import { readTextOrUndefined, writeFileAtomic } from "../ports/atomic-write.js";
import { isReusable, sessionState, type SessionCredentials } from "../core/session.js";
import { rm } from "node:fs/promises";
import { cacheDir, type Where } from "../core/paths.js";

// One session cache shared by login, credential-process, exec and env. Keyed by long-term key id +
// mfa_serial: profiles that share a key and a device share one session (and so one MFA prompt).

export interface CachedSession extends SessionCredentials {
  mfaSerial: string;
  longTermKeyId: string;
}

/** How long a process waits for another one's refresh: that one may be waiting on a person. */
export const HOLDER_WAIT_MS = 130_000;

export const renewingNotice = (profile: string) =>
  `awsmfa: another awsmfa is renewing the session for ${profile} (maybe waiting for an MFA code); waiting…`;

/**
 * Says `notice` only if a wait lasts over `ms`: a refresh by mfa_process takes a fraction of a
 * second, and fifteen "waiting" lines for it would only be noise; one waiting on a person is not.
 */
export function slowWaitNotice(notice: () => void, ms = 1000): { onWait: () => void; done: () => void } {
  let timer: NodeJS.Timeout | undefined;
  let said = false;
  return {
    onWait: () => {
      if (timer || said) return;
      timer = setTimeout(() => {
        said = true;
        notice();
      }, ms);
      timer.unref();
    },
    done: () => clearTimeout(timer),
  };
}

export const cacheKey = (longTermKeyId: string, mfaSerial: string) =>
  createHash("sha256").update(`${longTermKeyId}\n${mfaSerial}`).digest("hex").slice(0, 32);

export class SessionCache {
  constructor(readonly dir: string) {}

  sessionFile(key: string) {
    return path.join(this.dir, "sessions", `${key}.json`);
  }
  lockFile(key: string) {
    return path.join(this.dir, "locks", `${key}.lock`);
  }
  deviceFile(serial: string) {
    return path.join(this.dir, "devices", `${createHash("sha256").update(serial).digest("hex").slice(0, 32)}.json`);
  }

  async read(key: string): Promise<CachedSession | undefined> {
    const text = await readTextOrUndefined(this.sessionFile(key));
    if (!text) return undefined;
    try {
      const j = JSON.parse(text) as Record<string, string>;
      if (!j.AccessKeyId || !j.SecretAccessKey || !j.SessionToken || !j.Expiration) return undefined;
      return {
        accessKeyId: j.AccessKeyId,
        secretAccessKey: j.SecretAccessKey,
        sessionToken: j.SessionToken,
        expiration: new Date(j.Expiration),
        mfaSerial: j.MfaSerial ?? "",
        longTermKeyId: j.LongTermKeyId ?? "",
      };
    } catch {
      return undefined; // a torn or foreign file is a cache miss, never a crash
    }
  }

  /** The cached session only if it still has more than the refresh margin left. */
  async reusable(key: string, now: Date): Promise<CachedSession | undefined> {
    const s = await this.read(key);
    return s && isReusable(sessionState(s.expiration, now)) ? s : undefined;
  }

  async write(key: string, s: CachedSession): Promise<void> {
    const body = {
      Version: 1,
      AccessKeyId: s.accessKeyId,
      SecretAccessKey: s.secretAccessKey,
      SessionToken: s.sessionToken,
      Expiration: s.expiration.toISOString(),
      MfaSerial: s.mfaSerial,
      LongTermKeyId: s.longTermKeyId,
    };
    await writeFileAtomic(this.sessionFile(key), JSON.stringify(body) + "\n", { mode: 0o600 });
  }

  async remove(key: string): Promise<boolean> {
    const f = this.sessionFile(key);
    const had = (await readTextOrUndefined(f)) !== undefined;
    await rm(f, { force: true });
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

export const codeHash = (serial: string, code: string) => createHash("sha256").update(`${serial}\n${code}`).digest("hex");

/** The cache for this user (XDG_CACHE_HOME or the OS equivalent). */
export const sessionCache = (w: Where) => new SessionCache(cacheDir(w));
