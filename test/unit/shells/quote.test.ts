import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { bash } from "../../../src/shells/bash.js";
import { fish } from "../../../src/shells/fish.js";
import type { Shell } from "../../../src/shells/types.js";
import { zsh } from "../../../src/shells/zsh.js";
import { requireProgram } from "../../helpers/programs.js";

// Every value goes through the real shell and must come back byte for byte.
const NASTY = [
  "",
  "plain",
  "it's",
  "''",
  "'\\''",
  '"double" \\"',
  "back\\slash\\",
  "\\'",
  "$HOME ${HOME} $(id) `id` $((1+1))",
  "!! !$ ^a^b",
  "* ? [a-z] {a,b} ~ ~root",
  "a;b&c|d>e<f",
  "line1\nline2\n",
  "\n\n",
  "\ttab\r\x01\x1b[31m",
  "spaced  out ",
  "-n",
  "--",
  "日本語 ünïcødé 🙂",
  "%s %d %%",
  "(fish) $fish_pid {x} ; end",
];

const argv: Record<string, (script: string) => [string, string[]]> = {
  bash: (s) => ["bash", ["--norc", "--noprofile", "-c", s]],
  zsh: (s) => ["zsh", ["-f", "-c", s]],
  fish: (s) => ["fish", ["--no-config", "-c", s]],
};

function roundTrip(sh: Shell, values: string[], render: (v: string) => string): string[] {
  const script = values.map(render).join("\n") + "\n";
  const [cmd, args] = argv[sh.name]!(script);
  const out = execFileSync(cmd, args, { encoding: "utf8", env: { PATH: process.env.PATH, LANG: "C.UTF-8", HOME: "/nonexistent" } });
  return out.split("\0").slice(0, -1);
}

describe.each([bash, zsh, fish])("$name quoting", (sh) => {
  // The control experiment: without quoting, the same harness sees the shell expand and split,
  // so the round trips below pass because of `quote`, not because the harness cannot tell.
  it("expands unquoted text, so a quoting bug would show", () => {
    requireProgram(sh.name, sh.name === "fish" ? ["--version"] : ["-c", "true"]);
    expect(roundTrip(sh, [""], () => `printf '%s\\0' $HOME a b`)).toEqual(["/nonexistent", "a", "b"]);
    expect(roundTrip(sh, [""], () => `printf '%s\\0' ${sh.quote("$HOME")} ${sh.quote("a b")}`)).toEqual(["$HOME", "a b"]);
  });

  it("round-trips nasty strings as one word", () => {
    expect(roundTrip(sh, NASTY, (v) => `printf '%s\\0' ${sh.quote(v)}`)).toEqual(NASTY);
  });

  it("round-trips through export, as a child process sees it", () => {
    const render = (v: string) => `${sh.export("AWSMFA_T", v)}\nnode -e 'process.stdout.write(process.env.AWSMFA_T + "\\0")'`;
    expect(roundTrip(sh, NASTY, render)).toEqual(NASTY);
  });

  it("round-trips hook state, lists included", () => {
    const one = (v: string) => `${sh.setState("__awsmfa_t", v)}\nprintf '%s\\0' "$__awsmfa_t"`;
    expect(roundTrip(sh, NASTY, one)).toEqual(NASTY);
    const list = NASTY.filter((v) => v !== "");
    const get = sh.name === "fish" ? `printf '%s\\0' $__awsmfa_l` : `printf '%s\\0' "\${__awsmfa_l[@]}"`;
    expect(roundTrip(sh, [""], () => `${sh.setState("__awsmfa_l", list)}\n${get}`)).toEqual(list);
  });

  it("unsets", () => {
    const script = `${sh.export("AWSMFA_T", "x")}\n${sh.unset("AWSMFA_T")}\nnode -e 'process.stdout.write(String(process.env.AWSMFA_T) + "\\0")'`;
    expect(roundTrip(sh, [""], () => script)).toEqual(["undefined"]);
  });

  it("refuses NUL bytes and non-names instead of emitting broken code", () => {
    expect(() => sh.quote("a\0b")).toThrow(/NUL/);
    expect(() => sh.export("A;B", "x")).toThrow(/variable name/);
    expect(() => sh.call("f;g")).toThrow(/variable name/);
  });

  it("prints a hook the shell parses", () => {
    const check = sh.name === "fish" ? ["fish", ["--no-execute", "-c", sh.hook()]] : [sh.name, ["-n", "-c", sh.hook()]];
    execFileSync(check[0] as string, check[1] as string[], { stdio: "pipe" });
  });
});
