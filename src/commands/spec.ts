import { EXIT } from "../core/errors.js";
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

/** The usual meaning of each exit code (README "Exit codes"); a command may say it more precisely. */
export const EXIT_MEANING: Readonly<Record<number, string>> = {
  [EXIT.ok]: "success",
  [EXIT.internal]: "internal error (run again with --debug)",
  [EXIT.usage]: "usage: unknown flag, bad flag value",
  [EXIT.config]: "configuration: a malformed or unusable file, a missing mfa_serial or long-term key",
  [EXIT.mfa]: "MFA: code rejected or already used, wrong serial, mfa_process failed",
  [EXIT.auth]: "AWS refused the key (InvalidClientTokenId, SignatureDoesNotMatch, clock skew, ExpiredToken)",
  [EXIT.network]: "network: endpoint unreachable or timed out, throttling or 5xx after retries",
  [EXIT.noTerminal]: "a code or answer is needed and there is no terminal, stdin line or mfa_process",
  [EXIT.trust]: "the .awsmfa file is invalid",
  [EXIT.cannotExecute]: "the command was found but cannot be run",
  [EXIT.commandNotFound]: "the command was not found",
  [EXIT.interrupted]: "interrupted or cancelled",
};

/** Every command also takes these; main.ts handles them before the command's own parser runs. */
export const HELP_FLAG: FlagDef = { type: "boolean", short: "h", description: "show this help" };

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
export function subcommandHint(spec: CommandSpec, typed: string, otherwise: string): string {
  const near = closest(typed, (spec.subcommands ?? []).map((s) => s.name));
  return near ? `did you mean 'awsmfa ${spec.name} ${near}'?` : otherwise;
}

const WIDTH = 100;

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split("\n")) {
    let line = "";
    for (const word of para.split(" ")) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out;
}

export function usageLines(spec: CommandSpec): string[] {
  if (spec.usage) return spec.usage.map((u) => `awsmfa ${u}`);
  return [`awsmfa ${spec.name}`];
}

function flagLabel(name: string, f: FlagDef): string {
  const long = `--${name}${f.type === "string" ? ` ${f.value ?? "VALUE"}` : ""}`;
  return f.short ? `-${f.short}, ${long}` : `    ${long}`;
}

/** --help: the same sections in the same order for every command. */
export function renderHelp(spec: CommandSpec): string {
  const out: string[] = [`awsmfa ${spec.name} — ${spec.summary}`, ""];
  const usage = usageLines(spec);
  if (usage.length === 1) out.push(`Usage: ${usage[0]}`);
  else out.push("Usage:", ...usage.map((u) => `  ${u}`));
  out.push("", spec.description.replace(/\n+$/, ""), "", "Flags:");
  const flags = allFlags(spec);
  const labels = flags.map(([n, f]) => flagLabel(n, f));
  const col = Math.max(...labels.map((l) => l.length)) + 3;
  flags.forEach(([, f], i) => {
    const desc = f.internal ? `(internal, for the printed hook) ${f.description}` : f.description;
    const lines = wrap(desc, WIDTH - col - 2);
    out.push(`  ${labels[i]!.padEnd(col)}${lines[0]}`, ...lines.slice(1).map((l) => " ".repeat(col + 2) + l));
  });
  out.push("", "Exit codes:");
  const codes = new Map<number, string>();
  for (const c of [EXIT.ok, EXIT.usage, ...spec.exitCodes]) {
    const [code, text] = typeof c === "number" ? [c, EXIT_MEANING[c] ?? ""] : c;
    if (typeof c !== "number" || !codes.has(code)) codes.set(code, text);
  }
  for (const [code, text] of [...codes].sort((a, b) => a[0] - b[0])) out.push(`  ${String(code).padEnd(5)}${text}`);
  out.push("", "Examples:", ...spec.examples.map((e) => `  ${e}`));
  return out.join("\n") + "\n";
}
