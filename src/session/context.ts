import { AwsMfaError, msg, type Msg } from "../core/errors.js";
import { readLongTermKey, resolveProfileName, type IniReader, type LongTermKey } from "../core/profile.js";
import { resolvePlan, type Plan } from "../core/resolve.js";
import { isLongTermKeyId } from "../core/session.js";
import { readAwsFiles, type AwsFiles } from "../ports/aws-files.js";
import type { LazyTerminal } from "../ports/terminal.js";
import { slowNotice } from "../ports/slow.js";
import { createSts, type StsPort } from "../ports/sts.js";
import type { World } from "../world.js";
import { sessionCache } from "./cache.js";
import { flagCode, processCode, stdinCode, terminalCode, type CodeSource } from "./codes.js";
import type { MfaDeps } from "./mfa.js";
export { commandWait } from "./wait.js";

// What every profile-using command needs, read once: both AWS files and the resolver's plan. The
// long-term key is not part of it: it is read (loadLongTermKey) only when STS must be called.
export interface PlanContext extends AwsFiles {
  plan: Plan;
}

/** `files`: both AWS files when the caller has read them already. */
export async function loadPlan(world: World, flagProfile: string | undefined, files?: AwsFiles): Promise<PlanContext> {
  const name = resolveProfileName(flagProfile, world.env);
  const f = files ?? (await readAwsFiles(world));
  return { ...f, plan: resolvePlan({ config: f.config, name, configFile: f.configFile }) };
}

/**
 * The one place a long-term key is read, on a cache miss only: from the plan's key source, under
 * the MFA source profile's account (a role profile shares its source's key).
 */
export async function loadLongTermKey(plan: Plan, files: AwsFiles, world: World): Promise<LongTermKey> {
  // The credentials file is already read (no second read), and core's reader explains a key left
  // in plain [P]; every other store is opened here, and only here, through its adapter.
  if (plan.key.source === "credentials") return readLongTermKey(files.creds, plan.key.account, files.credentialsFile);
  const { openKeySource } = await import("../ports/keys/index.js");
  const store = await openKeySource(plan.key.source, world);
  const key = await store.read(plan.key.account);
  if (!key)
    throw new AwsMfaError("MissingLongTermKey", msg("sessionContext.noLongTermKey", { account: plan.key.account, account2: store.describe(plan.key.account) }), {
      hint: msg("sessionContext.storeOneWithAwsmfa", { account: plan.key.account }),
    });
  return key;
}

/** [P] is where sessions go; a long-term key there (the seed's [default]) must never be overwritten. */
export function refuseLongTermKeyInSessionSection(creds: IniReader, name: string, credPath: string): void {
  if (isLongTermKeyId(creds.get(name, "aws_access_key_id")))
    throw new AwsMfaError("LongTermKeyInSessionSection", msg("sessionContext.credpathNameHoldsA", { credPath, name }), {
      hint: msg("sessionContext.renameTheSectionHeader", { name }),
    });
}

export function mfaDeps(world: World, plan: Plan, term: LazyTerminal): MfaDeps {
  let sts: Promise<StsPort> | undefined;
  return {
    cache: sessionCache(world),
    sts: () => (sts ??= createSts({ env: world.env, region: plan.mfa.region, stderr: world.stderr, waiting: slowNotice(world, (l) => term.get()?.say(l)) })),
    now: world.now,
    notify: term.tell,
  };
}

/** --code, else mfa_process, else the terminal, else one line of stdin (if allowed). */
export function chooseCodeSource(
  world: World,
  plan: Plan,
  term: Pick<LazyTerminal, "get">,
  opts: { code?: string; allowStdin: boolean; noTerminalMessage: Msg },
): CodeSource {
  if (opts.code !== undefined) return flagCode(opts.code);
  const p = plan.mfa;
  if (p.mfaProcess)
    return processCode(p.mfaProcess, { env: world.env as NodeJS.ProcessEnv, platform: world.platform, profile: p.name, onSignal: world.onSignal });
  const t = term.get();
  if (t) return terminalCode(t, `${p.mfaSerial} (profile ${p.name})`);
  if (opts.allowStdin && !world.stdinIsTTY) return stdinCode(world.readStdinLine, opts.noTerminalMessage);
  throw new AwsMfaError("NoTerminal", opts.noTerminalMessage);
}
