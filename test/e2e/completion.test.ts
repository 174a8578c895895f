import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ShellName } from "../../src/shells/types.js";
import { requireProgram } from "../helpers/programs.js";
import { ROOT, Sandbox } from "../helpers/sandbox.js";
import { TmuxShell } from "../helpers/tmux.js";

// `awsmfa completion bash|zsh|fish`, installed the way the README says, in real interactive
// shells under tmux: Tab completes a command and a profile name read from the AWS files at that
// moment (a profile added after the script was loaded completes too). Cheaper checks of the
// finer cases drive the same scripts through bash's completion function and fish's `complete -C`.

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const fq = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

const sb = new Sandbox();
const bin = path.join(sb.dir, "bin");
const env = { ...sb.env, PATH: `${bin}:${sb.env.PATH}`, ZDOTDIR: sb.dir, TERM: "screen" };

beforeAll(() => {
  requireProgram("tmux", ["-V"]);
  mkdirSync(bin, { recursive: true });
  // A private copy of the build: another `npm run build` elsewhere must not pull it from under us.
  cpSync(path.join(ROOT, "dist"), path.join(sb.dir, "dist"), { recursive: true });
  writeFileSync(path.join(bin, "awsmfa"), `#!/bin/sh\nexec ${q(process.execPath)} ${q(path.join(sb.dir, "dist", "cli.js"))} "$@"\n`);
  chmodSync(path.join(bin, "awsmfa"), 0o755);
  sb.write(sb.configFile, "[default]\nregion = us-east-1\n[profile workbench]\nmfa_serial = arn:aws:iam::123456789012:mfa/alice\n");
  sb.write(sb.credentialsFile, "[workbench-long-term]\naws_access_key_id = AKIAEXAMPLEEXAMPLE00\naws_secret_access_key = made-up\n[plainkeys]\naws_access_key_id = AKIAEXAMPLEEXAMPLE01\n");
});
afterAll(() => sb.cleanup());

function rcFor(shell: ShellName): string {
  if (shell === "fish") return `function fish_prompt; printf '$ '; end\nset -g fish_greeting ''\nawsmfa completion fish | source\n`;
  if (shell === "zsh") return `PROMPT='$ '\nautoload -Uz compinit && compinit -u -D\neval "$(awsmfa completion zsh)"\n`;
  return `PS1='$ '\neval "$(awsmfa completion bash)"\n`;
}

describe.each(["bash", "zsh", "fish"] as const)("awsmfa completion %s at a real prompt (tmux)", (shell) => {
  let sh: TmuxShell;
  beforeAll(async () => {
    requireProgram(shell, shell === "fish" ? ["--version"] : ["-c", "true"]);
    const rc = path.join(sb.dir, shell === "zsh" ? ".zshrc" : `rc.${shell}`);
    writeFileSync(rc, rcFor(shell));
    const cmd = shell === "bash" ? ["bash", "--noprofile", "--rcfile", rc, "-i"] : shell === "zsh" ? ["zsh", "-d", "-i"] : ["fish", "--no-config", "-i", "-C", `source ${fq(rc)}`];
    sh = new TmuxShell(cmd, { ...env, SHELL: shell }, sb.home);
    await sh.until("the first prompt", () => (sh.screen().includes("$ ") ? true : undefined));
  });
  afterAll(async () => sh?.kill());

  /** Types text, presses Tab, and waits for the prompt line to read `want`. */
  const tab = async (text: string, want: string) => {
    sh.tmux(["send-keys", "-t", "t", "-l", text]);
    sh.tmux(["send-keys", "-t", "t", "Tab"]);
    // bash and fish end a unique completion with a space; the words are what counts.
    const line = (l: string) => l.trim().replace(/\s+/g, " ");
    await sh.until(`'${want}' on the line`, () => (sh.screen().split("\n").some((l) => line(l) === `$ ${want}`) ? true : undefined));
  };
  // Each case starts on an empty line, whatever the one before left there.
  beforeEach(() => void sh.tmux(["send-keys", "-t", "t", "C-u"]));

  it("completes a command, then a profile name from the AWS config", async () => {
    await tab("awsmfa logi", "awsmfa login");
    await tab(" --profile workb", "awsmfa login --profile workbench");
  });

  it("completes a profile added after the script was loaded (read when Tab is pressed)", async () => {
    sb.write(sb.configFile, `${sb.read(sb.configFile)}[profile staging-${shell}]\nregion = eu-west-1\n`);
    await tab(`awsmfa status --profile staging-${shell.slice(0, 2)}`, `awsmfa status --profile staging-${shell}`);
  });

  it("completes hook's shell name", async () => {
    await tab("awsmfa hook fi", "awsmfa hook fish");
  });
});

describe("the bash script's answers (its completion function, as bash calls it)", () => {
  let script: string;
  beforeAll(() => {
    requireProgram("bash", ["-c", "true"]);
    script = execFileSync(path.join(bin, "awsmfa"), ["completion", "bash"], { env, encoding: "utf8" });
  });
  /** COMPREPLY for the words typed so far (the last one is the word being completed). */
  const reply = (...words: string[]) =>
    execFileSync(
      "bash",
      ["-c", `${script}\nCOMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _awsmfa; printf '%s\\n' "\${COMPREPLY[@]}"`, "bash", "awsmfa", ...words],
      { env, encoding: "utf8" },
    )
      .split("\n")
      .filter((w) => w && !w.startsWith("staging-")); // added by the cases above

  it.each([
    [["lo"], ["login", "logout"]],
    [["--ver"], ["--version"]],
    [["login", "--pro"], ["--profile"]],
    [["login", "-p", ""], ["default", "workbench", "plainkeys"]],
    [["login", "--profile", "=", "w"], ["workbench"]], // --profile=w: bash splits at "="
    [["login", "--profile", "workbench-l"], []], // the long-term section holds a key; it is no profile
    [["device", ""], ["add", "enable", "resync", "list", "remove"]],
    [["device", "list", "--"], ["--profile", "--json", "--help"]], // list's flags only, not add's
    [["env", "--format", ""], ["sh", "fish", "pwsh", "dotenv", "json"]],
    [["configure", "--mode", ""], ["process", "file"]],
    [["completion", ""], ["bash", "zsh", "fish"]],
    [["hook", "--"], ["--help"]], // the hook's own flags (--eval, --pid…) are not offered
    [["--debug", "status", "--j"], ["--json"]],
  ])("%j → %j", (words, want) => {
    expect(reply(...words)).toEqual(want);
  });
});

describe("the fish script's answers (complete -C)", () => {
  const complete = (line: string) =>
    execFileSync("fish", ["--no-config", "-c", `awsmfa completion fish | source; complete -C${fq(line)}`], { env, encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split("\t")[0]);
  beforeAll(() => void requireProgram("fish"));

  it.each([
    ["awsmfa lo", ["login", "logout"]],
    ["awsmfa env --profile ", ["default", "plainkeys", "workbench"]],
    ["awsmfa device list --", ["--help", "--json", "--profile"]],
    ["awsmfa env --format ", ["dotenv", "fish", "json", "pwsh", "sh"]],
  ])("%s → %j", (line, want) => {
    expect(complete(line).filter((w) => !w?.startsWith("staging-"))).toEqual(want);
  });
});
