import { parseDotfileBytes } from "../core/dotfile.js";
import { AwsMfaError } from "../core/errors.js";
import { parseFlags } from "../core/flags.js";
import { printable } from "../core/printable.js";
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
  return parsed.profile;
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
