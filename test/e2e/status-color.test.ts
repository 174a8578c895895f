import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { requireProgram } from "../helpers/programs.js";
import { CLI, Sandbox } from "../helpers/sandbox.js";
import { TmuxShell } from "../helpers/tmux.js";

// `awsmfa status` colours the state word (valid green, expiring yellow, expired and a missing key
// red) for a person only: NO_COLOR and FORCE_COLOR decide first, then whether stdout is a terminal;
// --json never. Real output of the built CLI over sessions written into the credentials file.

const GREEN = (s: string) => `\x1b[32m${s}\x1b[39m`;
const YELLOW = (s: string) => `\x1b[33m${s}\x1b[39m`;
const RED = (s: string) => `\x1b[31m${s}\x1b[39m`;
const ESC = "\x1b[";

let sb: Sandbox;
beforeEach(() => {
  sb = new Sandbox();
  const at = (ms: number) => new Date(Date.now() + ms).toISOString();
  const profiles = ["fresh", "soon", "old", "gone"];
  sb.write(sb.configFile, profiles.map((p) => `[profile ${p}]\nmfa_serial = arn:aws:iam::123456789012:mfa/${p}\n`).join(""));
  const longTerm = (p: string) => `[${p}-long-term]\naws_access_key_id = AKIAEXAMPLE0000${p.toUpperCase().padEnd(5, "X")}\naws_secret_access_key = made-up-secret-for-${p}\n`;
  const session = (p: string, ms: number) => `[${p}]\naws_access_key_id = ASIAEXAMPLE${p.toUpperCase()}\naws_secret_access_key = made-up\naws_session_token = made-up-token\nexpiration = ${at(ms)}\n`;
  sb.write(
    sb.credentialsFile,
    longTerm("fresh") + session("fresh", 6 * 3600_000) + longTerm("soon") + session("soon", 5 * 60_000) + longTerm("old") + session("old", -3600_000),
  );
});
afterEach(() => sb.cleanup());

const status = async (env: Record<string, string | undefined>, args: string[] = []) => {
  const r = await sb.awsmfa(["status", ...args], { env });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
};

describe("status colours its states", () => {
  it("FORCE_COLOR=1 into a pipe: each state word in its colour, nothing else coloured", async () => {
    const out = await status({ FORCE_COLOR: "1" });
    expect(out).toMatch(new RegExp(`^fresh\\n(.*\\n){3}  session: +${esc(GREEN("valid"))} until .*left\\)$`, "m"));
    expect(out).toMatch(new RegExp(`^soon\\n(.*\\n){3}  session: +${esc(YELLOW("valid"))} until .*renews on next use\\)$`, "m"));
    expect(out).toMatch(new RegExp(`^old\\n(.*\\n){3}  session: +${esc(RED("expired"))} at `, "m"));
    expect(out).toMatch(new RegExp(`^gone\\n.*\\n  key: +${esc(RED("missing"))} \\(expected in \\[gone-long-term\\]\\)$`, "m"));
    // The colour codes are the only difference from the plain output.
    expect(out.replace(/\x1b\[(3[123]|39)m/g, "")).toBe(await status({}));
  });

  it.each<[string, Record<string, string>]>([
    ["a pipe", {}],
    ["NO_COLOR=1 with FORCE_COLOR=1", { NO_COLOR: "1", FORCE_COLOR: "1" }],
    ["FORCE_COLOR=0", { FORCE_COLOR: "0" }],
  ])("%s: no escape codes", async (_, env) => {
    const out = await status(env);
    expect(out).toContain("session:    valid until");
    expect(out).not.toContain(ESC);
  });

  it("--json is never coloured, not even with FORCE_COLOR=1", async () => {
    const out = await status({ FORCE_COLOR: "1" }, ["--json"]);
    expect(out).not.toContain(ESC);
    expect((JSON.parse(out) as Array<{ session: { state: string } }>).map((r) => r.session.state)).toEqual(["valid", "expiring", "expired", "none"]);
  });

  it("on a terminal (tmux): coloured; with NO_COLOR: plain", async () => {
    requireProgram("tmux", ["-V"]);
    const sh = new TmuxShell(["bash", "--norc", "--noprofile"], { ...sb.env, HISTFILE: "/dev/null", PS1: "$ " }, sb.home);
    try {
      sh.type(`node ${CLI} status --profile fresh; echo "rc=$?"`);
      await sh.until("the first status", () => (sh.screen().includes("rc=0") ? true : undefined));
      // tmux re-encodes what it shows; the state word is green on screen.
      const colours = () => sh.tmux(["capture-pane", "-p", "-e", "-S", "-", "-t", "t"]);
      expect(colours()).toMatch(/session: +\x1b\[32mvalid\x1b\[39m until/);
      sh.tmux(["clear-history", "-t", "t"]);
      sh.type(`clear; NO_COLOR=1 node ${CLI} status --profile fresh; echo "rc2=$?"`);
      await sh.until("the second status", () => (sh.screen().includes("rc2=0") ? true : undefined));
      expect(colours()).toMatch(/session: +valid until/);
      expect(colours()).not.toContain("\x1b[32m");
    } finally {
      await sh.kill();
    }
  }, 30_000);
  // Only a character device can be a terminal: for a pipe or a file, fstat answers, and node:tty
  // (with node:net and the stream machinery, a fifth of a small status) is never loaded.
  it("into a pipe or a file: plain, and node:tty is not even loaded", async () => {
    const preload = path.join(sb.dir, "mods.cjs");
    const mods = path.join(sb.dir, "mods.txt");
    writeFileSync(preload, `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(mods)}, process.moduleLoadList.join("\\n")));\n`);
    const ttyLoaded = () => readFileSync(mods, "utf8").split("\n").includes("NativeModule tty");
    const piped = await sb.exec(process.execPath, ["--require", preload, CLI, "status"]);
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toContain("fresh\n");
    expect(piped.stdout).not.toContain(ESC);
    expect(ttyLoaded()).toBe(false);
    const file = path.join(sb.dir, "out.txt");
    const toFile = await sb.exec("bash", ["-c", `"$0" --require "$1" "$2" status > "$3"`, process.execPath, preload, CLI, file]);
    expect(toFile.code, toFile.stderr).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(piped.stdout);
    expect(ttyLoaded()).toBe(false);
    // The list is the real one: a character device that is no terminal still asks node:tty.
    const devNull = await sb.exec("bash", ["-c", `"$0" --require "$1" "$2" status > /dev/null`, process.execPath, preload, CLI]);
    expect(devNull.code, devNull.stderr).toBe(0);
    expect(ttyLoaded()).toBe(true);
  });
});

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
