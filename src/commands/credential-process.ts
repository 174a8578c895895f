import { credentialProcessJson } from "./credential-process.thin.js";
import { credentialsFor } from "../session/warm.js";
import { spec } from "./credential-process.spec.js";
import { parseCommand } from "./spec.js";
import type { Command } from "./types.js";


export const command: Command = {
  async run(world, args) {
    const { flags } = parseCommand(spec, args);
    const r = await credentialsFor(world, flags.profile, { noPrompt: flags["no-prompt"] });
    world.stdout.write(credentialProcessJson(r.credentials));
    return 0;
  },
};
