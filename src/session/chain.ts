import { AwsMfaError } from "../core/errors.js";
import { resolveProfileName } from "../core/profile.js";
import type { SessionCredentials } from "../core/session.js";
import { readAwsFiles } from "../ports/aws-files.js";
import { withLock } from "../ports/lock.js";
import type { World } from "../world.js";
import { lazyTerminal } from "../ports/terminal.js";
import { chooseCodeSource, loadProfile, mfaDeps, type ProfileContext } from "./context.js";
import type { CachedSession } from "./cache.js";
import { getMfaSession, withMfaCode, type MfaDeps } from "./mfa.js";
import type { StsPort } from "../ports/sts.js";
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
  /** Why each step of the chain was taken; printed with --debug. */
  steps: string[];
}

export async function resolveChain(world: World, flagProfile: string | undefined, opts: ChainOptions = {}): Promise<ChainResult> {
  const name = resolveProfileName(flagProfile, world.env);
  const files = await readAwsFiles(world);
  const role = readRole(files.config, name);
  const ctx = await loadProfile(world, role ? role.sourceProfile : name, files);
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

    const roleSessionName = role?.roleSessionName ?? `awsmfa-${ctx.name}`;
    if (role && (role.durationSeconds ?? 3600) > CHAINED_ROLE_MAX_SECONDS) {
      // A role session longer than 1 h cannot come from an MFA session (role chaining cap), so
      // AssumeRole is called with the long-term key plus SerialNumber/TokenCode: one more code.
      const r = await roleSession(world, deps, ctx, role, opts.force, () =>
        withMfaCode(deps, ctx.profile, codes(), (sts, code) =>
          sts.assumeRole(ctx.key, {
            roleArn: role.roleArn,
            roleSessionName,
            externalId: role.externalId,
            durationSeconds: role.durationSeconds,
            serialNumber: ctx.profile.mfaSerial,
            tokenCode: code,
          }),
        ),
      );
      steps.push(r.fresh ? `assumed ${role.roleArn} with the long-term key and an MFA code (over 1 h)` : `cached role session for ${role.roleArn}`);
      return { profile: name, credentials: r.session, region: role.region ?? ctx.profile.region, steps };
    }
    const mfa = await getMfaSession(deps, { profile: ctx.profile, key: ctx.key, durationSeconds: ctx.profile.durationSeconds, force: opts.force && !role, codes });
    steps.push(`${mfa.fresh ? "new" : "cached"} MFA session for ${ctx.profile.mfaSerial} until ${mfa.session.expiration.toISOString()} (${mfa.cacheFile})`);
    if (!role) return { profile: name, credentials: mfa.session, region: ctx.profile.region, steps };

    const r = await roleSession(world, deps, ctx, role, opts.force, (sts) => {
      // Never ask for longer than the MFA session lives, nor over the chaining cap.
      const left = Math.floor((mfa.session.expiration.getTime() - world.now().getTime()) / 1000);
      return sts.assumeRole(mfa.session, {
        roleArn: role.roleArn,
        roleSessionName,
        externalId: role.externalId,
        durationSeconds: Math.max(900, Math.min(role.durationSeconds ?? 3600, CHAINED_ROLE_MAX_SECONDS, left)),
      });
    });
    steps.push(r.fresh ? `assumed ${role.roleArn} with the MFA session` : `cached role session for ${role.roleArn}`);
    return { profile: name, credentials: r.session, region: role.region ?? ctx.profile.region, steps };
  } finally {
    term.close();
  }
}

/** A role session from the cache, or a new one from `assume` under the role's own lock. */
async function roleSession(
  world: World,
  deps: MfaDeps,
  ctx: ProfileContext,
  role: RoleSettings,
  force: boolean | undefined,
  assume: (sts: StsPort) => Promise<SessionCredentials>,
): Promise<{ session: CachedSession; fresh: boolean }> {
  const key = roleCacheKey(ctx.key.accessKeyId, ctx.profile.mfaSerial, role);
  const reusable = async () => (force ? undefined : deps.cache.reusable(key, world.now()));
  const cached = await reusable();
  if (cached) return { session: cached, fresh: false };
  return withLock(deps.cache.lockFile(key), async () => {
    const again = await reusable();
    if (again) return { session: again, fresh: false };
    const session = { ...(await assume(await deps.sts())), mfaSerial: ctx.profile.mfaSerial, longTermKeyId: ctx.key.accessKeyId };
    await deps.cache.write(key, session);
    return { session, fresh: true };
  });
}

function noPromptFail(ctx: ProfileContext): never {
  throw new AwsMfaError("NoTerminal", `no valid session for ${ctx.name}; run 'awsmfa login --profile ${ctx.name}'`);
}
