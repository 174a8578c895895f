import type { SessionCredentials } from "./session.js";
import { AwsMfaError, msg } from "./errors.js";

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

// dotenv has no one grammar: `set -a; . FILE` (sh), node's --env-file and the dotenv package,
// python-dotenv (which expands `${X}` in any value, quoted or not), docker's --env-file
// (no quote handling at all: quotes become part of the value) and compose each read it their own
// way. Double quotes are the worst choice: sh expands `$(…)`, backquotes and `$X` inside them.
// - Bare: a value made only of characters no reader treats specially is read the same by all of
//   them (keys, tokens, ISO dates and region names are such values).
// - Single quotes: sh, node, the dotenv package and compose take the text between them literally,
//   as long as it holds no quote, backslash (python-dotenv unescapes `\\`) or control character.
//   python-dotenv (1.2) expands `${X}` even there, and dotenv-expand `$X`, so `$` is refused too.
//   Docker's --env-file would keep the quotes, but nothing runs.
// - Anything else cannot be written so that every reader gets the same bytes: refused.
const DOTENV_BARE = /^[A-Za-z0-9_.,:@+\/=-]*$/;
const DOTENV_SINGLE = /^[^'\\$\x00-\x1f\x7f]*$/;

/** `KEY=value` for a dotenv file, or a Usage error when no quoting is safe for every reader. */
export function dotenvLine(name: string, value: string): string {
  if (DOTENV_BARE.test(value)) return `${name}=${value}`;
  if (DOTENV_SINGLE.test(value)) return `${name}='${value}'`;
  throw new AwsMfaError("BadFlag", msg("envvars.formatDotenvTheValue", { name }), {
    hint: msg("envvars.useFormatShFish"),
  });
}
