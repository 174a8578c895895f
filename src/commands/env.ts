import { badFlag } from "../core/errors.js";
import { CONFLICTING_VARS, dotenvLine, sessionEnv } from "../core/envvars.js";
import { parseFlags } from "../core/flags.js";
import { credentialsFor } from "../session/warm.js";
import { bash } from "../shells/bash.js";
import { fish } from "../shells/fish.js";
import type { Shell } from "../shells/types.js";
import type { Command } from "./types.js";

const help = `awsmfa env — print session credentials as environment variables

Usage: awsmfa env [--profile P] [--format sh|fish|pwsh|dotenv|json] [--no-prompt]

Prints AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION,
AWS_REGION/AWS_DEFAULT_REGION (when the profile has a region) and AWSMFA_PROFILE, from the shared
session cache (renewing it like credential-process). sh/fish/pwsh also unset AWS_PROFILE and
AWS_DEFAULT_PROFILE, which would otherwise compete with the keys. For a role profile the keys are
the role's, assumed with the source profile's MFA session.

Flags:
  -p, --profile P   profile (default: $AWS_PROFILE, $AWS_DEFAULT_PROFILE, then "default")
  --format F        sh (default), fish, pwsh, dotenv or json
  --no-prompt       never ask for a code; fail with the login hint (for direnv and scripts)

Examples:
  eval "$(awsmfa env --profile work)"
  awsmfa env --profile work --format fish | source
  awsmfa env --profile work --format dotenv > .env.aws
`;

export const command: Command = {
  help,
  async run(world, args) {
    const { flags } = parseFlags(args, {
      profile: { type: "string", short: "p" },
      format: { type: "string" },
      "no-prompt": { type: "boolean" },
    }, { command: "env" });
    const format = (flags.format ?? "sh") as EnvFormat;
    if (!ENV_FORMATS.includes(format)) throw badFlag("--format", `'${flags.format}' is not one of ${ENV_FORMATS.join(", ")}`);
    const r = await credentialsFor(world, flags.profile, { noPrompt: flags["no-prompt"] });
    world.stdout.write(formatEnv(sessionEnv(r.profile, r.credentials, r.region), CONFLICTING_VARS, format));
    return 0;
  },
};

export type EnvFormat = "sh" | "fish" | "pwsh" | "dotenv" | "json";
const ENV_FORMATS: EnvFormat[] = ["sh", "fish", "pwsh", "dotenv", "json"];

// PowerShell's tokenizer takes the typographic quotes ‘ ’ ‚ ‛ as single quotes too: each is doubled.
const pwshQuote = (v: string) => `'${v.replace(/['\u2018\u2019\u201A\u201B]/g, "$&$&")}'`;

export function formatEnv(vars: Array<[string, string]>, unset: string[], format: EnvFormat): string {
  // sh and fish: the shell hook's own quoting (bash's single quotes are POSIX sh's too).
  const viaShell = (sh: Shell) => [...unset.map((k) => sh.unset(k)), ...vars.map(([k, v]) => sh.export(k, v))];
  const lines = (() => {
    switch (format) {
      case "sh":
        return viaShell(bash);
      case "fish":
        return viaShell(fish);
      case "pwsh":
        return [...unset.map((k) => `Remove-Item Env:${k} -ErrorAction SilentlyContinue`), ...vars.map(([k, v]) => `$Env:${k} = ${pwshQuote(v)}`)];
      case "dotenv":
        return vars.map(([k, v]) => dotenvLine(k, v));
      case "json":
        return [JSON.stringify(Object.fromEntries(vars))];
    }
  })();
  return lines.join("\n") + "\n";
}
