import { resolveProfileName, type IniReader } from "../core/profile.js";
import { resolvePlan, type Plan } from "../core/resolve.js";
import { fileSessionExpiry } from "../core/session.js";
import { lifetimeMs, sessionCache, type SessionReader } from "../session/cache.js";
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
  const want = { serial: plan.serial };
  const read = async (key: string, roleArn?: string) => {
    const s = await cache.read(key);
    return s && s.mfaSerial === want.serial && (s.roleArn ?? "") === (roleArn ?? "") ? s : undefined;
  };
  const cached = await read(plan.cache.mfa);
  const out: SessionWhere = { sessionFile: cache.sessionFile(plan.cache.mfa), expiration: cached?.expiration, lifetimeMs: cached && lifetimeMs(cached) };
  if (plan.mode === "file") {
    // File mode: the AWS CLI reads [SOURCE] (for a role too: it assumes the role from there).
    const source = plan.mfa.name;
    out.expiration = fileSessionExpiry(files.creds, source);
    const same = cached && files.creds.get(source, "aws_access_key_id")?.trim() === cached.accessKeyId;
    out.lifetimeMs = same ? lifetimeMs(cached) : undefined;
  }
  if (plan.role) {
    const r = await read(plan.cache.role!, plan.role.roleArn);
    out.role = { sessionFile: cache.sessionFile(plan.cache.role!), expiration: r?.expiration, lifetimeMs: r && lifetimeMs(r) };
  }
  return out;
}

/** The shell hook's question: when does the session of this profile (a role's: its source's) end? */
export async function findSessionExpiry(world: World, profile: string): Promise<Date | undefined> {
  const files = await readAwsFiles(world);
  const plan = resolvePlan({ config: files.config, name: resolveProfileName(profile, world.env), configFile: files.configFile });
  return (await sessionWhere(files, sessionCache(world), plan)).expiration;
}
