import { AwsMfaError } from "../core/errors.js";
import type { IniDocument } from "../core/ini.js";
import { readLongTermKey, readMfaProfile, resolveProfileName, type LongTermKey, type MfaProfile } from "../core/profile.js";
import { isLongTermKeyId } from "../core/session.js";
import { readAwsFiles, type AwsFiles } from "../ports/files.js";
import type { LazyTerminal } from "../ports/terminal.js";
import { createSts, type StsPort } from "../ports/sts.js";
import type { World } from "../world.js";
import { sessionCache } from "./cache.js";
import { flagCode, processCode, stdinCode, terminalCode, type CodeSource } from "./codes.js";
import type { MfaDeps } from "./mfa.js";

// What every profile-using command needs, read once: both AWS files, the MFA profile and its key.
export interface ProfileContext extends AwsFiles {
  name: string;
  profile: MfaProfile;
  key: LongTermKey;
}

/** `files`: both AWS files when the caller has read them already. */
export async function loadProfile(world: World, flagProfile: string | undefined, files?: AwsFiles): Promise<ProfileContext> {
  const name = resolveProfileName(flagProfile, world.env);
  const f = files ?? (await readAwsFiles(world));
  const profile = readMfaProfile(f.config, name, f.configFile);
  refuseLongTermKeyInSessionSection(f.creds, name, f.credentialsFile);
  const key = readLongTermKey(f.creds, name, f.credentialsFile);
  return { ...f, name, profile, key };
}

/** [P] is where sessions go; a long-term key there (the seed's [default]) must never be overwritten. */
export function refuseLongTermKeyInSessionSection(creds: IniDocument, name: string, credPath: string): void {
  if (isLongTermKeyId(creds.get(name, "aws_access_key_id")))
    throw new AwsMfaError("LongTermKeyInSessionSection", `${credPath}: [${name}] holds a long-term key (AKIA…); awsmfa will not overwrite it with a session`, {
      hint: `rename the section header [${name}] to [${name}-long-term] (or run 'awsmfa setup --profile ${name}'), then log in again`,
    });
}

export function mfaDeps(world: World, ctx: ProfileContext, term: LazyTerminal): MfaDeps {
  let sts: Promise<StsPort> | undefined;
  return {
    cache: sessionCache(world),
    sts: () => (sts ??= createSts({ env: world.env, region: ctx.profile.region, stderr: world.stderr, waiting: (l) => term.get()?.say(l) })),
    now: world.now,
    notify: term.tell,
  };
}

/** --code, else mfa_process, else the terminal, else one line of stdin (if allowed). */
export function chooseCodeSource(
  world: World,
  ctx: ProfileContext,
  term: Pick<LazyTerminal, "get">,
  opts: { code?: string; allowStdin: boolean; noTerminalMessage: string },
): CodeSource {
  if (opts.code !== undefined) return flagCode(opts.code);
  if (ctx.profile.mfaProcess)
    return processCode(ctx.profile.mfaProcess, { env: world.env as NodeJS.ProcessEnv, platform: world.platform, profile: ctx.name, onSignal: world.onSignal });
  const t = term.get();
  if (t) return terminalCode(t, `${ctx.profile.mfaSerial} (profile ${ctx.name})`);
  if (opts.allowStdin && !world.stdinIsTTY) return stdinCode(world.readStdinLine, opts.noTerminalMessage);
  throw new AwsMfaError("NoTerminal", opts.noTerminalMessage);
}
