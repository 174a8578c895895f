import type { IniDocument } from "./ini.js";

// Session validity rules, pure. One threshold for reuse everywhere (this is its only home): the
// AWS CLI re-runs credential_process from 15 minutes before expiry and the JS SDK from 5, so we
// renew earlier than both or the client would call us again right away and get the same
// near-dead session. A session shorter than an hour would then be "expiring" from birth (a 900 s
// one always), and every call would renew it: the margin shrinks to a quarter of its lifetime.
export const REFRESH_MARGIN_MS = 15 * 60 * 1000;

/** How long before expiry a session of this lifetime is renewed: min(15 min, lifetime / 4). */
export function refreshMarginMs(lifetimeMs?: number): number {
  if (lifetimeMs === undefined || !(lifetimeMs > 0)) return REFRESH_MARGIN_MS;
  return Math.min(REFRESH_MARGIN_MS, Math.floor(lifetimeMs / 4));
}

/** The margin in words, for help texts: "15 minutes". */
export const REFRESH_MARGIN_TEXT = `${REFRESH_MARGIN_MS / 60_000} minutes`;

export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export type SessionState =
  | { kind: "none" }
  | { kind: "valid"; expiration: Date; remainingMs: number }
  | { kind: "expiring"; expiration: Date; remainingMs: number } // valid, but inside the refresh margin
  | { kind: "expired"; expiration: Date };

/** `lifetimeMs`: how long the session was issued for, when known (it scales the margin). */
export function sessionState(expiration: Date | undefined, now: Date, lifetimeMs?: number): SessionState {
  if (!expiration || Number.isNaN(expiration.getTime())) return { kind: "none" };
  const remainingMs = expiration.getTime() - now.getTime();
  if (remainingMs <= 0) return { kind: "expired", expiration };
  if (remainingMs < refreshMarginMs(lifetimeMs)) return { kind: "expiring", expiration, remainingMs };
  return { kind: "valid", expiration, remainingMs };
}

export const isReusable = (s: SessionState) => s.kind === "valid";

/** Long-term IAM user keys start AKIA; STS session keys start ASIA. */
export const isLongTermKeyId = (id: string | undefined) => !!id && /^AKIA/.test(id);

/**
 * d.toISOString(), without it: V8 loads the local time zone (reading /etc/localtime) on the first
 * toISOString or JSON.stringify of a Date, which costs a warm credential-process about 2% of its
 * whole run on Node 24. A UTC field read does not. Years 0..9999 only, as AWS's own timestamps.
 */
export function isoUtc(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return (
    `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}` +
    `T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}Z`
  );
}

/** Local time with offset, e.g. 2026-11-25 23:14 +09:00 — what a user reads. */
export function localTime(d: Date, timeZoneOffsetMin = -d.getTimezoneOffset()): string {
  // status shows the one shared session's expiry on each of thousands of rows.
  if (lastLocal && lastLocal.t === d.getTime() && lastLocal.off === timeZoneOffsetMin) return lastLocal.text;
  const text = formatLocal(d, timeZoneOffsetMin);
  lastLocal = { t: d.getTime(), off: timeZoneOffsetMin, text };
  return text;
}
let lastLocal: { t: number; off: number; text: string } | undefined;

function formatLocal(d: Date, timeZoneOffsetMin: number): string {
  const shifted = new Date(d.getTime() + timeZoneOffsetMin * 60_000);
  const sign = timeZoneOffsetMin >= 0 ? "+" : "-";
  const off = Math.abs(timeZoneOffsetMin);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${shifted.toISOString().slice(0, 10)} ${shifted.toISOString().slice(11, 16)} ${sign}${pad(Math.floor(off / 60))}:${pad(off % 60)}`;
}

// The session in [P] of the credentials file (file mode): its four keys live here and nowhere else.
const FILE_SESSION_KEYS = ["aws_access_key_id", "aws_secret_access_key", "aws_session_token", "expiration"] as const;

/** When the session in [P] expires; undefined without one. */
export function fileSessionExpiry(creds: Pick<IniDocument, "get">, profile: string): Date | undefined {
  const exp = creds.get(profile, "expiration");
  return exp && creds.get(profile, "aws_session_token") ? new Date(exp) : undefined;
}

/** The session in [P] itself (file mode), when all four keys are there. */
export function readFileSession(creds: Pick<IniDocument, "get">, profile: string): SessionCredentials | undefined {
  const [accessKeyId, secretAccessKey, sessionToken] = FILE_SESSION_KEYS.slice(0, 3).map((k) => creds.get(profile, k)?.trim());
  const expiration = fileSessionExpiry(creds, profile);
  if (!accessKeyId || !secretAccessKey || !sessionToken || !expiration) return undefined;
  return { accessKeyId, secretAccessKey, sessionToken, expiration };
}

export function writeFileSession(doc: IniDocument, profile: string, s: SessionCredentials): void {
  const values = [s.accessKeyId, s.secretAccessKey, s.sessionToken, s.expiration.toISOString()];
  FILE_SESSION_KEYS.forEach((k, i) => doc.set(profile, k, values[i]!));
}

/** Removes a session from [P] (and [P] itself once empty); a long-term key there is never touched. */
export function removeFileSession(doc: IniDocument, profile: string): boolean {
  const id = doc.get(profile, "aws_access_key_id");
  if (isLongTermKeyId(id) || (id === undefined && doc.get(profile, "aws_session_token") === undefined)) return false;
  for (const k of FILE_SESSION_KEYS) doc.delete(profile, k);
  if (doc.keys(profile).length === 0) doc.deleteSection(profile);
  return true;
}
