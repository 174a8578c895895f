import { paint, useColor, type Paint } from "../core/color.js";
import { AwsMfaError, msg } from "../core/errors.js";
import { humanDuration } from "../core/duration.js";
import { longTermSectionFor } from "../core/profile.js";
import { planner, planProfileNames } from "../core/resolve.js";
import { localTime, sessionState, type SessionState } from "../core/session.js";
import { readAwsFiles } from "../ports/aws-files.js";
import { sessionWhere } from "../ports/session-info.js";
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
  role?: { roleArn: string; sourceProfile: string; session: SessionView; sessionFile: string };
}

function view(expiration: Date | undefined, now: Date, lifetimeMs?: number): SessionView {
  const st = sessionState(expiration, now, lifetimeMs);
  return {
    state: st.kind,
    ...(st.kind !== "none" ? { expiration: st.expiration.toISOString() } : {}),
    ...(st.kind === "valid" || st.kind === "expiring" ? { remainingSeconds: Math.floor(st.remainingMs / 1000) } : {}),
  };
}

export const command: Command = {
  async run(world, args) {
    const { flags } = parseCommand(spec, args);
    const files = await readAwsFiles(world);
    const { configFile: cfgPath, config, creds } = files;
    const names = flags.profile ? [flags.profile] : planProfileNames(config);
    // One listing of the cache for all rows: 50,000 role profiles of one device share one session.
    const cache = sessionCache(world).snapshot();
    const now = world.now();
    // Each row is printed (or serialised) as it is made: 50,000 row objects kept to the end were
    // most of the memory, and the time its collection took.
    const out: string[] = [];
    let batch: string[] = [];
    const planFor = planner(config, cfgPath);
    // The state word in colour for a person (valid green, expiring yellow, expired or missing red); never in --json.
    const p = paint(useColor(world.env, world.stdoutIsTTY ?? false));
    for (const name of names) {
      const plan = planFor(name);
      const account = plan.key.account;
      // Only the credentials source can be looked at without opening a store.
      const section = longTermSectionFor(account);
      const keyPresent =
        plan.key.source === "credentials" ? !!creds.get(section, "aws_access_key_id")?.trim() && !!creds.get(section, "aws_secret_access_key")?.trim() : undefined;
      const where = await sessionWhere(files, cache, plan);
      const row: ProfileStatus = {
        profile: name,
        mfaSerial: plan.serial,
        mode: plan.mode,
        keySource: plan.key.source,
        keySection: plan.key.source === "credentials" ? section : account,
        ...(keyPresent === undefined ? {} : { keyPresent }),
        session: view(where.expiration, now, where.lifetimeMs),
        sessionFile: where.sessionFile,
        ...(plan.role && where.role
          ? {
              role: {
                roleArn: plan.role.roleArn,
                sourceProfile: plan.role.sourceProfile,
                session: view(where.role.expiration, now, where.role.lifetimeMs),
                sessionFile: where.role.sessionFile,
              },
            }
          : {}),
      };
      // Joined every 1,000 rows: a row's text is a rope of many small strings until joined.
      batch.push(flags.json ? JSON.stringify(row) : formatRow(row, p) + "\n");
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
    // One write: a write per row cost more than the rows themselves with 50,000 profiles.
    world.stdout.write(out.join(""));
    return 0;
  },
};

function formatSession(s: SessionView, p: Paint): string {
  const exp = s.expiration ? localTime(new Date(s.expiration)) : "";
  return s.state === "valid" || s.state === "expiring"
    ? `${(s.state === "valid" ? p.green : p.yellow)("valid")} until ${exp} (${humanDuration(s.remainingSeconds ?? 0)} left${s.state === "expiring" ? ", renews on next use" : ""})`
    : s.state === "expired"
      ? `${p.red("expired")} at ${exp}`
      : "none";
}

function formatRow(r: ProfileStatus, p: Paint): string {
  const where = r.keySource === "credentials" ? `[${r.keySection}]` : `account ${r.keySection}`;
  const key = r.keyPresent === false ? `${p.red("missing")} (expected in [${r.keySection}])` : `${r.keySource} ${where}`;
  if (!r.role) return `${r.profile}\n  mfa_serial: ${r.mfaSerial}\n  key:        ${key}\n  mode:       ${r.mode}\n  session:    ${formatSession(r.session, p)}`;
  const src = r.role.sourceProfile;
  return (
    `${r.profile}\n  role:       ${r.role.roleArn} (assumed from ${src})\n  mfa_serial: ${r.mfaSerial} (of ${src})\n  key:        ${key}\n` +
    `  mode:       ${r.mode} (of ${src}; the AWS CLI assumes the role itself)\n  session:    ${formatSession(r.session, p)} (${src}'s MFA session)\n` +
    `  role session: ${formatSession(r.role.session, p)}`
  );
}
