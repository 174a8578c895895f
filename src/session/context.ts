import { AwsMfaError } from "../core/errors.js";
import type { IniDocument } from "../core/ini.js";
import { configFile, credentialsFile } from "../core/paths.js";
import { readLongTermKey, readMfaProfile, resolveProfileName, type LongTermKey, type MfaProfile } from "../core/profile.js";
import { isLongTermKeyId } from "../core/session.js";
import { readIniFile } from "../ports/files.js";
import type { LazyTerminal } from "../ports/terminal.js";
import { createSts, type StsPort } from "../ports/sts.js";
import type { World } from "../world.js";
import { sessionCache } from "./cache.js";
import { flagCode, processCode, stdinCode, terminalCode, type CodeSource } from "./codes.js";
import type { MfaDeps } from "./mfa.js";

// What every profile-using command needs, read once: both AWS files, the MFA profile and its key.
export interface ProfileContext {
  name: string;
  configFile: string;
  credentialsFile: string;
  config: IniDocument;
  creds: IniDocument;
  profile: MfaProfile;
  key: LongTermKey;
}

export async function loadProfile(world: World, flagProfile: string | undefined): Promise<ProfileContext> {
  const name = resolveProfileName(flagProfile, world.env);
  const cfgPath = configFile(world);
  const credPath = credentialsFile(world);
  const [config, creds] = await Promise.all([readIniFile(cfgPath, "config"), readIniFile(credPath, "credentials")]);
  const profile = readMfaProfile(config, name, cfgPath);
  refuseLongTermKeyInSessionSection(creds, name, credPath);
  const key = readLongTermKey(creds, name, credPath);
  return { name, configFile: cfgPath, credentialsFile: credPath, config, creds, profile, key };
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
    sts: () => (sts ??= createSts({ env: world.env, region: ctx.profile.region, stderr: world.stderr })),
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
    return processCode(ctx.profile.mfaProcess, { env: world.env as NodeJS.ProcessEnv, platform: world.platform, profile: ctx.name });
  const t = term.get();
  if (t) return terminalCode(t, `${ctx.profile.mfaSerial} (profile ${ctx.name})`);
  if (opts.allowStdin && !world.stdinIsTTY) return stdinCode(world.readStdinLine, opts.noTerminalMessage);
  throw new AwsMfaError("NoTerminal", opts.noTerminalMessage);
}
