import { badFlag, usage, msg } from "./errors.js";
import { closest } from "./suggest.js";

// A tiny flag parser: the commands stay declarative and every bad flag names itself in the error.
export type FlagSpec = Record<string, { type: "string" | "boolean"; short?: string }>;

export type Parsed<S extends FlagSpec> = {
  flags: { [K in keyof S]?: S[K]["type"] extends "boolean" ? boolean : string };
  positionals: string[];
  /** Arguments after a literal `--`. */
  rest: string[];
};

/**
 * `limit`: when given, more positionals than `limit.max` (default 0) are a usage error that points
 * at the command's --help; commands that take none need not check.
 */
export function parseFlags<S extends FlagSpec>(args: readonly string[], spec: S, limit?: { command: string; max?: number }): Parsed<S> {
  const parsed = parseAll(args, spec);
  const extra = limit ? parsed.positionals[limit.max ?? 0] : undefined;
  if (limit && extra !== undefined)
    throw usage(
      limit.max === 1 ? msg("flags.atMostOne", { command: limit.command }) : limit.max ? msg("flags.atMostN", { command: limit.command, max: limit.max }) : msg("flags.unexpectedArgument", { extra }),
      msg("flags.seeCommandHelp", { command: limit.command }),
    );
  return parsed;
}

function parseAll<S extends FlagSpec>(args: readonly string[], spec: S): Parsed<S> {
  const flags: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  const byShort = new Map<string, string>();
  for (const [name, s] of Object.entries(spec)) if (s.short) byShort.set(s.short, name);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") return { flags: flags as Parsed<S>["flags"], positionals, rest: args.slice(i + 1) };
    let name: string | undefined;
    let inline: string | undefined;
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      name = eq === -1 ? a.slice(2) : a.slice(2, eq);
      inline = eq === -1 ? undefined : a.slice(eq + 1);
    } else if (/^-[A-Za-z]$/.test(a)) {
      name = byShort.get(a.slice(1));
      if (!name) throw usage(msg("flags.unknownFlagA", { a }), msg("flags.seeHelp"));
    } else {
      positionals.push(a);
      continue;
    }
    const s = spec[name];
    if (!s) {
      const near = closest(name, Object.keys(spec));
      throw usage(msg("flags.unknownFlagName", { name }), near ? msg("flags.didYouMean", { near }) : msg("flags.seeHelp"));
    }
    if (s.type === "boolean") {
      if (inline !== undefined) throw badFlag(`--${name}`, msg("flags.takesNoValue"));
      flags[name] = true;
    } else {
      const v = inline ?? args[++i];
      if (v === undefined || (inline === undefined && v.startsWith("--"))) throw badFlag(`--${name}`, msg("flags.needsAValue"));
      flags[name] = v;
    }
  }
  return { flags: flags as Parsed<S>["flags"], positionals, rest: [] };
}

/**
 * What main.ts reads of the command line before a command runs: --debug (anywhere before a `--`;
 * taken out), the command's name, its arguments, and whether they ask for its help (--help or -h
 * before a `--`). The entry (cli.ts) reads the same to send a plain call to a lane, so the two
 * cannot disagree about which calls main handles itself.
 */
export function topLevel(argv: readonly string[]): { debug: boolean; name: string | undefined; args: string[]; help: boolean } {
  const rest = [...argv];
  const at = rest.indexOf("--debug");
  const debug = at !== -1 && !rest.slice(0, at).includes("--");
  if (debug) rest.splice(at, 1);
  const [name, ...args] = rest;
  const dd = args.indexOf("--");
  const own = dd === -1 ? args : args.slice(0, dd);
  return { debug, name, args, help: own.includes("--help") || own.includes("-h") };
}
