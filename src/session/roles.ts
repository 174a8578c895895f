import { createHash } from "node:crypto";
import { AwsMfaError } from "../core/errors.js";
import type { IniDocument } from "../core/ini.js";

// Role profiles (role_arn + source_profile), read from the config. Kept apart from the chain so
// the warm credential-process path can find a cached role session without loading the rest.

/** AWS caps a role session assumed with session credentials (role chaining) at 1 hour. */
export const CHAINED_ROLE_MAX_SECONDS = 3600;

export interface RoleSettings {
  roleArn: string;
  sourceProfile: string;
  roleSessionName?: string;
  externalId?: string;
  durationSeconds?: number;
  region?: string;
}

export function readRole(config: IniDocument, name: string): RoleSettings | undefined {
  const cfgPath = config.file;
  const roleArn = config.get(name, "role_arn")?.trim();
  if (!roleArn) return undefined;
  const sourceProfile = config.get(name, "source_profile")?.trim();
  if (!sourceProfile)
    throw new AwsMfaError("MalformedFile", `${cfgPath}: profile ${name} has role_arn but no source_profile`, {
      hint: "set source_profile to the MFA profile whose session assumes the role",
    });
  const d = config.get(name, "duration_seconds")?.trim();
  if (d !== undefined && (!/^\d+$/.test(d) || Number(d) < 900 || Number(d) > 43200))
    throw new AwsMfaError("MalformedFile", `${cfgPath}: profile ${name}: duration_seconds '${d}' must be 900..43200 for a role`);
  return {
    roleArn,
    sourceProfile,
    roleSessionName: config.get(name, "role_session_name")?.trim(),
    externalId: config.get(name, "external_id")?.trim(),
    durationSeconds: d === undefined ? undefined : Number(d),
    region: config.get(name, "region")?.trim(),
  };
}

export function roleCacheKey(keyId: string, serial: string, r: RoleSettings): string {
  return createHash("sha256")
    .update(["role", keyId, serial, r.roleArn, r.roleSessionName ?? "", r.externalId ?? "", String(r.durationSeconds ?? "")].join("\n"))
    .digest("hex")
    .slice(0, 32);
}

