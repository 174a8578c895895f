import { PROFILE_FLAG } from "./common-flags.js";
import { defineCommand } from "./spec.js";

export const spec = defineCommand({
  name: "status",
  summary: "show MFA profiles and their sessions",
  usage: ["status [--profile P] [--json]"],
  description: `For each profile with an mfa_serial, and each role profile whose source_profile has one (or just
P): the MFA serial, the long-term key's source, file or process mode, and the session: valid
until X with N left, expiring (renewed on next use), expired, or none.
Reads local files only: no network, no prompt, no key store opened.

A role profile (role_arn + source_profile) shows its role and its source profile's MFA session:
that is the session that needs a code; the role session is renewed from it without asking.`,
  flags: {
    profile: { ...PROFILE_FLAG, description: "only this profile" },
    json: {
      type: "boolean",
      description:
        "a JSON array on stdout (fields: profile, mfaSerial, mode, keySource, keySection, keyPresent (credentials source only), session {state, expiration, remainingSeconds}, sessionFile, and for a role: role {roleArn, sourceProfile, session, sessionFile})",
    },
  },
  exitCodes: [[3, "a malformed AWS file, or no profile has an mfa_serial"]],
  examples: ["awsmfa status", "awsmfa status --profile work --json"],
});
