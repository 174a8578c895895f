import { usage, msg } from "../core/errors.js";
import { completionModel } from "../shells/completion.js";
import { COMPLETIONS } from "../shells/index.js";
import { SHELL_NAMES, type ShellName } from "../shells/types.js";
import { spec } from "./completion.spec.js";
import { allSpecs } from "./index.js";
import { parseCommand } from "./spec.js";
import type { Command } from "./types.js";

export const command: Command = {
  async run(world, args) {
    const { positionals } = parseCommand(spec, args);
    const name = positionals[0];
    if (name === undefined || !(SHELL_NAMES as readonly string[]).includes(name))
      throw usage(msg("completion.awsmfaCompletionNeedsOne", { value: SHELL_NAMES.join(", ") }), msg("completion.eGEvalAwsmfa"));
    world.stdout.write(COMPLETIONS[name as ShellName](completionModel(await allSpecs())));
    return 0;
  },
};
