import { NO_PROMPT_FLAG, PROFILE_FLAG } from "./common-flags.js";
import { defineCommand } from "./spec.js";

export const spec = defineCommand({
  name: "exec",
  summary: "run a command with session credentials in its environment",
  usage: ["exec [--profile P] [--no-prompt] -- CMD [ARGS…]"],
  description: `The child gets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
AWS_CREDENTIAL_EXPIRATION, AWS_REGION and AWS_DEFAULT_REGION (when known) and AWSMFA_PROFILE;
AWS_PROFILE and AWS_DEFAULT_PROFILE are removed so only one credential source is in play.
Signals are forwarded and awsmfa exits with the child's status (127 when CMD is not found, 126 when
it cannot be run, as env and sudo do). With no command it starts $SHELL.
Running exec inside another exec is refused (the inner one would shadow the outer keys).
For a role profile (role_arn + source_profile) the child gets the role's credentials, assumed
with the source profile's MFA session (no second prompt).`,
  flags: { profile: PROFILE_FLAG, "no-prompt": NO_PROMPT_FLAG },
  rest: "command",
  exitCodes: [
    [0, "the child's own exit status (128 + N when signal N ended it)"],
    [2, "usage: bad flag, a command not after '--', exec inside exec"],
    3,
    4,
    5,
    6,
    7,
    126,
    127,
    130,
  ],
  examples: [
    "awsmfa exec --profile work -- terraform plan",
    "awsmfa exec --profile work -- aws s3 ls",
    "awsmfa exec --profile work            # a subshell with the session",
  ],
});
