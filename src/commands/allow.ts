import { parseDotfileBytes } from "../core/dotfile.js";
import { AwsMfaError, msg, renderMsg } from "../core/errors.js";
import { printable } from "../core/printable.js";
import { pickableProfiles } from "../core/profile.js";
import { readAwsFiles } from "../ports/aws-files.js";
import { allow, readBytes, resolveTarget } from "../ports/trust-store.js";
import type { World } from "../world.js";
import { spec } from "./allow.spec.js";
import { parseCommand } from "./spec.js";
import type { Command } from "./types.js";
import { t as tr } from "../i18n/index.js";


/** Validates, then records trust; shared with `edit`. Returns the profile for the message. */
export async function allowFile(world: World, file: string): Promise<string> {
  const content = await readBytes(file);
  if (!content) throw new AwsMfaError("NotFound", msg("allow.cannotReadFile", { file }));
  const parsed = parseDotfileBytes(content, file);
  for (const w of parsed.warnings) world.stderr.write(tr("allow.awsmfaWarningW", { w: printable(renderMsg(w)) }));
  await allow(world, file, content);
  const region = parsed.region ? tr("allow.region", { region: parsed.region }) : "";
  world.stderr.write(tr("allow.awsmfaAllowedFileProfile", { file: printable(file), profile: parsed.profile, region }));
  const missing = await missingProfileWarning(world, parsed.profile);
  if (missing) world.stderr.write(printable(missing) + "\n");
  return parsed.profile;
}

const LIST_AT_MOST = 10;

/**
 * Allowing a file that names no existing profile is not wrong (the profile may come later), but
 * every AWS call in that folder would then fail far from the cause: say so now. A profile counts
 * when either AWS file has it, as the AWS CLI reads both. Unreadable AWS files skip the check:
 * other commands report those.
 */
async function missingProfileWarning(world: World, profile: string): Promise<string | undefined> {
  const files = await readAwsFiles(world).catch(() => undefined);
  if (!files || files.config.has(profile) || files.creds.has(profile)) return undefined;
  // `[work-long-term]` in the credentials file holds work's key; it is no profile to pick.
  const known = pickableProfiles(files.config, files.creds);
  const shown = known.slice(0, LIST_AT_MOST).join(", ") + (known.length > LIST_AT_MOST ? tr("allow.more", { n: known.length - LIST_AT_MOST }) : "");
  return (
    tr(known.length ? "allow.profileMissing" : "allow.profileMissingNone", { profile, configFile: files.configFile, credentialsFile: files.credentialsFile, shown })
  );
}

export const command: Command = {
  async run(world, args) {
    const { positionals } = parseCommand(spec, args);
    const file = await resolveTarget(world, positionals[0], true);
    await allowFile(world, file);
    return 0;
  },
};
