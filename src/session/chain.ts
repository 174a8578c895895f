import { AwsMfaError } from "../core/errors.js";
import { resolveProfileName } from "../core/profile.js";
import { isReusable, sessionState, type SessionCredentials } from "../core/session.js";
import { configFile } from "../core/paths.js";
import { readIniFile, withLock } from "../ports/files.js";
import type { World } from "../world.js";
import { chooseCodeSource, lazyTerminal, loadProfile, mfaDeps, type ProfileContext } from "./context.js";
import { getMfaSession } from "./mfa.js";
import { CHAINED_ROLE_MAX_SECONDS, readRole, roleCacheKey, type RoleSettings } from "./roles.js";

// The credential chain: long-term key → MFA session → cache (→ assumed role). One builder
// assembles it for credential-process, exec and env, and records why it chose each step.

export interface ChainOptions {
  /** Never open the terminal (direnv, the shell hook): fail with the login hint instead. */
  noPrompt?: boolean;
  force?: boolean;
}

export interface ChainResult {
  profile: string;
  credentials: SessionCredentials;
  region?: string;
  /** Human-readable steps, for --debug / doctor. */
  steps: string[];
  /** The cache file to watch for renewals (direnv's watch_file). */
  cacheFile: string;
}

export async function resolveChain(world: World, flagProfile: string | undefined, opts: ChainOptions = {}): Promise<ChainResult> {
  const name = resolveProfileName(flagProfile, world.env);
  const role = readRole(await readIniFile(configFile(world), "config"), name);
  const ctx = await loadProfile(world, role ? role.sourceProfile : name);
  const term = lazyTerminal(world);
  try {
    const deps = mfaDeps(world, ctx, term);
    const steps = [`long-term key ${ctx.key.accessKeyId} from [${ctx.profile.longTermSection}] in ${ctx.credentialsFile}`];
    const codes = () =>
      opts.noPrompt
        ? noPromptFail(ctx)
        : chooseCodeSource(world, ctx, term, {
            allowStdin: false,
            noTerminalMessage: `no terminal to ask for the MFA code for ${ctx.name}; run 'awsmfa login --profile ${ctx.name}'`,
          });

    if (role && (role.durationSeconds ?? 3600) > CHAINED_ROLE_MAX_SECONDS) {
      // A role session longer than 1 h cannot come from an MFA session (role chaining cap), so
      // AssumeRole is called with the long-term key plus SerialNumber/TokenCode: one more code.
      return await roleDirect(world, name, role, ctx, deps, codes, steps);
    }
    const mfa = await getMfaSession(deps, { profile: ctx.profile, key: ctx.key, durationSeconds: ctx.profile.durationSeconds, force: opts.force && !role, codes });
    steps.push(`${mfa.fresh ? "new" : "cached"} MFA session for ${ctx.profile.mfaSerial} until ${mfa.session.expiration.toISOString()} (${mfa.cacheFile})`);
    if (!role) return { profile: name, credentials: mfa.session, region: ctx.profile.region, steps, cacheFile: mfa.cacheFile };

    const key = roleCacheKey(ctx.key.accessKeyId, ctx.profile.mfaSerial, role);
    const cacheFile = deps.cache.sessionFile(key);
    const cached = await deps.cache.read(key);
    if (!opts.force && cached && isReusable(sessionState(cached.expiration, world.now()))) {
      steps.push(`cached role session for ${role.roleArn}`);
      return { profile: name, credentials: cached, region: role.region ?? ctx.profile.region, steps, cacheFile };
    }
    const creds = await withLock(deps.cache.lockFile(key), async () => {
      const again = await deps.cache.read(key);
      if (!opts.force && again && isReusable(sessionState(again.expiration, world.now()))) return again;
      const sts = await deps.sts();
      // Never ask for longer than the MFA session lives, nor over the chaining cap.
      const left = Math.floor((mfa.session.expiration.getTime() - world.now().getTime()) / 1000);
      const duration = Math.max(900, Math.min(role.durationSeconds ?? 3600, CHAINED_ROLE_MAX_SECONDS, left));
      const s = await sts.assumeRole(mfa.session, {
        roleArn: role.roleArn,
        roleSessionName: role.roleSessionName ?? `awsmfa-${ctx.name}`,
        externalId: role.externalId,
        durationSeconds: duration,
      });
      const out = { ...s, mfaSerial: ctx.profile.mfaSerial, longTermKeyId: ctx.key.accessKeyId };
      await deps.cache.write(key, out);
      return out;
    });
    steps.push(`assumed ${role.roleArn} with the MFA session`);
    return { profile: name, credentials: creds, region: role.region ?? ctx.profile.region, steps, cacheFile };
  } finally {
    term.close();
  }
}

async function roleDirect(
  world: World,
  name: string,
  role: RoleSettings,
  ctx: ProfileContext,
  deps: ReturnType<typeof mfaDeps>,
  codes: () => import("./codes.js").CodeSource,
  steps: string[],
): Promise<ChainResult> {
  const key = roleCacheKey(ctx.key.accessKeyId, ctx.profile.mfaSerial, role);
  const cacheFile = deps.cache.sessionFile(key);
  const fresh = (s: Awaited<ReturnType<typeof deps.cache.read>>) => !!s && isReusable(sessionState(s.expiration, world.now()));
  const cached = await deps.cache.read(key);
  if (fresh(cached)) {
    steps.push(`cached role session for ${role.roleArn}`);
    return { profile: name, credentials: cached!, region: role.region ?? ctx.profile.region, steps, cacheFile };
  }
  const creds = await withLock(deps.cache.lockFile(key), async () => {
    const again = await deps.cache.read(key);
    if (fresh(again)) return again!;
    const code = await codes().get(1);
    const sts = await deps.sts();
    const s = await sts.assumeRole(ctx.key, {
      roleArn: role.roleArn,
      roleSessionName: role.roleSessionName ?? `awsmfa-${ctx.name}`,
      externalId: role.externalId,
      durationSeconds: role.durationSeconds,
      serialNumber: ctx.profile.mfaSerial,
      tokenCode: code,
    });
    await deps.cache.rememberCode(ctx.profile.mfaSerial, code, world.now().getTime());
    const out = { ...s, mfaSerial: ctx.profile.mfaSerial, longTermKeyId: ctx.key.accessKeyId };
    await deps.cache.write(key, out);
    return out;
  });
  steps.push(`assumed ${role.roleArn} with the long-term key and an MFA code (duration over 1 h)`);
  return { profile: name, credentials: creds, region: role.region ?? ctx.profile.region, steps, cacheFile };
}

function noPromptFail(ctx: ProfileContext): never {
  throw new AwsMfaError("NoTerminal", `no valid session for ${ctx.name}; run 'awsmfa login --profile ${ctx.name}'`);
}
