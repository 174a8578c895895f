import { badFlag, usage } from "../core/errors.js";
import { CONFLICTING_VARS, ENV_FORMATS, formatEnv, sessionEnv, type EnvFormat } from "../core/envvars.js";
import { parseFlags } from "../core/flags.js";
import { credentialsFor } from "../session/warm.js";
import type { Command } from "./types.js";

const help = `awsmfa env — print session credentials as environment variables

Usage: awsmfa env [--profile P] [--format sh|fish|pwsh|dotenv|json] [--no-prompt]

Prints AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION,
AWS_REGION/AWS_DEFAULT_REGION (when the profile has a region) and AWSMFA_PROFILE, from the shared
session cache (renewing it like credential-process). sh/fish/pwsh also unset AWS_PROFILE and
AWS_DEFAULT_PROFILE, which would otherwise compete with the keys.

Flags:
  -p, --profile P   profile (default: $AWS_PROFILE, $AWS_DEFAULT_PROFILE, then "default")
  --format F        sh (default), fish, pwsh, dotenv or json
  --no-prompt       never ask for a code; fail with the login hint (for direnv and scripts)

Examples:
  eval "$(awsmfa env --profile work)"
  awsmfa env --profile work --format fish | source
  awsmfa env --profile work --format dotenv > .env.aws
`;

export const command: Command = {
  help,
  async run(world, args) {
    const { flags, positionals } = parseFlags(args, {
      profile: { type: "string", short: "p" },
      format: { type: "string" },
      "no-prompt": { type: "boolean" },
    });
    if (positionals.length) throw usage(`unexpected argument '${positionals[0]}'`, "see 'awsmfa env --help'");
    const format = (flags.format ?? "sh") as EnvFormat;
    if (!ENV_FORMATS.includes(format)) throw badFlag("--format", `'${flags.format}' is not one of ${ENV_FORMATS.join(", ")}`);
    const r = await credentialsFor(world, flags.profile, { noPrompt: flags["no-prompt"] });
    world.stdout.write(formatEnv(sessionEnv(r.profile, r.credentials, r.region), CONFLICTING_VARS, format));
    return 0;
  },
};
