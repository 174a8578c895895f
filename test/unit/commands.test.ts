import { msg, renderMsg } from "../../src/core/errors.js";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allSpecs, COMMANDS } from "../../src/commands/index.js";
import { allFlags, flagsOf, parseCommand, subcommandHint, type CommandSpec } from "../../src/commands/spec.js";
import { renderHelp } from "../../src/commands/help.js";
import { parseFlags } from "../../src/core/flags.js";
import { completionModel } from "../../src/shells/completion.js";
import { COMPLETIONS, FORMATS, SHELLS } from "../../src/shells/index.js";
import { ENV_FORMATS, SHELL_NAMES } from "../../src/shells/types.js";
import { ROOT } from "../helpers/sandbox.js";

// One definition per command: these tests hold help, parsing and completion to it.

const DIR = path.join(ROOT, "src", "commands");
// Files in src/commands that are not commands.
const NOT_COMMANDS = new Set(["help.ts", "index.ts", "spec.ts", "types.ts", "common-flags.ts"]);
// A command's parts beside its run code: its definition (.spec.ts) and, for credential-process,
// the thin entry's warm path (.thin.ts).
const runFiles = readdirSync(DIR).filter((f) => f.endsWith(".ts") && !/\.(spec|thin)\.ts$/.test(f) && !NOT_COMMANDS.has(f));
const specs = await allSpecs();
const byName = new Map(specs.map((s) => [s.name, s]));
/** The file name of a command's modules: `__complete` lives in complete.ts. */
const fileOf = (name: string) => name.replace(/^__/, "");

