import { PROFILE_FLAG } from "./common-flags.js";
import { defineCommand } from "./spec.js";

export const spec = defineCommand({
  name: "doctor",
  summary: "explain why the AWS CLI does not use the credentials you expect",
  usage: ["doctor [--profile P] [--json] [--offline] [--check-keys]"],
  description: `Runs every check below and prints one line each: PASS, WARN, FAIL or SKIP, with a fix under each
problem. Without --profile it looks at every MFA profile, every credential_process profile and the
active one (AWS_PROFILE, else AWS_DEFAULT_PROFILE, else default).
  static-keys   aws_access_key_id in [P] of the credentials file beats [profile P]'s credential_process
  env-keys      AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment beat AWS_PROFILE
  profile-vars  AWS_DEFAULT_PROFILE differs from AWS_PROFILE (the CLI reads the first, the JS SDK the second)
  file-modes    credentials, config, cache and key store must not be open to other users
  key-source    each MFA profile's long-term key is where awsmfa_source says (keyring/file: --check-keys)
  session       expired sessions, and sessions close to expiry
  clock-skew    this clock against the STS endpoint's Date header (one unsigned request, 4 s at most)
  shell-hook    whether this shell runs the awsmfa hook
  node, aws-cli versions; AWS CLI v1 and old v2 ignore some variables
Reads local files and makes one unsigned request to STS; never prints a secret.`,
  flags: {
    profile: { ...PROFILE_FLAG, description: "check this profile only" },
    json: { type: "boolean", description: '{"checks":[{"id","status","message","fix"}],"ok"} on stdout' },
    offline: { type: "boolean", description: "skip the clock check (no network)" },
    "check-keys": { type: "boolean", description: "open keyring and encrypted-file key stores (may ask to unlock them)" },
  },
  exitCodes: [
    [0, "every check passed, warned or was skipped"],
    [1, "at least one check failed"],
    [2, "bad flag"],
  ],
  examples: ["awsmfa doctor", "awsmfa doctor --profile work --offline", "awsmfa doctor --json | jq '.checks[] | select(.status != \"pass\")'"],
});
