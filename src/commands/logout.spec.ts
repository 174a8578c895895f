import { PROFILE_FLAG } from "./common-flags.js";
import { defineCommand } from "./spec.js";

export const spec = defineCommand({
  name: "logout",
  summary: "forget a profile's session (never its long-term key)",
  usage: ["logout [--profile P]"],
  description: `Removes the session keys from [P] in ~/.aws/credentials and from awsmfa's cache. The long-term
key (in [P-long-term] or another key source) is never touched; a long-term (AKIA…) key in [P] is
left alone too. Profiles that share P's MFA device share its session, so they are logged out too,
and so are the cached sessions of role profiles whose source_profile is P.

For a role profile (role_arn + source_profile) it forgets only the cached role session; the
source profile's MFA session stays, and 'awsmfa logout --profile SOURCE' forgets that one.`,
  flags: { profile: PROFILE_FLAG },
  exitCodes: [3],
  examples: ["awsmfa logout --profile work", "awsmfa logout --profile ops        # a role: only its role session"],
});
