import type { Dotfile } from "../core/dotfile.js";
import type { TrustState } from "../core/trust.js";
import { t } from "../i18n/index.js";

// What the hook should do after something changed, decided without I/O so every case is a table
// row in a unit test. The shell remembers two "seen" keys between runs so each notice prints once
// per change of state — once per entering a directory, not at every prompt.

export type FileView =
  | { kind: "none" }
  | { kind: "present"; path: string; trust: TrustState; key: string; parsed: Dotfile | ParseFailure };

/** `refused`: no `allow` can make this file usable (it is too large), so say that, trusted or not. */
export type ParseFailure = { error: string; refused?: boolean };

export type EnvAction = { kind: "none" } | { kind: "restore" } | { kind: "apply"; profile: string; region?: string };

export interface EnvPlan {
  action: EnvAction;
  /** The trust key now applied ("" for none). */
  applied: string;
  seenFile: string;
  notices: string[];
  /** The profile whose session the expiry notice is about, if any. */
  activeProfile?: string;
}

export interface EnvInput {
  file: FileView;
  /** Trust key the shell has applied, "" for none. */
  applied: string;
  seenFile: string;
  /** AWS_PROFILE as Node sees it. */
  envProfile?: string;
  /** When the shell has applied a file: AWS_PROFILE from before that ("" when it was unset). */
  outerProfile?: string;
}

const nonEmpty = (s: string | undefined) => (s ? s : undefined);

export function planEnv(i: EnvInput): EnvPlan {
  // What AWS_PROFILE is once we withdraw whatever we applied.
  const outer = i.applied ? nonEmpty(i.outerProfile) : nonEmpty(i.envProfile);
  const withdraw = (seenFile: string, notices: string[]): EnvPlan => ({
    action: i.applied ? { kind: "restore" } : { kind: "none" },
    applied: "",
    seenFile,
    notices,
    activeProfile: outer,
  });
  const f = i.file;
  if (f.kind === "none") return withdraw("", []);
  if (f.trust === "denied") return withdraw(`denied:${f.path}`, []); // the user said no: stay quiet
  if ("error" in f.parsed && f.parsed.refused) {
    const seen = `invalid:${f.key}`;
    return withdraw(seen, i.seenFile === seen ? [] : [`awsmfa: ${f.parsed.error}`]);
  }
  if (f.trust === "notallowed") {
    const seen = `notallowed:${f.path}`;
    const notices = i.seenFile === seen ? [] : [t("plan.notAllowed", { path: f.path })];
    return withdraw(seen, notices);
  }
  if ("error" in f.parsed) {
    const seen = `invalid:${f.key}`;
    return withdraw(seen, i.seenFile === seen ? [] : [`awsmfa: ${f.parsed.error}`]);
  }
  const { profile, region, warnings } = f.parsed;
  const seen = warnings.length ? `warn:${f.key}` : "";
  const notices = seen && i.seenFile !== seen ? warnings.map((w) => t("plan.warning", { w })) : [];
  const action: EnvAction =
    i.applied === f.key ? { kind: "none" } : region ? { kind: "apply", profile, region } : { kind: "apply", profile };
  return { action, applied: f.key, seenFile: seen, notices, activeProfile: profile };
}

export const WARN_BEFORE_MS = 10 * 60 * 1000;

export interface ExpiryPlan {
  seenExp: string;
  notice?: string;
  /** Epoch seconds at which the state changes next without any file changing, if ever. */
  checkAt?: number;
}

export function planExpiry(profile: string | undefined, expiry: Date | undefined, now: Date, seenExp: string): ExpiryPlan {
  if (!profile) return { seenExp: "" };
  if (!expiry) return { seenExp: `${profile}:none` };
  const left = expiry.getTime() - now.getTime();
  const state = left <= 0 ? "expired" : left <= WARN_BEFORE_MS ? "soon" : "ok";
  const seen = `${profile}:${state}`;
  const fresh = seen !== seenExp;
  const secs = (ms: number) => Math.ceil(ms / 1000);
  if (state === "ok") return { seenExp: seen, checkAt: secs(expiry.getTime() - WARN_BEFORE_MS) };
  if (state === "soon") {
    const min = Math.max(1, Math.ceil(left / 60_000));
    const notice = fresh ? t("plan.expiresIn", { profile, min }) : undefined;
    return { seenExp: seen, checkAt: secs(expiry.getTime()), ...(notice ? { notice } : {}) };
  }
  const notice = fresh ? t("plan.expired", { profile }) : undefined;
  return { seenExp: seen, ...(notice ? { notice } : {}) };
}
