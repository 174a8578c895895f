import { paint, useColor, type Paint } from "../core/color.js";
import { AwsMfaError, msg } from "../core/errors.js";
import { humanDuration } from "../core/duration.js";
import { longTermSectionFor, type MfaProfile } from "../core/profile.js";
import { listedPlans, resolvePlan } from "../core/resolve.js";
import { localTime, sessionState, type SessionState } from "../core/session.js";
import { readAwsFiles } from "../ports/aws-files.js";
import { mfaSessionWhere, roleSessionOf } from "../ports/session-info.js";
import { sessionCache } from "../session/cache.js";
import { spec } from "./status.spec.js";
import { parseCommand } from "./spec.js";
import type { Command } from "./types.js";


type SessionView = { state: SessionState["kind"]; expiration?: string; remainingSeconds?: number };

export interface ProfileStatus {
  profile: string;
  mfaSerial: string;
  mode: "file" | "process";
  keySource: string;
  keySection: string;
  /** Whether the key is there; absent for a keyring or file source (status never opens a store). */
  keyPresent?: boolean;
  session: SessionView;
  sessionFile?: string;
  /** sessionFile: always in --json (text does not show it). */
  role?: { roleArn: string; sourceProfile: string; session: SessionView; sessionFile?: string };
}

function view(expiration: Date | undefined, now: Date, lifetimeMs?: number): SessionView {
  const st = sessionState(expiration, now, lifetimeMs);
  // Built without spreads (one object per row of 50,000); the keys in the same order.
  if (st.kind === "none") return NO_SESSION;
  const v: SessionView = { state: st.kind, expiration: st.expiration.toISOString() };
  if (st.kind === "valid" || st.kind === "expiring") v.remainingSeconds = Math.floor(st.remainingMs / 1000);
  return v;
}

// One object for every row without a session (most role rows): a view is never changed once made.
const NO_SESSION: SessionView = Object.freeze({ state: "none" });

/** The fields of a row that all the profiles of one MFA source share (after `profile`, in order). */
type SourceFields = Omit<ProfileStatus, "profile" | "role">;
/** One MFA source's fields, and the text its role rows share (made when the first is shown). */
type Shared = { fields: SourceFields; roleTail: string | undefined };

export const command: Command = {
  async run(world, args) {
    const { flags } = parseCommand(spec, args);
    const files = await readAwsFiles(world);
    const { configFile: cfgPath, config, creds } = files;
    // Each profile is resolved once (listing the names, then resolving each, read them all twice).
    const plans = flags.profile ? [resolvePlan({ config, name: flags.profile, configFile: cfgPath })] : listedPlans(config, cfgPath);
    // One listing of the cache for all rows: 50,000 role profiles of one device share one session.
    const cache = sessionCache(world).snapshot();
    const now = world.now();
    // Each row is printed (or serialised) as it is made: 50,000 row objects kept to the end were
    // most of the memory, and the time its collection took.
    const out: string[] = [];
    let batch: string[] = [];
    // What the rows of one MFA source share (thousands of generated role profiles may share one),
    // found once: the planner hands every plan of a source the same MfaProfile object.
    const shared = new Map<MfaProfile, Shared>();
    // The state word in colour for a person (valid green, expiring yellow, expired or missing red); never in --json.
    const p = paint(useColor(world.env, world.stdoutIsTTY ?? false));
    for (const plan of plans) {
      let source = shared.get(plan.mfa);
      if (!source) {
        const account = plan.key.account;
        // Only the credentials source can be looked at without opening a store.
        const section = longTermSectionFor(account);
        const keyPresent =
          plan.key.source === "credentials" ? !!creds.get(section, "aws_access_key_id")?.trim() && !!creds.get(section, "aws_secret_access_key")?.trim() : undefined;
        const where = await mfaSessionWhere(files, cache, plan);
        const fields: SourceFields = {
          mfaSerial: plan.serial,
          mode: plan.mode,
          keySource: plan.key.source,
          keySection: plan.key.source === "credentials" ? section : account,
          ...(keyPresent === undefined ? {} : { keyPresent }),
          session: view(where.expiration, now, where.lifetimeMs),
          sessionFile: where.sessionFile,
        };
        source = { fields, roleTail: undefined };
        shared.set(plan.mfa, source);
      }
      const role = plan.role;
      if (!role) batch.push(flags.json ? JSON.stringify({ profile: plan.name, ...source.fields }) : formatRow({ profile: plan.name, ...source.fields }, p) + "\n");
      else {
        // Text names no file: a role that no cache file was issued for has no session, whatever
        // its id, so the id is not derived (hashed) for it.
        const id = flags.json || cache.mayHold({ serial: plan.serial, roleArn: role.roleArn }) ? plan.cache.role! : undefined;
        const r = id === undefined ? undefined : roleSessionOf(cache.get(id), plan);
        const session = r ? view(r.expiration, now, r.lifetimeMs) : NO_SESSION;
        if (flags.json) {
          const roleView: NonNullable<ProfileStatus["role"]> = { roleArn: role.roleArn, sourceProfile: role.sourceProfile, session };
          if (id !== undefined) roleView.sessionFile = cache.sessionFile(id);
          batch.push(JSON.stringify({ profile: plan.name, ...source.fields, role: roleView }));
        }
        // A role row's lines after its own two are its source's, made once: a row of 50,000 is
        // then a few pieces, where each piece of a rope costs its join.
        else batch.push(roleHead(plan.name, role) + (source.roleTail ??= roleTail(source.fields, role.sourceProfile, p)) + formatSession(session, p) + "\n");
      }
      // Joined every 1,000 rows: a row's text is a rope of small strings until joined.
      if (batch.length === 1000) [out[out.length], batch] = [batch.join(flags.json ? "," : ""), []];
    }
    if (batch.length) out.push(batch.join(flags.json ? "," : ""));
    if (flags.json) {
      world.stdout.write(`[${out.join(",")}]\n`);
      return 0;
    }
    if (!out.length) {
      throw new AwsMfaError("NotFound", msg("status.cfgpathNoProfileHas", { cfgPath }), { hint: msg("status.runAwsmfaSetupProfile") });
    }
    // A write per 1,000 rows, made once every row is: a write per row cost more than the rows
    // themselves with 50,000 profiles, and one joined text was another copy of all of them.
    for (const chunk of out) world.stdout.write(chunk);
    return 0;
  },
};

