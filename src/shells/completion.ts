import { allFlags, flagsOf, type CommandSpec, type FlagDef, type ValueKind } from "../commands/spec.js";
import { SHELL_NAMES } from "./types.js";

// What the completion scripts know, built from the command definitions when the script is
// printed: commands, their flags and arguments. Only profile names are looked up when the user
// presses Tab (`awsmfa __complete profiles`), because the AWS config changes after installation.

/** A value to complete: resolved to a fixed word list where the list is known now. */
export type Values = { kind: "profile" } | { kind: "file" } | { kind: "command" } | { kind: "words"; words: readonly string[] } | { kind: "none" };

export interface FlagModel {
  long: string;
  short?: string;
  takesValue: boolean;
  /** The description's first clause, for zsh and fish to show beside the flag. */
  brief: string;
  values: Values;
}

export interface CommandModel {
  name: string;
  summary: string;
  flags: FlagModel[];
  /** What each positional argument completes to, in order. */
  args: Values[];
  /** Completion after `--` (exec's command). */
  rest?: Values;
  subcommands: Array<{ name: string; summary: string; flags: string[] }>;
}

export interface CompletionModel {
  commands: CommandModel[];
  global: FlagModel[];
}

export function valuesOf(kind: ValueKind | undefined): Values {
  if (kind === undefined) return { kind: "none" };
  if (kind === "shell") return { kind: "words", words: SHELL_NAMES };
  if (typeof kind === "string") return { kind } as Values;
  return { kind: "words", words: kind };
}

/** The first clause of a description: short enough to sit beside a flag in a menu. */
export function brief(text: string): string {
  // Parentheses hold defaults and details: "virtual (default) or security-key" → "virtual or security-key".
  const first = text.replace(/\s*\([^()]*\)/g, "").split(/; |: |\n/)[0]!.trim();
  return first.length > 70 ? first.slice(0, 69) + "…" : first;
}

function flagModel(name: string, f: FlagDef): FlagModel {
  return { long: name, ...(f.short ? { short: f.short } : {}), takesValue: f.type === "string", brief: brief(f.description), values: valuesOf(f.complete) };
}

/** Flags a user may type: the hook's internal ones are left out. */
export const offered = (flags: Array<[string, FlagDef]>) => flags.filter(([, f]) => !f.internal).map(([n, f]) => flagModel(n, f));

export function completionModel(specs: readonly CommandSpec[]): CompletionModel {
  return {
    commands: specs
      .filter((s) => !s.hidden)
      .map((s) => ({
        name: s.name,
        summary: s.summary,
        flags: offered(allFlags(s)),
        args: (s.args ?? []).map((a) => valuesOf(a.complete)),
        ...(s.rest !== undefined ? { rest: valuesOf(s.rest) } : {}),
        subcommands: (s.subcommands ?? []).map((sub) => ({ name: sub.name, summary: sub.summary, flags: offered(flagsOf(s, sub.name)).map((f) => f.long) })),
      })),
    global: [
      { long: "help", short: "h", takesValue: false, brief: "show help", values: { kind: "none" } },
      { long: "version", takesValue: false, brief: "print the version", values: { kind: "none" } },
      { long: "debug", takesValue: false, brief: "print stack traces with errors", values: { kind: "none" } },
    ],
  };
}

/** The command that lists profile names at completion time; its errors are never shown. */
export const PROFILES_COMMAND = "command awsmfa __complete profiles 2>/dev/null";
