import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/commands/index.js";
import { flagsOf, type CommandSpec } from "../../src/commands/spec.js";
import { ROOT } from "../helpers/sandbox.js";

// Every `awsmfa …` command line in the READMEs' shell code blocks must exist as written: the
// command in the registry (src/commands/index.ts), the subcommand in its definition, and every
// flag among the ones that command (or subcommand) accepts. A reader copies these lines.

const SHELL_FENCE = /^\s*```(sh|bash|zsh|fish)?\s*$/;
const GLOBAL = new Set(["--debug", "--help", "-h", "--version", "-v"]);

/** The awsmfa command lines of the shell code blocks, as word lists after "awsmfa". */
export function commandLines(markdown: string): Array<{ line: string; words: string[] }> {
  const out: Array<{ line: string; words: string[] }> = [];
  let inShell = false;
  let inBlock = false;
  for (const raw of markdown.split("\n")) {
    if (/^\s*```/.test(raw)) {
      inShell = !inBlock && SHELL_FENCE.test(raw);
      inBlock = !inBlock;
      continue;
    }
    if (!inShell) continue;
    const line = raw.replace(/(^|\s)#.*$/, ""); // a comment (which may be in Japanese)
    // direnv's `use awsmfa P` is a direnvrc function, not this CLI (checked below).
    if (/^\s*use awsmfa\b/.test(line)) continue;
    for (const m of line.matchAll(/(?:^|[\s;&|("`])awsmfa((?:[ \t]+[^\s;&|)"`<>]+)*)/g)) out.push({ line: raw.trim(), words: m[1]!.trim().split(/\s+/).filter(Boolean) });
  }
  return out;
}

/** What is wrong with one command line, or [] when the registry knows all of it. */
export async function problems(words: string[]): Promise<string[]> {
  const [name, ...rest] = words;
  if (name === undefined || GLOBAL.has(name)) return [];
  const entry = Object.hasOwn(COMMANDS, name) && !name.startsWith("__") ? COMMANDS[name] : undefined;
  if (!entry) return [`no command '${name}'`];
  const spec: CommandSpec = (await entry.spec()).spec;
  let args = rest;
  const dd = args.indexOf("--");
  if (dd !== -1) {
    if (spec.rest === undefined) return [`'${name}' takes no command after --`];
    args = args.slice(0, dd);
  }
  let sub: string | undefined;
  if (spec.subcommands && args[0] !== undefined && !args[0].startsWith("-")) {
    sub = args.shift();
    if (!spec.subcommands.some((s) => s.name === sub)) return [`no subcommand '${name} ${sub}'`];
  }
  const flags = flagsOf(spec, sub);
  const found: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (GLOBAL.has(a)) continue;
    if (!a.startsWith("-") || a === "-") {
      positionals.push(a);
      continue;
    }
    const [flagName] = a.replace(/^--?/, "").split("=");
    const def = a.startsWith("--") ? flags.find(([n]) => n === flagName) : flags.find(([, d]) => d.short === flagName);
    if (!def) {
      found.push(`'${name}${sub ? ` ${sub}` : ""}' has no flag ${a.split("=")[0]}`);
      break; // whether it takes a value is unknown: the rest cannot be read
    }
    if (def[1].type === "string" && !a.includes("=")) i++; // its value
  }
  if (!spec.subcommands && positionals.length > (spec.args?.length ?? 0)) found.push(`'${name}' takes ${spec.args?.length ?? 0} argument(s), got ${positionals.join(" ")}`);
  return found;
}

async function check(file: string) {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  const lines = commandLines(text);
  const bad: string[] = [];
  for (const { line, words } of lines) for (const p of await problems(words)) bad.push(`${file}: ${p}: ${line}`);
  return { text, lines, bad };
}

describe("README command lines exist as written", () => {
  it("README.ja.md: every awsmfa command, subcommand and flag is in the registry", async () => {
    const { lines, bad } = await check("README.ja.md");
    expect(bad).toEqual([]);
    // The scenario's commands are all there (and the extraction found them).
    const used = new Set(lines.map((l) => l.words.slice(0, l.words[0] === "device" ? 2 : 1).join(" ")));
    for (const c of ["setup", "login", "status", "configure", "hook", "allow", "edit", "deny", "direnv", "doctor", "device add", "completion", "demo"]) expect(used).toContain(c);
    expect(lines.length).toBeGreaterThanOrEqual(15);
  });

  it("README.md: the same check", async () => {
    expect((await check("README.md")).bad).toEqual([]);
  });

  it("direnv lines: `use awsmfa P` with at most --credentials (what `awsmfa direnv` defines)", () => {
    const text = readFileSync(path.join(ROOT, "README.ja.md"), "utf8");
    const uses = text.split("\n").filter((l) => /^use awsmfa\b/.test(l.trim()));
    expect(uses.length).toBeGreaterThanOrEqual(2);
    for (const u of uses) expect(u.trim()).toMatch(/^use awsmfa [A-Za-z0-9_.@+=,-]+( --credentials)?$/);
  });

  it("the checker catches a wrong flag, subcommand or command", async () => {
    const md = "```sh\nawsmfa setup --profle x   # typo\neval \"$(awsmfa hook bash --fast)\"\nawsmfa device ad\nawsmfa logni\nawsmfa exec --profile w -- terraform plan\n```\n```ini\ncredential_process = /bin/awsmfa bogus\n```\n";
    const found = [];
    for (const { words } of commandLines(md)) found.push(...(await problems(words)));
    expect(found).toEqual(["'setup' has no flag --profle", "'hook' has no flag --fast", "no subcommand 'device ad'", "no command 'logni'"]);
  });

  it("README.md and README.ja.md link to each other at the top, and start with the same two commands", () => {
    const en = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const ja = readFileSync(path.join(ROOT, "README.ja.md"), "utf8");
    expect(en.split("\n")[0]).toContain("(README.ja.md)");
    expect(ja.split("\n")[0]).toContain("(README.md)");
    const firstBlock = (md: string) => /```sh\n([\s\S]*?)```/.exec(md)![1]!.split("\n").filter(Boolean).map((l) => l.replace(/\s+#.*$/, ""));
    expect(firstBlock(ja)).toEqual(firstBlock(en));
    expect(firstBlock(en)).toEqual(["npm install && npm run demo", "npm test"]);
  });
});
