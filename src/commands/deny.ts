import { parseFlags } from "../core/flags.js";
import { printable } from "../core/printable.js";
import { deny, resolveTarget } from "../ports/trust-store.js";
import type { Command } from "./types.js";

const help = `awsmfa deny [FILE] — block an .awsmfa file

Blocks the nearest .awsmfa (or FILE; a folder means its .awsmfa) by its path, whatever it contains
now or later, and forgets earlier 'allow's of it. The shell hook then ignores the file quietly and
restores your previous AWS variables. Deny wins over allow; run 'awsmfa allow' to undo it.
The file need not exist: you can block a path before a checkout creates it.

Examples:
  awsmfa deny
  awsmfa deny ~/src/untrusted-repo
`;

export const command: Command = {
  help,
  async run(world, args) {
    const { positionals } = parseFlags(args, {}, { command: "deny", max: 1 });
    const file = await resolveTarget(world, positionals[0], false);
    await deny(world, file);
    world.stderr.write(`awsmfa: denied ${printable(file)}\n`);
    return 0;
  },
};
