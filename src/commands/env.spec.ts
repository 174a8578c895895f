import { ENV_FORMATS } from "../shells/types.js";
import { NO_PROMPT_FLAG, PROFILE_FLAG } from "./common-flags.js";
import { defineCommand } from "./spec.js";

export const spec = defineCommand({
  name: "env",
  summary: `print session credentials as ${ENV_FORMATS.join("/")}`,
  usage: [`env [--profile P] [--format ${ENV_FORMATS.join("|")}] [--no-prompt]`],
  description: `Prints AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION,
AWS_REGION/AWS_DEFAULT_REGION (when the profile has a region) and AWSMFA_PROFILE, from the shared
session cache (renewing it like credential-process). sh/fish/pwsh also unset AWS_PROFILE and
AWS_DEFAULT_PROFILE, which would otherwise compete with the keys. For a role profile the keys are
the role's, assumed with the source profile's MFA session.`,
  flags: {
    profile: PROFILE_FLAG,
    format: { type: "string", value: "F", description: `${ENV_FORMATS[0]} (default), ${ENV_FORMATS.slice(1, -1).join(", ")} or ${ENV_FORMATS.at(-1)}`, complete: ENV_FORMATS },
    "no-prompt": NO_PROMPT_FLAG,
  },
  exitCodes: [3, 4, 5, 6, 7, 130],
  examples: [
    'eval "$(awsmfa env --profile work)"',
    "awsmfa env --profile work --format fish | source",
    "awsmfa env --profile work --format dotenv > .env.aws",
  ],
});
