import { badFlag, msg } from "../core/errors.js";
import { CONFLICTING_VARS, sessionEnv } from "../core/envvars.js";
import { credentialsFor } from "../session/warm.js";
import { formatEnv } from "../shells/index.js";
import { ENV_FORMATS, type EnvFormat } from "../shells/types.js";
import { spec } from "./env.spec.js";
import { parseCommand } from "./spec.js";
import type { Command } from "./types.js";

export const command: Command = {
  async run(world, args) {
    const { flags } = parseCommand(spec, args);
    const format = (flags.format ?? "sh") as EnvFormat;
    if (!ENV_FORMATS.includes(format)) throw badFlag("--format", msg("env.formatIsNotOne", { format: flags.format ?? "", value: ENV_FORMATS.join(", ") }));
    const r = await credentialsFor(world, flags.profile, { noPrompt: flags["no-prompt"] });
    world.stdout.write(formatEnv(sessionEnv(r.profile, r.credentials, r.region), CONFLICTING_VARS, format));
    return 0;
  },
};
