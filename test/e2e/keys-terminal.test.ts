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
// appears on the screen; a mismatched repeat is asked again.

let emu: TestEmulator;
let sb: Sandbox;
let sh: TmuxShell | undefined;
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
  await emu?.close();
  sb?.cleanup();
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
});
