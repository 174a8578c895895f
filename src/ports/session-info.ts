import { fileSessionExpiry } from "../core/session.js";
import type { IniDocument } from "../core/ini.js";
import { longTermSectionFor } from "../core/profile.js";
import { cacheKey, sessionCache, type SessionCache } from "../session/cache.js";
import type { World } from "../world.js";
import { readAwsFiles } from "./aws-files.js";

// Where a profile's current session stands, from local files only: never prompts, never touches
// the network. Shared by `status` and the shell hook's expiry notice.

export interface SessionWhere {
  /** When the session the AWS CLI would use expires; undefined when there is none. */
  expiration?: Date;
  /** The cache file that changes when the session is renewed (direnv watches it). */
  sessionFile?: string;
}

export async function sessionWhere(config: IniDocument, creds: IniDocument, cache: SessionCache, name: string): Promise<SessionWhere> {
  // A role profile's session stands or falls with its source profile's MFA session.
  const source = config.get(name, "role_arn") ? (config.get(name, "source_profile")?.trim() ?? name) : name;
  const serial = config.get(source, "mfa_serial")?.trim();
  const keyId = creds.get(longTermSectionFor(source), "aws_access_key_id")?.trim();
  const out: SessionWhere = {};
  if (serial && keyId) {
    const key = cacheKey(keyId, serial);
    out.sessionFile = cache.sessionFile(key);
    out.expiration = (await cache.read(key))?.expiration;
  }
  if (!config.get(name, "credential_process") && !config.get(name, "role_arn")) {
    // File mode: the AWS CLI reads [P]; that session is the one that matters.
    out.expiration = fileSessionExpiry(creds, name);
  }
  return out;
}

export async function findSessionExpiry(world: World, profile: string): Promise<Date | undefined> {
  const { config, creds } = await readAwsFiles(world);
  return (await sessionWhere(config, creds, sessionCache(world), profile)).expiration;
}
