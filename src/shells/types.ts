// One small interface per shell: how to quote a value, export or unset a variable, keep hook state,
// and the hook text itself. Everything a shell evaluates from us goes through `quote`, so nothing
// read from a file or the environment ever reaches shell code unquoted.

export type ShellName = "bash" | "zsh" | "fish";

export const SHELL_NAMES: readonly ShellName[] = ["bash", "zsh", "fish"];

/** What `awsmfa env --format` prints: the shells' own syntax, plus formats that are not shells. */
export type EnvFormat = "sh" | "fish" | "pwsh" | "dotenv" | "json";

export const ENV_FORMATS: readonly EnvFormat[] = ["sh", "fish", "pwsh", "dotenv", "json"];

export interface Shell {
  readonly name: ShellName;
  /** A single word that the shell reads back as exactly `value` (no expansion of any kind). */
  quote(value: string): string;
  /** A statement exporting NAME=value to child processes. */
  export(name: string, value: string): string;
  /** A statement removing NAME from the environment. */
  unset(name: string): string;
  /** A statement setting a global, unexported hook-state variable (a list when given an array). */
  setState(name: string, value: string | readonly string[]): string;
  /** A call of one of the hook's own shell functions with quoted arguments. */
  call(fn: string, ...args: string[]): string;
  /** What `awsmfa hook NAME` prints: the idle check, the save/restore helpers, the install lines. */
  hook(): string;
}

/** Variable names are ours, never user input; this guards against a typo producing shell syntax. */
export function assertName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a shell variable name: ${name}`);
  return name;
}

/** Shell code cannot hold NUL bytes: refuse them rather than truncate a value silently. */
export function assertNoNul(value: string): string {
  if (value.includes("\0")) throw new Error("a shell value cannot contain a NUL byte");
  return value;
}

/** The variables the hook sets, in the order they are saved and restored. */
export const PROFILE_VARS = ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWSMFA_PROFILE"] as const;
export const REGION_VARS = ["AWS_REGION", "AWS_DEFAULT_REGION"] as const;
export const MANAGED_VARS = [...PROFILE_VARS, ...REGION_VARS] as const;
