import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { filesContaining } from "../helpers/argv-watch.js";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator.js";
import { makeIdentities } from "../helpers/identities.js";
import { requireProgram } from "../helpers/programs.js";
import { CLI, Sandbox } from "../helpers/sandbox.js";
import { TmuxShell } from "../helpers/tmux.js";

// A person at a real terminal (bash under tmux): `keys add --to file` asks for the key id, the
// secret and a new passphrase twice. What is typed for the secret and the passphrase never
// appears on the screen; a mismatched repeat is asked again. A passphrase typed ahead, while the
// key is being checked with AWS, is the answer to the passphrase prompt (it was once lost).

let emu: TestEmulator;
let sb: Sandbox;
let sh: TmuxShell | undefined;
let sb2: Sandbox | undefined;
let sh2: TmuxShell | undefined;
const { state, ids } = makeIdentities(1, "kterm");
const id = ids[0]!;
const PASS = "typed passphrase 42";

beforeAll(async () => {
  requireProgram("tmux", ["-V"]);
  emu = await startTestEmulator({ state });
  sb = new Sandbox(emu.url);
  sb.write(sb.configFile, `[profile ${id.user}]\nmfa_serial = ${id.serial}\n`);
});
afterAll(async () => {
  await sh?.kill();
  await sh2?.kill();
  await emu?.close();
  sb?.cleanup();
  sb2?.cleanup();
});

describe("keys add at a terminal", () => {
  it("the secret and the passphrase are not echoed; the key lands in the encrypted file", async () => {
    sh = new TmuxShell(["bash", "--norc", "--noprofile"], { ...sb.env, PS1: "$ " }, sb.home);
    await sh.until("a prompt", () => (sh!.screen().includes("$") ? true : undefined));
    sh.type(`${process.execPath} ${CLI} keys add --profile ${id.user} --to file; echo "rc=$?"`);
    await sh.until("the key id prompt", () => (sh!.screen().includes("AWS access key id (AKIA…): ") ? true : undefined));
    sh.type(id.accessKeyId);
    await sh.until("the secret prompt", () => (sh!.screen().includes("secret access key (not shown): ") ? true : undefined));
    sh.type(id.secretAccessKey);
    await sh.until("the passphrase prompt", () => (sh!.screen().includes("new passphrase for ") ? true : undefined));
    sh.type(PASS);
    await sh.until("the repeat prompt", () => (sh!.count("repeat it: ") === 1 ? true : undefined));
    sh.type("not the same");
    await sh.until("asked again", () => (sh!.screen().includes("the two did not match; try again") && sh!.count("new passphrase for ") === 2 ? true : undefined));
    sh.type(PASS);
    await sh.until("the second repeat prompt", () => (sh!.count("repeat it: ") === 2 ? true : undefined));
    sh.type(PASS);
    const screen = await sh.until("the exit status", () => {
      const s = sh!.screen();
      return /rc=\d+/.test(s) ? s : undefined;
    });
    expect(screen).toContain("rc=0");
    expect(screen).toContain(`keys: AKIA…${id.accessKeyId.slice(-4)} belongs to ${id.arn}`);
    expect(screen).toContain(id.accessKeyId); // the id is echoed as typed: it is not a secret
    expect(screen).not.toContain(id.secretAccessKey);
    expect(screen).not.toContain(PASS);
    expect(screen).not.toContain("not the same");
    const file = path.join(sb.env.XDG_DATA_HOME!, "awsmfa", "keys.enc");
    expect(filesContaining(sb.dir, [id.secretAccessKey, PASS])).toEqual([]);
    const list = await sb.awsmfa(["keys", "list", "--json"], { env: { AWSMFA_FILE_PASSPHRASE: PASS } });
    expect(JSON.parse(list.stdout)).toEqual([{ profile: id.user, keySource: "file", accessKeyId: id.accessKeyId, location: `the encrypted file ${file} (entry ${id.user})` }]);
  });

  it("a passphrase typed ahead during the key check answers the passphrase prompt", async () => {
    // The command's terminal asked the key; the encrypted file asks the passphrase. Typed while
    // GetCallerIdentity is held (the terminal is cooked then, so the cooked terminal echoes it),
    // the line reached the command's idle terminal, which kept it: the passphrase prompt then
    // waited for ever. Deterministic: the keys arrive before the passphrase prompt exists.
    sb2 = new Sandbox(emu.url);
    sb2.write(sb2.configFile, `[profile ${id.user}]\nmfa_serial = ${id.serial}\n`);
    sh2 = new TmuxShell(["bash", "--norc", "--noprofile"], { ...sb2.env, PS1: "$ " }, sb2.home);
    const s = sh2;
    await s.until("a prompt", () => (s.screen().includes("$") ? true : undefined));
    s.type(`${process.execPath} ${CLI} keys add --profile ${id.user} --to file; echo "rc=$?"`);
    await s.until("the key id prompt", () => (s.screen().includes("AWS access key id (AKIA…): ") ? true : undefined));
    s.type(id.accessKeyId);
    await s.until("the secret prompt", () => (s.screen().includes("secret access key (not shown): ") ? true : undefined));
    const before = emu.counters().GetCallerIdentity ?? 0;
    emu.emulator.setSwitches({ latencyMs: 1500 });
    try {
      s.type(id.secretAccessKey);
      await s.until("the key check", () => ((emu.counters().GetCallerIdentity ?? 0) > before ? true : undefined));
      s.type(PASS);
      await s.until("the repeat prompt", () => (s.count("repeat it: ") === 1 ? true : undefined));
    } finally {
      emu.emulator.setSwitches({ latencyMs: 0 });
    }
    expect(s.count("new passphrase for ")).toBe(1);
    s.type(PASS);
    const screen = await s.until("the exit status", () => {
      const t = s.screen();
      return /rc=\d+/.test(t) ? t : undefined;
    });
    expect(screen).toContain("rc=0");
    expect(screen).not.toContain(id.secretAccessKey);
    const list = await sb2.awsmfa(["keys", "list", "--json"], { env: { AWSMFA_FILE_PASSPHRASE: PASS } });
    expect(JSON.parse(list.stdout)).toMatchObject([{ profile: id.user, keySource: "file", accessKeyId: id.accessKeyId }]);
  });
});
