import type { SessionCredentials } from "./session.js";

// The variables exec and env hand out, and how each output format quotes them. Pure.

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

export type EnvFormat = "sh" | "fish" | "pwsh" | "dotenv" | "json";
export const ENV_FORMATS: EnvFormat[] = ["sh", "fish", "pwsh", "dotenv", "json"];

const shQuote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
const fishQuote = (v: string) => `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
const pwshQuote = (v: string) => `'${v.replace(/'/g, "''")}'`;
const dotenvQuote = (v: string) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;

export function formatEnv(vars: Array<[string, string]>, unset: string[], format: EnvFormat): string {
  switch (format) {
    case "sh":
      return [...unset.map((k) => `unset ${k}`), ...vars.map(([k, v]) => `export ${k}=${shQuote(v)}`)].join("\n") + "\n";
    case "fish":
      return [...unset.map((k) => `set -e ${k}`), ...vars.map(([k, v]) => `set -gx ${k} ${fishQuote(v)}`)].join("\n") + "\n";
    case "pwsh":
      return (
        [...unset.map((k) => `Remove-Item Env:${k} -ErrorAction SilentlyContinue`), ...vars.map(([k, v]) => `$Env:${k} = ${pwshQuote(v)}`)].join("\n") + "\n"
      );
    case "dotenv":
      return vars.map(([k, v]) => `${k}=${dotenvQuote(v)}`).join("\n") + "\n";
    case "json":
      return JSON.stringify(Object.fromEntries(vars)) + "\n";
  }
}
