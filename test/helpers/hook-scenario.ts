import { cpSync, mkdirSync, readFileSync, writeFileSync, chmodSync, existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ShellName } from "../../src/shells/types.js";
import { requireProgram } from "./programs.js";
import { ROOT, Sandbox } from "./sandbox.js";
import { TmuxShell } from "./tmux.js";

// The per-directory profile story, typed into a real interactive bash, zsh or fish in tmux:
// trust, inheritance, exact restore, edits, deny, awkward paths, and an idle prompt that spawns
// nothing (strace sees no execve and no fork; the awsmfa wrapper counts its own runs).
// The cases share one shell (starting one under strace is slow) but no state: each makes its own
// project folder, starts from the outside folder with the original variables, and asserts only
// what it did itself, so any one of them passes alone or in any order.

const VARS = ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWSMFA_PROFILE"] as const;
type Snapshot = Record<(typeof VARS)[number], string | undefined>;

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const fq = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

function rcFor(shell: ShellName, v: { O: string; out: string; edit: string }): string {
  if (shell === "fish") {
    return `set -g fish_greeting ''
function fish_prompt; printf '$ '; end
function fish_title; end
set -g O ${fq(v.O)}
set -gx EDITOR ${fq(v.edit)}
set -gx AWS_PROFILE outer; set -gx AWS_DEFAULT_REGION us-east-2
set -e AWS_DEFAULT_PROFILE; set -e AWS_REGION; set -e AWSMFA_PROFILE
function __t
    begin
        for v in ${VARS.join(" ")}
            if set -q $v; echo "$v=$$v"; else; echo "$v=<unset>"; end
        end
        echo END
    end > ${fq(v.out)}/$argv[1]
end
awsmfa hook fish | source
`;
  }
  const get = shell === "zsh" ? `\${(P)v}` : `\${!v}`;
  const isSet = shell === "zsh" ? `(( \${(P)+v} ))` : `[[ -n \${!v+x} ]]`;
  return `${shell === "zsh" ? "PROMPT='$ '" : "PS1='$ '"}
O=${q(v.O)}
export EDITOR=${q(v.edit)}
export AWS_PROFILE=outer AWS_DEFAULT_REGION=us-east-2
unset AWS_DEFAULT_PROFILE AWS_REGION AWSMFA_PROFILE
__t() {
  local v
  { for v in ${VARS.join(" ")}; do if ${isSet}; then printf '%s=%s\\n' "$v" "${get}"; else printf '%s=<unset>\\n' "$v"; fi; done; echo END; } > ${q(v.out)}/"$1"
}
eval "$(awsmfa hook ${shell})"
`;
}

