import { parseDotfileBytes } from "../core/dotfile.js";
import { AwsMfaError } from "../core/errors.js";
import { parseFlags } from "../core/flags.js";
import { printable } from "../core/printable.js";
import { longTermSectionFor } from "../core/profile.js";
import { readAwsFiles } from "../ports/aws-files.js";
import { allow, readBytes, resolveTarget } from "../ports/trust-store.js";
import type { World } from "../world.js";
import type { Command } from "./types.js";

const help = `awsmfa allow [FILE] — trust an .awsmfa file

Trusts the nearest .awsmfa (this folder or the closest one above it), or FILE (a folder means its
.awsmfa). Trust covers this exact content at this exact path: editing or moving the file withdraws
it, and the shell hook stops applying the file until you allow it again. Allowing also lifts an
earlier 'awsmfa deny' of the path. A file that does not parse is refused.

Examples:
  awsmfa allow
  awsmfa allow ~/src/billing
  awsmfa allow ./infra/.awsmfa
`;

/** Validates, then records trust; shared with `edit`. Returns the profile for the message. */
export async function allowFile(world: World, file: string): Promise<string> {
  const content = await readBytes(file);
  if (!content) throw new AwsMfaError("NotFound", `cannot read ${file}`);
  const parsed = parseDotfileBytes(content, file);
  for (const w of parsed.warnings) world.stderr.write(`awsmfa: warning: ${printable(w)}\n`);
  await allow(world, file, content);
  const region = parsed.region ? `, region ${parsed.region}` : "";
  world.stderr.write(`awsmfa: allowed ${printable(file)} (profile ${parsed.profile}${region})\n`);
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
  const longTerm = new Set(files.config.profiles().map(longTermSectionFor));
  const known = [...new Set([...files.config.profiles(), ...files.creds.profiles()])].filter((p) => files.config.has(p) || !longTerm.has(p));
  const shown = known.slice(0, LIST_AT_MOST).join(", ") + (known.length > LIST_AT_MOST ? `, … (${known.length - LIST_AT_MOST} more)` : "");
  return (
    `awsmfa: warning: profile ${profile} is in neither ${files.configFile} nor ${files.credentialsFile}; ` +
    (known.length ? `the profiles there: ${shown}` : "there are no profiles there yet")
  );
}

export const command: Command = {
  help,
  async run(world, args) {
    const { positionals } = parseFlags(args, {}, { command: "allow", max: 1 });
    const file = await resolveTarget(world, positionals[0], true);
    await allowFile(world, file);
    return 0;
  },
};
