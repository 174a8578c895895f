import { AwsMfaError, msg } from "../core/errors.js";
import type { LongTermKey } from "../core/profile.js";
import { CHAINED_ROLE_MAX_SECONDS, type Plan, type RolePlan } from "../core/resolve.js";
import type { SessionCredentials } from "../core/session.js";
import { withLock } from "../ports/lock.js";
import { lazyTerminal } from "../ports/terminal.js";
import type { World } from "../world.js";
import type { CachedSession } from "./cache.js";
import { chooseCodeSource, loadLongTermKey, mfaDeps, refuseLongTermKeyInSessionSection, type PlanContext } from "./context.js";
import { getMfaSession, withMfaCode, type MfaDeps } from "./mfa.js";
import type { WaitBudget } from "./wait.js";

// The credential chain: long-term key → MFA session → cache (→ assumed role). One builder
// assembles it for credential-process, exec, env and login, and records why it chose each step.
// It runs the resolver's plan: which profile, which device, which role, which cache entries.

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

export async function resolveChain(world: World, ctx: PlanContext, wait: WaitBudget, opts: ChainOptions = {}): Promise<ChainResult> {
  const { plan } = ctx;
  const src = plan.mfa;
  refuseLongTermKeyInSessionSection(ctx.creds, src.name, ctx.credentialsFile);
  const term = lazyTerminal(world);
  try {
    const deps = mfaDeps(world, plan, term);
    const steps: string[] = [];
    let longTerm: Promise<LongTermKey> | undefined;
    const key = () =>
      (longTerm ??= loadLongTermKey(plan, ctx, world).then((k) => {
        steps.push(`long-term key ${k.accessKeyId} from the ${plan.key.source} source of ${plan.key.account}`);
        return k;
      }));
    const codes = () =>
      opts.noPrompt
        ? noPromptFail(src.name)
        : chooseCodeSource(world, plan, term, {
            allowStdin: false,
            noTerminalMessage: msg("sessionChain.noTerminalForCode", { name: src.name }),
          });
    const role = plan.role;
    const region = plan.region;

    if (role && plan.roleNeedsOwnCode) {
      // A role session longer than 1 h cannot come from an MFA session (role chaining cap), so
      // AssumeRole is called with the long-term key plus SerialNumber/TokenCode: one more code.
      const r = await roleSession(world, deps, plan, role, wait, opts.force, async () => {
        const k = await key();
        return withMfaCode(deps, src, codes(), (sts, code) =>
          sts.assumeRole(k, {
            roleArn: role.roleArn,
            roleSessionName: role.roleSessionName,
            externalId: role.externalId,
            durationSeconds: role.durationSeconds,
            serialNumber: plan.serial,
            tokenCode: code,
          }),
        );
      });
      steps.push(r.fresh ? `assumed ${role.roleArn} with the long-term key and an MFA code (over 1 h)` : `cached role session for ${role.roleArn}`);
      return { profile: plan.name, credentials: r.session, region, steps };
    }
    const mfa = await getMfaSession(deps, {
      profile: src,
      cacheId: plan.cache.mfa,
      key,
      durationSeconds: src.durationSeconds,
      force: opts.force && !role,
      codes,
      wait,
    });
    steps.push(`${mfa.fresh ? "new" : "cached"} MFA session for ${plan.serial} until ${mfa.session.expiration.toISOString()} (${mfa.cacheFile})`);
    if (!role) return { profile: plan.name, credentials: mfa.session, region, steps };

    const r = await roleSession(world, deps, plan, role, wait, opts.force, async () => {
      // Never ask for longer than the MFA session lives, nor over the chaining cap.
      const left = Math.floor((mfa.session.expiration.getTime() - world.now().getTime()) / 1000);
      return (await deps.sts()).assumeRole(mfa.session, {
        roleArn: role.roleArn,
        roleSessionName: role.roleSessionName,
        externalId: role.externalId,
        durationSeconds: Math.max(900, Math.min(role.durationSeconds ?? 3600, CHAINED_ROLE_MAX_SECONDS, left)),
      });
    });
    steps.push(r.fresh ? `assumed ${role.roleArn} with the MFA session` : `cached role session for ${role.roleArn}`);
    return { profile: plan.name, credentials: r.session, region, steps };
  } finally {
    term.close();
  }
}

/** A role session from the cache, or a new one from `assume` under the role's own lock. */
async function roleSession(
  world: World,
  deps: MfaDeps,
  plan: Plan,
  role: RolePlan,
  wait: WaitBudget,
  force: boolean | undefined,
  assume: () => Promise<SessionCredentials>,
): Promise<{ session: CachedSession; fresh: boolean }> {
  const key = plan.cache.role!;
  const want = { serial: plan.serial, roleArn: role.roleArn };
  const reusable = async () => (force ? undefined : deps.cache.reusable(key, world.now(), want));
  const cached = await reusable();
  if (cached) return { session: cached, fresh: false };
  return withLock(
    deps.cache.lockFile(key),
    async () => {
      const again = await reusable();
      if (again) return { session: again, fresh: false };
      const creds = await assume();
      const session: CachedSession = { ...creds, mfaSerial: plan.serial, roleArn: role.roleArn, issuedAt: world.now() };
      await deps.cache.write(key, session);
      return { session, fresh: true };
    },
    { timeoutMs: wait.left(), onWait: wait.onWait },
  );
}

function noPromptFail(name: string): never {
  throw new AwsMfaError("NoTerminal", msg("sessionChain.noValidSessionFor", { name }));
}
