import { usage, msg } from "../core/errors.js";
import { pickableProfiles } from "../core/profile.js";
import { readAwsFiles } from "../ports/aws-files.js";
import { spec } from "./complete.spec.js";
import { parseCommand } from "./spec.js";
import type { Command } from "./types.js";

// Profile names for the completion scripts: the AWS files are parsed here, by the same code as
// every other command, rather than a second time in shell.
export const command: Command = {
  async run(world, args) {
    const { positionals } = parseCommand(spec, args);
    if (positionals[0] !== "profiles") throw usage(msg("complete.awsmfaCompleteTakesProfiles"));
    const { config, creds } = await readAwsFiles(world);
    // A name with a control character would break the script's one-name-a-line reading.
    const names = pickableProfiles(config, creds).filter((n) => !/[\x00-\x1f\x7f]/.test(n));
    world.stdout.write(names.map((n) => n + "\n").join(""));
    return 0;
  },
};