export function hookScenario(shell: ShellName): void {
  const sb = new Sandbox();
  const home = sb.home;
  const O = path.join(home, "outside");
  const out = path.join(sb.dir, "out");
  const count = path.join(sb.dir, "awsmfa-runs");
  const strace = path.join(sb.dir, "strace.log");
  let sh: TmuxShell;
  let step = 0;
  let cases = 0;
  const shq = shell === "fish" ? fq : q;

  const snap = async (): Promise<Snapshot> => {
    const name = String(++step);
    sh.type(`__t ${name}`);
    const text = await sh.file(path.join(out, name), `__t ${name}`);
    const s = {} as Snapshot;
    for (const line of text.split("\n")) {
      const eq = line.indexOf("=");
      if (eq > 0) s[line.slice(0, eq) as keyof Snapshot] = line.slice(eq + 1) === "<unset>" ? undefined : line.slice(eq + 1);
    }
    return s;
  };
  const ORIGINAL: Snapshot = { AWS_PROFILE: "outer", AWS_DEFAULT_PROFILE: undefined, AWS_REGION: undefined, AWS_DEFAULT_REGION: "us-east-2", AWSMFA_PROFILE: undefined };
  const applied = (profile: string, region?: string): Snapshot => ({
    AWS_PROFILE: profile,
    AWS_DEFAULT_PROFILE: profile,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region ?? "us-east-2",
    AWSMFA_PROFILE: profile,
  });
  const runs = () => (existsSync(count) ? readFileSync(count, "utf8").length : 0);
  const notice = (dir: string) => `awsmfa: ${path.join(dir, ".awsmfa")} is not allowed; run 'awsmfa allow' to trust it`;
  const cd = (dir: string) => sh.type(`cd ${shq(dir)}`);

  /** A new project folder of this case's own (a space in its path), with an untrusted .awsmfa. */
  const project = (content = "profile = work\nregion = eu-west-1\n", parent = `case ${++cases}`): string => {
    const dir = path.join(home, parent, "proj");
    mkdirSync(path.join(dir, "sub", "deeper"), { recursive: true });
    writeFileSync(path.join(dir, ".awsmfa"), content);
    return dir;
  };
  /** Every case starts here: outside any .awsmfa, with the shell's original variables. */
  const start = async () => {
    cd(O);
    expect(await snap()).toEqual(ORIGINAL);
  };
  /** Starts, then enters a new project and allows it. */
  const inAllowedProject = async (): Promise<string> => {
    await start();
    const dir = project();
    cd(dir);
    sh.type("awsmfa allow");
    expect(await snap()).toEqual(applied("work", "eu-west-1"));
    return dir;
  };

  beforeAll(async () => {
    requireProgram("tmux", ["-V"]);
    requireProgram(shell, shell === "fish" ? ["--version"] : ["-c", "true"]);
    requireProgram("strace", ["-V"]);
    for (const d of [O, out, path.join(sb.dir, "bin")]) mkdirSync(d, { recursive: true });
    // A private copy of the build: another `npm run build` elsewhere must not pull it from under us.
    cpSync(path.join(ROOT, "dist"), path.join(sb.dir, "dist"), { recursive: true });
    const wrapper = path.join(sb.dir, "bin", "awsmfa");
    writeFileSync(wrapper, `#!/bin/sh\nprintf x >> ${q(count)}\nexec ${q(process.execPath)} ${q(path.join(sb.dir, "dist", "cli.js"))} "$@"\n`);
    chmodSync(wrapper, 0o755);
    const edit = path.join(sb.dir, "bin", "edit-to");
    writeFileSync(edit, `#!/bin/sh\nprintf 'profile = edited\\n' > "$1"\n`);
    chmodSync(edit, 0o755);
    const rc = path.join(sb.dir, shell === "zsh" ? ".zshrc" : `rc.${shell}`);
    writeFileSync(rc, rcFor(shell, { O, out, edit }));
    const cmd =
      shell === "bash" ? ["bash", "--noprofile", "--rcfile", rc, "-i"] : shell === "zsh" ? ["zsh", "-d", "-i"] : ["fish", "--no-config", "-i", "-C", `source ${fq(rc)}`];
    const env = { ...sb.env, PATH: `${path.join(sb.dir, "bin")}:${sb.env.PATH}`, ZDOTDIR: sb.dir, TERM: "screen", SHELL: shell };
    // strace only the syscalls that start processes; -f follows every child.
    sh = new TmuxShell(["strace", "-f", "-qq", "-o", strace, "-e", "trace=execve,fork,vfork,clone,clone3", ...cmd], env, O);
    await sh.until("the first prompt", () => (sh.screen().includes("$ ") ? true : undefined));
  });
  afterAll(async () => {
    await sh?.kill();
    sb.cleanup();
  });

  it("outside any .awsmfa nothing changes", async () => {
    await start();
    sh.type("");
    expect(await snap()).toEqual(ORIGINAL);
  });

  it("an untrusted file changes nothing and prints the hint once per entering", async () => {
    await start();
    const W = project();
    cd(W);
    expect(await snap()).toEqual(ORIGINAL);
    sh.type("");
    sh.type("");
    expect(await snap()).toEqual(ORIGINAL);
    expect(sh.count(notice(W))).toBe(1);
  });

  it("allow applies it here and in sub-folders", async () => {
    await inAllowedProject();
    sh.type("cd sub/deeper");
    expect(await snap()).toEqual(applied("work", "eu-west-1"));
  });

  it("an idle prompt spawns nothing: no awsmfa run, no exec, no fork", async () => {
    await inAllowedProject();
    sh.type("cd sub/deeper");
    await snap(); // settle: the prompt after cd has run
    const before = runs();
    const traced = readFileSync(strace, "utf8").length;
    for (let i = 0; i < 4; i++) sh.type("");
    expect(await snap()).toEqual(applied("work", "eu-west-1"));
    expect(runs()).toBe(before);
    const fresh = readFileSync(strace, "utf8").slice(traced);
    // Threads (fish's I/O pool) are not processes; anything else would be a spawn.
    const spawns = fresh.split("\n").filter((l) => /execve\(|fork\(|clone3?\(/.test(l) && !/CLONE_THREAD/.test(l));
    expect(spawns).toEqual([]);
    // …and the trace is live: the runs before this point were seen.
    expect(readFileSync(strace, "utf8").slice(0, traced)).toMatch(/execve\(/);
  });

  it("a renewed session (the sessions folder changes) wakes the hook once", async () => {
    await inAllowedProject();
    const before = runs();
    const sessions = path.join(home, ".cache", "awsmfa", "sessions");
    mkdirSync(sessions, { recursive: true });
    writeFileSync(path.join(sessions, `renewed-${cases}.json`), "{}");
    sh.type("");
    await snap();
    expect(runs()).toBe(before + 1);
    sh.type("");
    await snap();
    expect(runs()).toBe(before + 1);
  });

  it("the expiry re-check time is read with builtins and wakes the hook once", async () => {
    await inAllowedProject();
    const before = runs();
    const at = Math.floor(Date.now() / 1000) + 2;
    sh.type(shell === "fish" ? `set -g __awsmfa_check_at ${at}` : `__awsmfa_check_at=${at}`);
    await snap();
    expect(runs()).toBe(before);
    await new Promise((r) => setTimeout(r, 2600));
    sh.type("");
    await snap();
    expect(runs()).toBe(before + 1);
  });

  it("leaving restores the previous values exactly (set ones and unset ones)", async () => {
    const W = await inAllowedProject();
    cd(O);
    expect(await snap()).toEqual(ORIGINAL);
    cd(W);
    expect(await snap()).toEqual(applied("work", "eu-west-1"));
    expect(sh.count(notice(W))).toBe(1);
  });

  it("editing the file blocks it again", async () => {
    const W = await inAllowedProject();
    sh.type(`printf 'profile = other\\n' > .awsmfa`);
    expect(await snap()).toEqual(ORIGINAL);
    expect(sh.count(notice(W))).toBe(2);
    sh.type("awsmfa allow");
    expect(await snap()).toEqual(applied("other"));
  });

  it("awsmfa edit re-allows after saving", async () => {
    await start();
    cd(project());
    expect(await snap()).toEqual(ORIGINAL);
    sh.type("awsmfa edit");
    expect(await snap()).toEqual(applied("edited"));
  });

  it("deny blocks it, quietly", async () => {
    const W = await inAllowedProject();
    sh.type("awsmfa deny");
    expect(await snap()).toEqual(ORIGINAL);
    sh.type("cd sub");
    expect(await snap()).toEqual(ORIGINAL);
    expect(sh.count(notice(W))).toBe(1);
  });

  it("works in paths with spaces, quotes and non-ASCII names", async () => {
    await start();
    const N = project("# ünïcødé comment\nprofile = nasty\n", `ñandú 日本 'q' ${++cases}`);
    const D = project();
    sh.type(`awsmfa deny ${shq(D)}`);
    cd(N);
    expect(await snap()).toEqual(ORIGINAL);
    await sh.until("the notice for the non-ASCII path", () => (sh.count(notice(N)) === 1 ? true : undefined));
    sh.type("awsmfa allow");
    expect(await snap()).toEqual(applied("nasty"));
    cd(D); // denied: withdraws nasty, applies nothing
    expect(await snap()).toEqual(ORIGINAL);
    cd(N);
    expect(await snap()).toEqual(applied("nasty"));
    cd(O);
    expect(await snap()).toEqual(ORIGINAL);
  });

  // Issue 8 defect 12: a folder name carrying `ESC ] 0 ; … BEL` retitled the terminal through the notice.
  it("prints a folder name's control characters escaped, never raw to the terminal", async () => {
    await start();
    const parent = path.join(home, `esc ${++cases}`);
    mkdirSync(path.join(parent, "t\x1b]0;pwned\x07x"), { recursive: true });
    writeFileSync(path.join(parent, "t\x1b]0;pwned\x07x", ".awsmfa"), "profile = work\n");
    sh.type(`cd ${shq(parent)}/t*x`); // a glob: the name itself cannot be typed
    expect(await snap()).toEqual(ORIGINAL);
    const shown = `awsmfa: ${path.join(parent, "t\\x1b]0;pwned\\x07x", ".awsmfa")} is not allowed; run 'awsmfa allow' to trust it`;
    await sh.until("the escaped notice", () => (sh.count(shown) === 1 ? true : undefined));
    sh.type("awsmfa allow");
    expect(await snap()).toEqual(applied("work"));
    expect(sh.count(`awsmfa: allowed ${path.join(parent, "t\\x1b]0;pwned\\x07x", ".awsmfa")} (profile work)`)).toBe(1);
  });
}
