import { cacheDir, configFile, credentialsFile } from "../core/paths.js";
import { longTermSectionFor, resolveProfileName } from "../core/profile.js";
import { isReusable, sessionState } from "../core/session.js";
import { readIniFile } from "../ports/files.js";
import type { World } from "../world.js";
import { cacheKey, SessionCache } from "./cache.js";
import type { ChainOptions, ChainResult } from "./chain.js";
import { readRole, roleCacheKey } from "./roles.js";

// The warm path of credential-process, exec and env: two small file reads and one cache read.
// The AWS SDK, the terminal and child processes are only loaded (with the chain) when the cached
// session is missing or inside the refresh margin — AWS CLI v2 runs credential_process often.

export async function credentialsFor(world: World, flagProfile: string | undefined, opts: ChainOptions = {}): Promise<ChainResult> {
  if (!opts.force) {
    const warm = await warmCredentials(world, flagProfile);
    if (warm) return warm;
  }
  const { resolveChain } = await import("./chain.js");
  return resolveChain(world, flagProfile, opts);
}

async function warmCredentials(world: World, flagProfile: string | undefined): Promise<ChainResult | undefined> {
  const name = resolveProfileName(flagProfile, world.env);
  const [config, creds] = await Promise.all([readIniFile(configFile(world), "config"), readIniFile(credentialsFile(world), "credentials")]);
  const role = readRole(config, name);
  const source = role ? role.sourceProfile : name;
  const serial = config.get(source, "mfa_serial")?.trim();
  const keyId = creds.get(longTermSectionFor(source), "aws_access_key_id")?.trim();
  if (!serial || !keyId) return undefined; // the full chain explains what is missing
  const key = role ? roleCacheKey(keyId, serial, role) : cacheKey(keyId, serial);
  const cache = new SessionCache(cacheDir(world));
  const s = await cache.read(key);
  if (!s || !isReusable(sessionState(s.expiration, world.now()))) return undefined;
  return {
    profile: name,
    credentials: s,
    region: role?.region ?? config.get(source, "region")?.trim(),
    steps: [`cached ${role ? "role" : "MFA"} session until ${s.expiration.toISOString()}`],
    cacheFile: cache.sessionFile(key),
  };
}
