import { credentialsFor } from "../session/warm.js";
import { spec } from "./credential-process.spec.js";
import { parseCommand } from "./spec.js";
import type { Command } from "./types.js";


export const command: Command = {
  async run(world, args) {
    const { flags } = parseCommand(spec, args);
    const r = await credentialsFor(world, flags.profile, { noPrompt: flags["no-prompt"] });
    const c = r.credentials;
    world.stdout.write(
      JSON.stringify({
        Version: 1,
        AccessKeyId: c.accessKeyId,
        SecretAccessKey: c.secretAccessKey,
        SessionToken: c.sessionToken,
        Expiration: c.expiration.toISOString(),
      }) + "\n",
    );
    return 0;
  },
};
