import { REFRESH_MARGIN_TEXT } from "../core/session.js";
import { PROFILE_FLAG } from "./common-flags.js";
import { defineCommand } from "./spec.js";

export const spec = defineCommand({
  name: "credential-process",
  summary: "print session credentials for AWS credential_process",
  usage: ["credential-process --profile P [--no-prompt]"],
  description: `Prints AWS's credential_process JSON ({"Version":1,"AccessKeyId",…,"Expiration"}). A cached
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
that has role_arn: it assumes the role itself from the source profile.)`,
  flags: {
    profile: PROFILE_FLAG,
    "no-prompt": { type: "boolean", description: "never ask; fail with the login hint when a new session is needed" },
  },
  exitCodes: [3, 4, 5, 6, 7, 130],
  examples: ["awsmfa credential-process --profile work", "aws sts get-caller-identity --profile work     # with credential_process configured"],
});
