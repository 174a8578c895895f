import type { SessionCredentials } from "./session.js";

// The variables exec and env hand out. Pure.

export function sessionEnv(profile: string, c: SessionCredentials, region: string | undefined): Array<[string, string]> {
  const vars: Array<[string, string]> = [
    ["AWS_ACCESS_KEY_ID", c.accessKeyId],
    ["AWS_SECRET_ACCESS_KEY", c.secretAccessKey],
    ["AWS_SESSION_TOKEN", c.sessionToken],
    ["AWS_CREDENTIAL_EXPIRATION", c.expiration.toISOString()],
  ];
  if (region) vars.push(["AWS_REGION", region], ["AWS_DEFAULT_REGION", region]);
  vars.push(["AWSMFA_PROFILE", profile]);
  return vars;
}

/** Variables a child must not see: with them, the CLI would pick another credential source. */
export const CONFLICTING_VARS = ["AWS_PROFILE", "AWS_DEFAULT_PROFILE"];
