import { resolveProfileName, type IniReader } from "../core/profile.js";
import { resolvePlan, type Plan } from "../core/resolve.js";
import { fileSessionExpiry } from "../core/session.js";
import { lifetimeMs, sessionCache, type CachedSession, type SessionReader } from "../session/cache.js";
import { isFor } from "../session/cache-file.js";
import type { World } from "../world.js";
import { readAwsFiles } from "./aws-files.js";

// Where a profile's current session stands, from local files only: never prompts, never touches
// the network, never opens a key source. Shared by `status` and the shell hook's expiry notice.

export interface SessionWhere {
  /** When the MFA session the AWS CLI would use expires; undefined when there is none. */
  expiration?: Date;
  /** How long that session was issued for, when known (it scales the refresh margin). */
  lifetimeMs?: number;
  /** The cache file that changes when the session is renewed (direnv watches it). */
  sessionFile: string;
  /** A role profile's own cached role session (renewed from the MFA session without a prompt). */
  role?: { expiration?: Date; lifetimeMs?: number; sessionFile: string };
}

export async function sessionWhere(files: { creds: Pick<IniReader, "get"> }, cache: SessionReader, plan: Plan): Promise<SessionWhere> {
  const out = await mfaSessionWhere(files, cache, plan);
  if (plan.role) out.role = { sessionFile: cache.sessionFile(plan.cache.role!), ...roleSessionOf(await cache.read(plan.cache.role!), plan) };
  return out;
}

/** sessionWhere without `role`: the same for every profile of one MFA source (plan.mfa). */
export async function mfaSessionWhere(files: { creds: Pick<IniReader, "get"> }, cache: SessionReader, plan: Plan): Promise<SessionWhere> {
  const s = await cache.read(plan.cache.mfa);
  const cached = isFor(s, { serial: plan.serial }) ? s : undefined;
  const out: SessionWhere = { sessionFile: cache.sessionFile(plan.cache.mfa), expiration: cached?.expiration, lifetimeMs: cached && lifetimeMs(cached) };
  if (plan.mode === "file") {
    // File mode: the AWS CLI reads [SOURCE] (for a role too: it assumes the role from there).
    const source = plan.mfa.name;
    out.expiration = fileSessionExpiry(files.creds, source);
    const same = cached && files.creds.get(source, "aws_access_key_id")?.trim() === cached.accessKeyId;
    out.lifetimeMs = same ? lifetimeMs(cached) : undefined;
  }
  return out;
}

/** A role profile's session, from what its cache file holds: only one issued for this device and role counts. */
export function roleSessionOf(s: CachedSession | undefined, plan: Plan): { expiration?: Date; lifetimeMs?: number } {
  const r = isFor(s, { serial: plan.serial, roleArn: plan.role!.roleArn }) ? s : undefined;
  return { expiration: r?.expiration, lifetimeMs: r && lifetimeMs(r) };
}

/** The shell hook's question: when does the session of this profile (a role's: its source's) end? */
export async function findSessionExpiry(world: World, profile: string): Promise<Date | undefined> {
  const files = await readAwsFiles(world);
  const plan = resolvePlan({ config: files.config, name: resolveProfileName(profile, world.env), configFile: files.configFile });
  return (await sessionWhere(files, sessionCache(world), plan)).expiration;
}
