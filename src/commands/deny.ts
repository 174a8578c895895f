import { printable } from "../core/printable.js";
import { deny, resolveTarget } from "../ports/trust-store.js";
import { spec } from "./deny.spec.js";
import { parseCommand } from "./spec.js";
import type { Command } from "./types.js";
import { t as tr } from "../i18n/index.js";


export const command: Command = {
  async run(world, args) {
    const { positionals } = parseCommand(spec, args);
    const file = await resolveTarget(world, positionals[0], false);
    await deny(world, file);
    world.stderr.write(tr("deny.awsmfaDeniedFile", { file: printable(file) }));
    return 0;
  },
};