describe("every command has a definition", () => {
  it("each registry entry's definition carries the entry's name", () => {
    expect(specs.map((s) => s.name)).toEqual(Object.keys(COMMANDS));
  });
  it("each command file is in the registry, with its definition beside it", () => {
    const registered = Object.keys(COMMANDS).map((n) => `${fileOf(n)}.ts`);
    expect(runFiles.sort()).toEqual([...registered].sort());
    for (const f of runFiles) expect(readdirSync(DIR)).toContain(f.replace(/\.ts$/, ".spec.ts"));
  });
  it("command files parse with their definition, not a flag table of their own", () => {
    for (const name of Object.keys(COMMANDS)) {
      const text = readFileSync(path.join(DIR, `${fileOf(name)}.ts`), "utf8");
      expect(text, name).toContain(`from "./${fileOf(name)}.spec.js"`);
      expect(text, name).not.toMatch(/parseFlags\(\w+, \{/); // an inline flag table
      expect(text, name).not.toMatch(/const help = `/);
    }
  });
  it.each(specs.map((s) => [s.name, s] as const))("%s: summary, usage, examples and exit codes are given", (_, s) => {
    expect(s.summary).toMatch(/^[a-z`].{5,80}$/);
    expect(s.summary).not.toContain("\n");
    expect(s.description.trim().length).toBeGreaterThan(20);
    expect(s.examples.length).toBeGreaterThan(0);
    expect(s.examples.some((e) => e.includes(`awsmfa ${s.name}`))).toBe(true);
    for (const [name, f] of Object.entries(s.flags)) {
      expect(name).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(f.description.length, name).toBeGreaterThan(3);
      if (f.type === "string") expect(f.value, name).toBeDefined();
      else expect(f.complete, name).toBeUndefined();
    }
    for (const sub of s.subcommands ?? []) for (const f of sub.flags) expect(Object.keys(s.flags)).toContain(f);
  });
  it("short flags are unique within a command", () => {
    for (const s of specs) {
      const shorts = allFlags(s).flatMap(([, f]) => (f.short ? [f.short] : []));
      expect(new Set(shorts).size, s.name).toBe(shorts.length);
    }
  });
});

describe("generated help", () => {
  it.each(specs.map((s) => [s.name, s] as const))("%s: Usage, Flags, Exit codes, Examples in that order", (_, s) => {
    const help = renderHelp(s);
    const at = ["Usage:", "\nFlags:\n", "\nExit codes:\n", "\nExamples:\n"].map((h) => help.indexOf(h));
    expect(at.every((i) => i >= 0), help).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(help.startsWith(`awsmfa ${s.name} — ${s.summary}\n`)).toBe(true);
    expect(help).toContain(s.description.trim().split("\n")[0]);
    for (const line of help.split("\n")) expect(line.length, line).toBeLessThanOrEqual(120);
  });
  it.each(specs.map((s) => [s.name, s] as const))("%s: every flag the parser accepts is in help", (_, s) => {
    const help = renderHelp(s);
    const flagsSection = help.slice(help.indexOf("\nFlags:\n"), help.indexOf("\nExit codes:\n"));
    for (const [name, f] of allFlags(s)) {
      expect(flagsSection).toMatch(new RegExp(`(^|\\s)--${name}[ \\n]`));
      if (f.short) expect(flagsSection).toContain(`-${f.short}, --${name}`);
    }
  });
  it("exit codes come with their meaning, a command's own wording first", () => {
    const doctor = renderHelp(byName.get("doctor")!);
    expect(doctor).toContain("  1    at least one check failed\n");
    expect(renderHelp(byName.get("login")!)).toContain("  4    MFA: code rejected");
  });
});

describe("the parser accepts exactly the defined flags", () => {
  const valueFor = (s: CommandSpec, name: string) => (s.flags[name]!.type === "string" ? ["x"] : []);
  it.each(specs.map((s) => [s.name, s] as const))("%s", (_, s) => {
    for (const name of Object.keys(s.flags)) {
      const args = [`--${name}`, ...valueFor(s, name)];
      const parsed = s.subcommands || s.name === "hook" ? parseFlags(args, s.flags) : parseCommand(s, args);
      expect(parsed.flags[name], name).toEqual(s.flags[name]!.type === "string" ? "x" : true);
      const short = s.flags[name]!.short;
      if (short) expect(parseFlags([`-${short}`, ...valueFor(s, name)], s.flags).flags[name]).toBeDefined();
    }
    expect(() => parseCommand(s, ["--no-such-flag"])).toThrow(expect.objectContaining({ exitCode: 2, message: "unknown flag --no-such-flag" }));
  });
  it("a mistyped flag still gets its did-you-mean", () => {
    expect(() => parseCommand(byName.get("login")!, ["--profle", "w"])).toThrow(expect.objectContaining({ hint: "did you mean --profile?" }));
  });
  it("a mistyped subcommand gets its did-you-mean", () => {
    expect(renderMsg(subcommandHint(byName.get("device")!, "lsit", msg("raw", { text: "x" })))).toBe("did you mean 'awsmfa device list'?");
    expect(renderMsg(subcommandHint(byName.get("keys")!, "rotat", msg("raw", { text: "x" })))).toBe("did you mean 'awsmfa keys rotate'?");
    expect(renderMsg(subcommandHint(byName.get("keys")!, "frobnicate", msg("raw", { text: "see 'awsmfa keys --help'" })))).toBe("see 'awsmfa keys --help'");
  });
  it("more arguments than defined are refused, pointing at --help", () => {
    expect(() => parseCommand(byName.get("allow")!, ["a", "b"])).toThrow(expect.objectContaining({ message: "awsmfa allow takes at most one argument", hint: "see 'awsmfa allow --help'" }));
    expect(() => parseCommand(byName.get("status")!, ["x"])).toThrow(expect.objectContaining({ message: "unexpected argument 'x'" }));
  });
});

describe("completion reads the same definitions", () => {
  const model = completionModel(specs);
  const scripts = Object.fromEntries(SHELL_NAMES.map((n) => [n, COMPLETIONS[n](model)]));
  it("lists every visible command and no hidden one", () => {
    expect(model.commands.map((c) => c.name)).toEqual(specs.filter((s) => !s.hidden).map((s) => s.name));
    for (const n of SHELL_NAMES) {
      expect(scripts[n]).not.toMatch(/__complete (?!profiles)/);
      for (const c of model.commands) expect(scripts[n], `${n}: ${c.name}`).toContain(c.name);
    }
  });
  it.each(specs.filter((s) => !s.hidden).map((s) => [s.name, s] as const))("%s: every flag a user types is offered by each shell", (_, s) => {
    const cm = model.commands.find((c) => c.name === s.name)!;
    for (const [name, f] of allFlags(s)) {
      if (f.internal) {
        expect(cm.flags.map((x) => x.long)).not.toContain(name);
        continue;
      }
      expect(cm.flags.map((x) => x.long)).toContain(name);
      expect(scripts.bash).toContain(`--${name}`);
      expect(scripts.zsh).toContain(`--${name}`);
      expect(scripts.fish).toContain(`-l ${name}`);
    }
    for (const sub of s.subcommands ?? []) {
      expect(cm.subcommands.find((x) => x.name === sub.name)!.flags).toEqual(flagsOf(s, sub.name).filter(([, f]) => !f.internal).map(([n]) => n));
    }
  });
});

describe("one shell registry", () => {
  it("has a hook shell and a completion script for every shell name, a formatter for every env format", () => {
    expect(Object.keys(SHELLS)).toEqual([...SHELL_NAMES]);
    expect(Object.keys(COMPLETIONS)).toEqual([...SHELL_NAMES]);
    expect(Object.keys(FORMATS)).toEqual([...ENV_FORMATS]);
  });
  it("hook, completion and env --format offer the registry's names", () => {
    expect(byName.get("hook")!.args![0]!.complete).toBe("shell");
    expect(byName.get("completion")!.args![0]!.complete).toBe("shell");
    expect(byName.get("env")!.flags.format!.complete).toEqual(ENV_FORMATS);
    expect(renderHelp(byName.get("hook")!)).toContain(`awsmfa hook ${SHELL_NAMES.join("|")}`);
  });
});
