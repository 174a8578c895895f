import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CLEAR_LINE, SPINNER_FRAMES } from "../../src/ports/slow.js";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator.js";
import { makeIdentities, type TestIdentity } from "../helpers/identities.js";
import { requireProgram } from "../helpers/programs.js";
import { CLI, Sandbox } from "../helpers/sandbox.js";
import { TmuxShell } from "../helpers/tmux.js";

// The spinner of a slow STS call, in a real terminal (tmux) against the emulator made slow
// (its latency switch): it appears after a second, on stderr, and when the call is over nothing of
// it is left on the screen. With stderr not a terminal, not one spinner byte is written.

const LATENCY_MS = 2500;
const SPIN = new RegExp(`[${SPINNER_FRAMES.join("")}]`);

let emu: TestEmulator;
let sb: Sandbox;
let sh: TmuxShell | undefined;
let id: TestIdentity;
const { state, ids } = makeIdentities(6, "spin");

beforeAll(async () => {
  requireProgram("tmux", ["-V"]);
  emu = await startTestEmulator({ state });
});
afterAll(async () => emu?.close());
beforeEach(() => {
  id = ids.shift()!;
  sb = new Sandbox(emu.url);
  sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\n`);
  sb.write(sb.credentialsFile, `[work-long-term]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`);
  emu.emulator.setSwitches({ latencyMs: LATENCY_MS });
});
afterEach(async () => {
  emu.emulator.setSwitches({ latencyMs: 0 });
  await sh?.kill();
  sh = undefined;
  sb.cleanup();
});

/** bash in a pane, every byte the pane receives also appended to `raw`. */
function shell(): { sh: TmuxShell; raw: string } {
  const s = new TmuxShell(["bash", "--norc", "--noprofile"], { ...sb.env, HISTFILE: "/dev/null", PS1: "$ " }, sb.home);
  const raw = path.join(sb.dir, "raw");
  s.tmux(["pipe-pane", "-t", "t", "-o", `cat >> ${raw}`]);
  return { sh: s, raw };
}
const code = () => emu.emulator.nextCode(id.serial);

describe("a slow STS call on a terminal", () => {
  it("spins on stderr after a second, and leaves a clean line when the call returns", async () => {
    const t = shell();
    sh = t.sh;
    const s = t.sh;
    const started = Date.now();
    s.type(`node ${CLI} login --profile work --code ${code()}; echo "rc=$?"`);
    const seenAt = await s.until("the spinner", () => (SPIN.test(s.screen()) && s.screen().includes("awsmfa: waiting for") ? Date.now() : undefined), 20_000);
    // Not before the 1 s delay (node's start-up comes on top, so this is a lower bound only).
    expect(seenAt - started).toBeGreaterThanOrEqual(1000);
    await s.until("the exit status", () => /rc=\d+/.exec(s.screen())?.[0], 30_000);
    const screen = s.screen();
    expect(screen, screen).toContain("rc=0");
    // Nothing of the spinner remains: no frame, no notice, and the result starts its own clean line.
    expect(screen).not.toMatch(SPIN);
    expect(screen).not.toContain("waiting for");
    const lines = screen.split("\n");
    const result = lines.find((l) => l.includes("new session"));
    expect(result, screen).toMatch(/^profile work: new session/);
    // It did animate: several different frames were written, each redrawn in place with \r, and
    // the last thing before the result is the erase.
    const raw = readFileSync(t.raw, "utf8");
    const frames = new Set([...raw.matchAll(new RegExp(`\\r\\x1b\\[K(${SPIN.source}) awsmfa: waiting for `, "g"))].map((m) => m[1]));
    expect(frames.size).toBeGreaterThanOrEqual(3);
    expect(raw).toMatch(/awsmfa: waiting for [^\n]*\r\x1b\[Kprofile work: new session/);
  }, 60_000);

  it("Ctrl-C while it spins: the line is erased and awsmfa ends as interrupted (130)", async () => {
    emu.emulator.setSwitches({ latencyMs: 20_000 });
    const t = shell();
    sh = t.sh;
    const s = t.sh;
    s.type(`node ${CLI} login --profile work --code ${code()}`);
    await s.until("the spinner", () => SPIN.test(s.screen()) || undefined, 20_000);
    s.tmux(["send-keys", "-t", "t", "C-c"]);
    // bash abandons the rest of a command line whose command a SIGINT ended: the status is asked
    // for at the next prompt.
    await s.until("the next prompt", () => /\n\$ ?$/.test(s.screen().trimEnd() + " ") || undefined, 10_000);
    s.type(`echo "rc=$?"`);
    const rc = await s.until("the exit status", () => /rc=\d+/.exec(s.screen())?.[0], 10_000);
    expect(rc).toBe("rc=130");
    const screen = s.screen();
    expect(screen).not.toMatch(SPIN);
    expect(screen).not.toContain("waiting for");
    // The erase came after the last frame drawn (bash's own ^C echo may follow it).
    const raw = readFileSync(t.raw, "utf8");
    expect(raw.slice(raw.lastIndexOf(" awsmfa: waiting for "))).toContain(CLEAR_LINE);
  }, 60_000);

  it("keys rotate: its slow IAM calls spin too, and leave a clean line", async () => {
    emu.emulator.setSwitches({ latencyMs: 0 });
    // A cached session first, so the only slow calls are rotate's own (IAM, then STS with the new key).
    expect((await sb.exec(process.execPath, [CLI, "login", "--profile", "work", "--code", code()])).code).toBe(0);
    emu.emulator.setSwitches({ latencyMs: LATENCY_MS });
    const t = shell();
    sh = t.sh;
    const s = t.sh;
    s.type(`node ${CLI} keys rotate --profile work; echo "rc=$?"`);
    await s.until("the spinner", () => (SPIN.test(s.screen()) && s.screen().includes("awsmfa: waiting for") ? true : undefined), 30_000);
    const rc = await s.until("the exit status", () => /rc=\d+/.exec(s.screen())?.[0], 60_000);
    const screen = s.screen();
    expect(rc, screen).toBe("rc=0");
    expect(screen).not.toMatch(SPIN);
    expect(screen).not.toContain("waiting for");
  }, 90_000);

  it("TERM=dumb: no spinner, the one-line notice as before", async () => {
    const t = shell();
    sh = t.sh;
    const s = t.sh;
    // On the command line: tmux sets the pane's own TERM.
    s.type(`TERM=dumb node ${CLI} login --profile work --code ${code()}; echo "rc=$?"`);
    await s.until("the exit status", () => /rc=\d+/.exec(s.screen())?.[0], 30_000);
    expect(s.screen()).toContain("rc=0");
    expect(s.screen()).not.toMatch(SPIN);
    expect(s.count(`awsmfa: waiting for ${emu.url}…`)).toBe(1);
    expect(readFileSync(t.raw, "utf8")).not.toContain("\x1b[K");
  }, 60_000);
});

describe("a slow STS call with stderr not a terminal", () => {
  it("stderr into a file from a terminal: not one spinner byte there; the notice goes to the terminal once", async () => {
    const t = shell();
    sh = t.sh;
    const s = t.sh;
    const err = path.join(sb.dir, "err");
    s.type(`node ${CLI} login --profile work --code ${code()} 2>${err}; echo "rc=$?"`);
    await s.until("the exit status", () => /rc=\d+/.exec(s.screen())?.[0], 30_000);
    expect(s.screen()).toContain("rc=0");
    const bytes = readFileSync(err, "utf8");
    expect(bytes).toBe("");
    expect(s.screen()).not.toMatch(SPIN);
    expect(s.count(`awsmfa: waiting for ${emu.url}…`)).toBe(1);
  }, 60_000);

  it("no terminal at all (a pipe, as under the AWS CLI): stderr holds no spinner byte", async () => {
    const r = await sb.awsmfa(["login", "--profile", "work", "--code", code()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.ms).toBeGreaterThanOrEqual(LATENCY_MS);
    expect(r.stderr).toBe("");
  }, 60_000);
});
