import { msg, type Msg } from "../core/errors.js";
import { parseFlags, type Parsed } from "../core/flags.js";
import { closest } from "../core/suggest.js";

// One definition per command (src/commands/<name>.spec.ts): the parser, `--help`, the top-level
// list and the completion scripts all read it, so a flag cannot exist in one and be missing in
// another. Spec modules hold data only: `awsmfa --help` and `awsmfa completion` load every spec
// without loading any command's run code, and a command loads its own spec only.

/** What a flag's value or an argument completes to in the shells. */
export type ValueKind =
  | "profile" // profile names, from `awsmfa __complete profiles` at completion time
  | "shell" // the shells of src/shells (bash, zsh, fish)
  | "file"
  | "command" // a program name (exec)
  | readonly string[]; // a fixed list

export interface FlagDef {
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** The value's placeholder in help ("P", "FILE"); string flags only. */
  readonly value?: string;
  readonly description: string;
  readonly complete?: ValueKind;
  /** Used by awsmfa's own printed code (the shell hook): listed in help, not offered by completion. */
  readonly internal?: boolean;
}

export type FlagDefs = Readonly<Record<string, FlagDef>>;

export interface ArgDef {
  readonly name: string;
  readonly optional?: boolean;
  readonly complete?: ValueKind;
}

/** `device add`, `keys move`: the word after the command, with the command's flags it accepts. */
export interface SubcommandDef {
  readonly name: string;
  readonly summary: string;
  readonly flags: readonly string[];
}

/** An exit code the command can return, with its meaning when it differs from the usual one. */
export type ExitDef = number | readonly [number, string];

export interface CommandSpec<F extends FlagDefs = FlagDefs> {
  readonly name: string;
  /** One line: the top-level list and the first line of --help. */
  readonly summary: string;
  /** Usage lines without the leading "awsmfa " (generated from the subcommands when absent). */
  readonly usage?: readonly string[];
  /** The explanatory paragraphs of --help, as written. */
  readonly description: string;
  readonly flags: F;
  /** Positional arguments, in order; more than these is a usage error. */
  readonly args?: readonly ArgDef[];
  readonly subcommands?: readonly SubcommandDef[];
  /** Takes a command after `--` (exec). */
  readonly rest?: ValueKind;
  readonly exitCodes: readonly ExitDef[];
  readonly examples: readonly string[];
  /** Not in the top-level list nor in completion (awsmfa's own helpers, such as __complete). */
  readonly hidden?: boolean;
}

/** Checks the shape at compile time and keeps each flag's literal type for the typed parse. */
export function defineCommand<const F extends FlagDefs>(spec: CommandSpec<F>): CommandSpec<F> {
  return spec;
}

/** Every command also takes these; main.ts handles them before the command's own parser runs. */
export const HELP_FLAG: FlagDef = { type: "boolean", short: "h", description: "show this help" };

/**
 * The help texts of a definition with their catalogue keys, derived from it: `login.summary`,
 * `login.description`, `login.flag.force`, `device.sub.add`, `logout.exit.3` (a command's own
 * meaning of a code), `logout.example.1` (the comment after `#` in an example). src/i18n/ja.ts
 * translates exactly these keys (test/unit/i18n.test.ts); the English stays here.
 */
export function helpTexts(spec: CommandSpec): Array<[string, string]> {
  const n = spec.name;
  const out: Array<[string, string]> = [[`${n}.summary`, spec.summary], [`${n}.description`, spec.description.replace(/\n+$/, "")]];
  for (const [f, d] of Object.entries(spec.flags)) out.push([`${n}.flag.${f}`, d.description]);
  for (const sub of spec.subcommands ?? []) out.push([`${n}.sub.${sub.name}`, sub.summary]);
  for (const c of spec.exitCodes) if (typeof c !== "number") out.push([`${n}.exit.${c[0]}`, c[1]]);
  spec.examples.forEach((e, i) => {
    const comment = exampleComment(e);
    if (comment) out.push([`${n}.example.${i}`, comment[1]]);
  });
  return out;
}

/** An example's command and its comment (`cmd   # comment`), when it has one. */
export function exampleComment(example: string): [string, string] | undefined {
  const m = /^(.*?\s+#\s)(.*)$/.exec(example);
  return m ? [m[1]!, m[2]!] : undefined;
}

/** The command's flags as its parser accepts them, --help included (for help and completion). */
export function allFlags(spec: CommandSpec): Array<[string, FlagDef]> {
  return [...Object.entries(spec.flags), ["help", HELP_FLAG]];
}

/** The flags a subcommand accepts (all of the command's when it has no subcommands). */
export function flagsOf(spec: CommandSpec, sub?: string): Array<[string, FlagDef]> {
  const def = sub === undefined ? undefined : spec.subcommands?.find((s) => s.name === sub);
  return allFlags(spec).filter(([n]) => !def || n === "help" || def.flags.includes(n));
}

/**
 * Parses `args` by the spec: unknown flags get their did-you-mean, extra positionals point at
 * --help. Commands with subcommands pass what follows the subcommand word.
 */
export function parseCommand<F extends FlagDefs>(spec: CommandSpec<F>, args: readonly string[]): Parsed<F> {
  const limit = spec.rest !== undefined ? undefined : { command: spec.name, max: spec.args?.length ?? 0 };
  return parseFlags(args, spec.flags, limit);
}

/** The hint for a mistyped subcommand: the nearest one ("did you mean"), else `otherwise`. */
export function subcommandHint(spec: CommandSpec, typed: string, otherwise: Msg): Msg {
  const near = closest(typed, (spec.subcommands ?? []).map((s) => s.name));
  return near ? msg("spec.didYouMeanSub", { command: spec.name, near }) : otherwise;
}