// The MFA session's view is one object for all the rows of its source: its text is made once.
const shownSessions = new WeakMap<SessionView, { p: Paint; text: string }>();
function formatSession(s: SessionView, p: Paint): string {
  if (s.state === "none") return sessionText(s, p);
  const hit = shownSessions.get(s);
  if (hit?.p === p) return hit.text;
  const text = sessionText(s, p);
  shownSessions.set(s, { p, text });
  return text;
}

function sessionText(s: SessionView, p: Paint): string {
  const exp = s.expiration ? localTime(new Date(s.expiration)) : "";
  return s.state === "valid" || s.state === "expiring"
    ? `${(s.state === "valid" ? p.green : p.yellow)("valid")} until ${exp} (${humanDuration(s.remainingSeconds ?? 0)} left${s.state === "expiring" ? ", renews on next use" : ""})`
    : s.state === "expired"
      ? `${p.red("expired")} at ${exp}`
      : "none";
}

/** One row as text: the reference the rows of a whole listing (made in parts, see run) must equal. */
export function formatRow(r: ProfileStatus, p: Paint): string {
  if (!r.role) return `${r.profile}\n  mfa_serial: ${r.mfaSerial}\n  key:        ${keyText(r, p)}\n  mode:       ${r.mode}\n  session:    ${formatSession(r.session, p)}`;
  return roleHead(r.profile, r.role) + roleTail(r, r.role.sourceProfile, p) + formatSession(r.role.session, p);
}

// A role row in three parts: its own first lines, the lines all the role rows of its source
// share (status makes them once per source), and its role session.
const roleHead = (profile: string, role: { roleArn: string; sourceProfile: string }) => `${profile}\n  role:       ${role.roleArn} (assumed from ${role.sourceProfile})\n`;
// Joined from an array, so one flat string: made by +, it is a tree of pieces that every row's
// join walks again (a third of status's text time with 50,000 rows).
const roleTail = (r: SourceFields, src: string, p: Paint) =>
  [
    `  mfa_serial: ${r.mfaSerial} (of ${src})\n  key:        ${keyText(r, p)}\n`,
    `  mode:       ${r.mode} (of ${src}; the AWS CLI assumes the role itself)\n  session:    ${formatSession(r.session, p)} (${src}'s MFA session)\n`,
    `  role session: `,
  ].join("");

function keyText(r: SourceFields, p: Paint): string {
  const where = r.keySource === "credentials" ? `[${r.keySection}]` : `account ${r.keySection}`;
  return r.keyPresent === false ? `${p.red("missing")} (expected in [${r.keySection}])` : `${r.keySource} ${where}`;
}
