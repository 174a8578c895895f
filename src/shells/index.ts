import { dotenvLine } from "../core/envvars.js";
import { bash } from "./bash.js";
import { bashCompletion } from "./bash-completion.js";
import type { CompletionModel } from "./completion.js";
import { fishCompletion } from "./fish-completion.js";
import { zshCompletion } from "./zsh-completion.js";
import { fish } from "./fish.js";
import type { EnvFormat, Shell, ShellName } from "./types.js";
import { zsh } from "./zsh.js";

// The one shell registry: `hook` and `completion` pick a shell here, `env` a format. The names
// (SHELL_NAMES, ENV_FORMATS in types.ts) are what help and completion list; the Record types
// below make the compiler refuse a name without an entry or an entry without a name.

export const SHELLS: Readonly<Record<ShellName, Shell>> = { bash, zsh, fish };

/** `awsmfa completion NAME`: the script for one shell, from the command definitions. */
export const COMPLETIONS: Readonly<Record<ShellName, (m: CompletionModel) => string>> = { bash: bashCompletion, zsh: zshCompletion, fish: fishCompletion };

// PowerShell's tokenizer takes the typographic quotes ‘ ’ ‚ ‛ as single quotes too: each is doubled.
const pwshQuote = (v: string) => `'${v.replace(/['\u2018\u2019\u201A\u201B]/g, "$&$&")}'`;

/** Lines that unset `unset` and set `vars`, in one format. */
type Formatter = (vars: Array<[string, string]>, unset: string[]) => string[];

// sh and fish: the shell hook's own quoting (bash's single quotes are POSIX sh's too).
const viaShell =
  (sh: Shell): Formatter =>
  (vars, unset) => [...unset.map((k) => sh.unset(k)), ...vars.map(([k, v]) => sh.export(k, v))];

export const FORMATS: Readonly<Record<EnvFormat, Formatter>> = {
  sh: viaShell(bash),
  fish: viaShell(fish),
  pwsh: (vars, unset) => [...unset.map((k) => `Remove-Item Env:${k} -ErrorAction SilentlyContinue`), ...vars.map(([k, v]) => `$Env:${k} = ${pwshQuote(v)}`)],
  // dotenv and json set values only: a file or a parser has nothing to unset.
  dotenv: (vars) => vars.map(([k, v]) => dotenvLine(k, v)),
  json: (vars) => [JSON.stringify(Object.fromEntries(vars))],
};

export function formatEnv(vars: Array<[string, string]>, unset: string[], format: EnvFormat): string {
  return FORMATS[format](vars, unset).join("\n") + "\n";
}
