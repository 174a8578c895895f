import { badFlag, msg } from "./errors.js";

// Session lengths: STS accepts 900..129600 s for an IAM user's GetSessionToken.
export const MIN_DURATION = 900;
export const MAX_DURATION = 129_600;
export const DEFAULT_DURATION = 43_200;

const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Parses `900`, `900s`, `15m`, `12h`, `1h30m`, `36h`; `flag` names the source in errors. */
export function parseDuration(text: string, flag: string, min = MIN_DURATION, max = MAX_DURATION): number {
  const t = text.trim().toLowerCase();
  let seconds: number | undefined;
  if (/^\d+$/.test(t)) seconds = Number(t);
  else if (/^(\d+[smhd])+$/.test(t)) {
    seconds = 0;
    for (const m of t.matchAll(/(\d+)([smhd])/g)) seconds += Number(m[1]) * UNIT[m[2]!]!;
  }
  if (seconds === undefined || !Number.isSafeInteger(seconds))
    throw badFlag(flag, msg("duration.textIsNotA", { text }));
  if (seconds < min || seconds > max)
    throw badFlag(flag, msg("duration.secondsSIsOutside", { seconds, min, max, min2: humanDuration(min), max2: humanDuration(max) }));
  return seconds;
}

/** 5h 3m, 14 min, 40 s: for messages. */
export function humanDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return m ? `${h}h ${m}m` : `${h}h`;
}

/**
 * A millisecond bound from an environment variable (AWSMFA_HTTP_TIMEOUT_MS, …), else `fallback`.
 * Tests shorten bounds this way; a bad value is a usage error naming the variable, never ignored.
 */
export function envMilliseconds(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) throw badFlag(name, msg("duration.valueIsNotA", { value: raw.slice(0, 20) }));
  return Number(raw);
}
