import { REFRESH_MARGIN_TEXT } from "../core/session.js";
import { PROFILE_FLAG } from "./common-flags.js";
import { defineCommand } from "./spec.js";

export const spec = defineCommand({
  name: "login",
  summary: "get an MFA session for a profile",
  usage: ["login [--profile P] [--code 123456] [--duration 12h] [--force] [--verify]"],
  description: `Reads mfa_serial, duration_seconds and region from [profile P] in ~/.aws/config and the long-term
key from [P-long-term] in ~/.aws/credentials, calls sts:GetSessionToken and writes the session to [P]
in ~/.aws/credentials (or only to awsmfa's cache when the profile uses credential_process).
A session with more than ${REFRESH_MARGIN_TEXT} left (a quarter of its lifetime for one shorter
than an hour) is reused without asking for a code. Its expiry is only known locally: a session that
AWS ended early (revoked, or its key deleted) looks valid until then; --verify asks AWS first.

For a role profile (role_arn + source_profile = S) it logs in S: the session goes to [S] (or S's
cache entry), where the AWS CLI finds it to assume the role itself. A role of up to 1 hour is also
assumed right away, so 'awsmfa exec/env/credential-process --profile ROLE' start warm; a longer
role needs its own MFA code and is assumed on first use.`,
  flags: {
    profile: PROFILE_FLAG,
    code: { type: "string", short: "c", value: "C", description: "the 6-digit MFA code (default: mfa_process, else ask on the terminal, else read one line from stdin)" },
    duration: {
      type: "string",
      short: "d",
      value: "D",
      description: "session length: 900, 15m, 12h, 36h (900..129600 s; default duration_seconds or 12h)",
      complete: ["15m", "1h", "8h", "12h", "36h"],
    },
    force: { type: "boolean", short: "f", description: "get a new session even if the current one is still valid" },
    verify: {
      type: "boolean",
      description: "ask AWS (sts:GetCallerIdentity) whether the current session still works; if AWS refuses it (ExpiredToken, InvalidClientTokenId), drop it and log in anew",
    },
  },
  exitCodes: [3, 4, 5, 6, 7, 130],
  examples: [
    "awsmfa login --profile work",
    "awsmfa login --profile work --code 123456 --duration 8h",
    "awsmfa login --profile work --verify",
    "ykman oath accounts code -s aws | awsmfa login --profile work",
  ],
});
