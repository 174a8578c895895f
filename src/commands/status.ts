import { AwsMfaError, msg } from "../core/errors.js";
import { humanDuration } from "../core/duration.js";
import { longTermSectionFor } from "../core/profile.js";
import { planProfileNames, resolvePlan } from "../core/resolve.js";
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
    const cache = sessionCache(world);
    const now = world.now();
    const rows: ProfileStatus[] = [];
    for (const name of names) {
      const plan = resolvePlan({ config, name, configFile: cfgPath });
      const account = plan.key.account;
      // Only the credentials source can be looked at without opening a store.
      const section = longTermSectionFor(account);
      const keyPresent =
        plan.key.source === "credentials" ? !!creds.get(section, "aws_access_key_id")?.trim() && !!creds.get(section, "aws_secret_access_key")?.trim() : undefined;
      const where = await sessionWhere(files, cache, plan);
      rows.push({
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
      });
    }
    if (flags.json) {
      world.stdout.write(JSON.stringify(rows) + "\n");
      return 0;
    }
    if (!rows.length) {
      throw new AwsMfaError("NotFound", msg("status.cfgpathNoProfileHas", { cfgPath }), { hint: msg("status.runAwsmfaSetupProfile") });
    }
    for (const r of rows) world.stdout.write(formatRow(r) + "\n");
    return 0;
  },
};

function formatSession(s: SessionView): string {
  const exp = s.expiration ? localTime(new Date(s.expiration)) : "";
  return s.state === "valid" || s.state === "expiring"
    ? `valid until ${exp} (${humanDuration(s.remainingSeconds ?? 0)} left${s.state === "expiring" ? ", renews on next use" : ""})`
    : s.state === "expired"
      ? `expired at ${exp}`
      : "none";
}

function formatRow(r: ProfileStatus): string {
  const where = r.keySource === "credentials" ? `[${r.keySection}]` : `account ${r.keySection}`;
  const key = r.keyPresent === false ? `missing (expected in [${r.keySection}])` : `${r.keySource} ${where}`;
  if (!r.role) return `${r.profile}\n  mfa_serial: ${r.mfaSerial}\n  key:        ${key}\n  mode:       ${r.mode}\n  session:    ${formatSession(r.session)}`;
  const src = r.role.sourceProfile;
  return (
    `${r.profile}\n  role:       ${r.role.roleArn} (assumed from ${src})\n  mfa_serial: ${r.mfaSerial} (of ${src})\n  key:        ${key}\n` +
    `  mode:       ${r.mode} (of ${src}; the AWS CLI assumes the role itself)\n  session:    ${formatSession(r.session)} (${src}'s MFA session)\n` +
    `  role session: ${formatSession(r.role.session)}`
  );
}
