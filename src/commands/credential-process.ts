import { parseFlags } from "../core/flags.js";
import { REFRESH_MARGIN_TEXT } from "../core/session.js";
import { credentialProcessFlags, credentialProcessJson } from "../session/fast.js";
import { credentialsFor } from "../session/warm.js";
import type { Command } from "./types.js";

const help = `awsmfa credential-process — session credentials for the AWS CLI and SDKs, on demand

Usage: awsmfa credential-process --profile P [--no-prompt]

Prints AWS's credential_process JSON ({"Version":1,"AccessKeyId",…,"Expiration"}). A cached
session with at least ${REFRESH_MARGIN_TEXT} left (a quarter of its lifetime when it is shorter
than an hour) is printed at once, with no network call and no key store opened. Otherwise it
renews the session once for all processes (others wait), asking for the code with the profile's
mfa_process, else on the terminal itself (/dev/tty); with no terminal it fails within a second
with a hint to run 'awsmfa login'. Expired credentials are never printed.

Put it in ~/.aws/config with 'awsmfa configure --profile P --mode process', or by hand:
  [profile work]
  mfa_serial = arn:aws:iam::123456789012:mfa/alice
  credential_process = awsmfa credential-process --profile work

For a role profile (role_arn + source_profile) it prints the role's credentials: the role is
assumed with the source profile's cached MFA session, so there is no second prompt. AWS caps such
role sessions at 1 hour; for a role duration_seconds over 3600, awsmfa calls AssumeRole with the
long-term key and a fresh MFA code instead. (The AWS CLI ignores credential_process in a profile
that has role_arn: it assumes the role itself from the source profile.)

Flags:
  -p, --profile P   profile (default: $AWS_PROFILE, $AWS_DEFAULT_PROFILE, then "default")
  --no-prompt       never ask; fail with the login hint when a new session is needed

Examples:
  awsmfa credential-process --profile work
  aws sts get-caller-identity --profile work     # with credential_process configured
`;

export const command: Command = {
  help,
  async run(world, args) {
    const { flags } = parseFlags(args, credentialProcessFlags, { command: "credential-process" });
    const r = await credentialsFor(world, flags.profile, { noPrompt: flags["no-prompt"] });
    world.stdout.write(credentialProcessJson(r.credentials));
    return 0;
  },
};
