import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { otpauthUri } from "../../src/device/otpauth.js";
import { ja } from "../../src/i18n/ja.js";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator.js";
import { makeIdentities, type TestIdentity } from "../helpers/identities.js";
import { requireProgram } from "../helpers/programs.js";
import { scanTerminalText } from "../helpers/qrscan.js";
import { CLI, Sandbox } from "../helpers/sandbox.js";
import { TmuxShell } from "../helpers/tmux.js";

// What a person sees in a real terminal (tmux): the QR code of `device add` in panes of different
// widths, read back off the screen and decoded; and the colour of an error line.

let emu: TestEmulator;
let sb: Sandbox;
let sh: TmuxShell | undefined;
const { state, ids } = makeIdentities(8, "term");
let id: TestIdentity;

beforeAll(async () => {
  requireProgram("tmux", ["-V"]);
  requireProgram("zbarimg", ["--version"]);
  requireProgram("oathtool", ["--version"]);
  emu = await startTestEmulator({ state });
});
afterAll(async () => emu?.close());
beforeEach(() => {
  id = ids.shift()!;
  sb = new Sandbox(emu.url);
  sb.write(sb.configFile, `[profile work]\nregion = us-east-1\n`);
  sb.write(sb.credentialsFile, `[work-long-term]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`);
});
afterEach(async () => {
  await sh?.kill();
  sh = undefined;
  sb.cleanup();
});

/** A plain sh in a pane `columns` wide, with the sandbox's environment. */
function shell(columns: number): TmuxShell {
  const s = new TmuxShell(["sh"], { ...sb.env, PS1: "$ " }, sb.home);
  s.tmux(["resize-window", "-t", "t", "-x", String(columns), "-y", "50"]);
  return s;
}
/** The screen with its colours (tmux re-encodes them as SGR sequences) and the white spaces that end a line. */
const colourScreen = (s: TmuxShell) => s.tmux(["capture-pane", "-p", "-e", "-N", "-S", "-", "-t", "t"]);
const visible = (line: string) => line.replace(/\x1b\[[0-9;]*m/g, "");

describe("device add draws a QR code that fits the pane", () => {
  it("60 columns: the code fits, scans as the new device's otpauth URI, and its codes enable the device", async () => {
    sh = shell(60);
    const rc = path.join(sb.dir, "rc");
    const name = `${id.user}-phone`;
    sh.type(`node ${CLI} device add --profile work --name ${name}; echo "rc=$?" > ${rc}; echo END >> ${rc}`);
    const s = sh;
    await s.until("the first prompt", () => (s.screen().includes("first code for") ? true : undefined));

    const lines = colourScreen(s).split("\n");
    const from = lines.findIndex((l) => visible(l).includes("Scan this QR code"));
    const to = lines.findIndex((l, i) => i > from && visible(l).includes("first code for"));
    const code = lines.slice(from + 1, to);
    expect(code.length).toBeGreaterThan(20);
    for (const l of code) expect(visible(l).length).toBeLessThanOrEqual(60);

    const serial = `arn:aws:iam::123456789012:mfa/${name}`;
    const seed = emu.emulator.state.devices.get(serial)!.seedBase32;
    expect(scanTerminalText(code.join("\n"))).toBe(otpauthUri(name, "123456789012", seed));

    // The person's phone now shows codes: type two consecutive ones.
    const [c1, c2] = execFileSync("oathtool", ["--totp", "-b", seed, "-w", "1"], { encoding: "utf8" }).trim().split("\n");
    s.type(c1!);
    await s.until("the second prompt", () => (s.screen().includes("next code for") ? true : undefined));
    s.type(c2!);
    expect(await s.file(rc)).toBe("rc=0\nEND\n");
    expect(emu.emulator.state.devices.get(serial)!.userName).toBe(id.user);
  });

  it("40 columns: no broken code; one line offers the secret or --qr-png, and s shows the secret", async () => {
    sh = shell(40);
    const rc = path.join(sb.dir, "rc");
    const name = `${id.user}-narrow`;
    sh.type(`node ${CLI} device add --profile work --name ${name}; echo "rc=$?" > ${rc}; echo END >> ${rc}`);
    const s = sh;
    await s.until("the first prompt", () => (s.screen().includes("first code for") ? true : undefined));
    const screen = s.screen();
    expect(screen).toContain("The QR code needs 53 columns and this terminal has 40: widen it, type s for the secret key, or run again with --qr-png FILE.");
    expect(screen).not.toMatch(/[▀▄█]/);

    const serial = `arn:aws:iam::123456789012:mfa/${name}`;
    const seed = emu.emulator.state.devices.get(serial)!.seedBase32;
    s.type("s");
    await s.until("the secret", () => (s.screen().includes(`time-based key): ${seed}`) ? true : undefined));
    s.tmux(["send-keys", "-t", "t", "C-c"]);
    expect(await s.file(rc)).toBe("rc=130\nEND\n");
    expect(emu.emulator.state.devices.has(serial)).toBe(false); // cancelled: deleted again
  });
});

describe("device add under a CJK locale (terminals that may draw ▀ two columns wide)", () => {
  it("LANG=ja_JP.UTF-8, 120 columns: drawn with spaces only, and it scans off the screen", async () => {
    sh = shell(120);
    const rc = path.join(sb.dir, "rc");
    const name = `${id.user}-ja`;
    // On the command line, not in tmux's environment: tmux itself needs a locale this machine has.
    sh.type(`LANG=ja_JP.UTF-8 node ${CLI} device add --profile work --name ${name}; echo "rc=$?" > ${rc}; echo END >> ${rc}`);
    const s = sh;
    // The messages are in Japanese too (LANG selects both): the prompt ends "の 1 つ目のコード".
    const prompt = ja["deviceCodes.firstCode"].replace("{label} ", "").replace(": ", "");
    await s.until("the first prompt", () => (s.screen().includes(prompt) ? true : undefined));
    const lines = colourScreen(s).split("\n");
    const from = lines.findIndex((l) => visible(l).includes(ja["qr.scan"]));
    expect(from).toBeGreaterThan(-1);
    const to = lines.findIndex((l, i) => i > from && visible(l).includes(prompt));
    const code = lines.slice(from + 1, to);
    expect(code.join("")).not.toMatch(/[▀▄█]/);
    for (const l of code) expect(visible(l).length).toBeLessThanOrEqual(120);
    const serial = `arn:aws:iam::123456789012:mfa/${name}`;
    const seed = emu.emulator.state.devices.get(serial)!.seedBase32;
    expect(scanTerminalText(code.join("\n"))).toBe(otpauthUri(name, "123456789012", seed));
    s.tmux(["send-keys", "-t", "t", "C-c"]);
    expect(await s.file(rc)).toBe("rc=130\nEND\n");
  });
});

describe("colour", () => {
  it("the error prefix is red on a terminal, plain with NO_COLOR or into a pipe", async () => {
    sh = shell(120);
    const done = path.join(sb.dir, "done");
    sh.type(`node ${CLI} lgoin; NO_COLOR=1 node ${CLI} stauts; node ${CLI} logni 2>&1 | cat; echo END > ${done}`);
    await sh.file(done);
    const screen = colourScreen(sh);
    expect(screen).toMatch(/\x1b\[31mawsmfa:\x1b\[39m unknown command 'lgoin'\n {2}did you mean 'awsmfa login'\?/);
    expect(screen).toMatch(/\nawsmfa: unknown command 'stauts'\n {2}did you mean 'awsmfa status'\?/);
    expect(screen).toMatch(/\nawsmfa: unknown command 'logni'\n/);
  });
});
