import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/errors.js";
import { filesContaining, watchArgv, type ArgvWatch } from "../helpers/argv-watch.js";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator.js";
import { makeIdentities, type TestIdentity } from "../helpers/identities.js";
import { Sandbox, type RunResult } from "../helpers/sandbox.js";

// The encrypted file source on its own: a round trip through the CLI, and the three ways it must
// refuse (wrong passphrase, a changed byte anywhere, a damaged file) with one line, exit 3, and
// every file byte for byte as it was.

const PASS = "made-up passphrase 1";
let emu: TestEmulator;
let sb: Sandbox;
let watch: ArgvWatch;
const { state, ids } = makeIdentities(8, "kfile");
let id: TestIdentity;
let P: string;
let keyFile: string;
const outputs: string[] = [];

beforeAll(async () => {
  emu = await startTestEmulator({ state });
  watch = watchArgv(() => [PASS, "wrong passphrase 2", ...ids.map((i) => i.secretAccessKey), ...state.users!.flatMap((u) => u.accessKeys!.map((k) => k.secret))]);
});
afterAll(async () => {
  const w = watch.stop();
  expect(w.hits).toEqual([]);
  const all = outputs.join("\n");
  for (const s of [PASS, ...state.users!.flatMap((u) => u.accessKeys!.map((k) => k.secret))]) expect(all.includes(s)).toBe(false);
  await emu?.close();
});
beforeEach(async () => {
  sb?.cleanup();
  sb = new Sandbox(emu.url);
  id = ids.shift()!;
  P = id.user;
  keyFile = path.join(sb.env.XDG_DATA_HOME!, "awsmfa", "keys.enc");
  sb.write(sb.configFile, `[profile ${P}]\nmfa_serial = ${id.serial}\n`);
  sb.write(sb.credentialsFile, `[${P}-long-term]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`);
  const r = await awsmfa(["keys", "move", "--profile", P, "--to", "file"]);
  expect(r.code).toBe(0);
});
afterAll(() => sb?.cleanup());

async function awsmfa(args: string[], opts: { pass?: string | undefined } = { pass: PASS }): Promise<RunResult> {
  const r = await sb.awsmfa(args, { env: { AWSMFA_FILE_PASSPHRASE: opts.pass } });
  outputs.push(r.stdout, r.stderr);
  return r;
}

/** Every file under the sandbox with its bytes: "unchanged" means all of them. */
function snapshot(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(p, readFileSync(p).toString("base64"));
    }
  };
  walk(sb.home);
  return out;
}

describe("awsmfa_source = file", () => {
  it("never loads the native keyring module (only the keyring source does)", async () => {
    const probe = path.join(sb.dir, "probe.cjs");
    writeFileSync(
      probe,
      `process.on("exit", () => require("fs").writeSync(2, "keyring modules: " + Object.keys(require.cache).filter((k) => k.includes("@napi-rs/keyring")).length + "\\n"));\n`,
    );
    const run = (args: string[]) => sb.awsmfa(args, { env: { AWSMFA_FILE_PASSPHRASE: PASS, NODE_OPTIONS: `--require ${probe}` } });
    for (const args of [["keys", "list"], ["keys", "move", "--profile", P, "--to", "credentials"], ["keys", "move", "--profile", P, "--to", "file"], ["--version"]]) {
      const r = await run(args);
      expect(r.stderr, args.join(" ")).toContain("keyring modules: 0\n");
    }
    // The probe itself works: the keyring source does load it.
    expect((await run(["keys", "move", "--profile", P, "--to", "keyring"])).stderr).toMatch(/keyring modules: [1-9]/);
  });

  it("round trip: moved in, listed, moved back out byte for byte; the key was never on disk in the clear meanwhile", async () => {
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(sb.read(sb.credentialsFile)).toBe("");
    expect(filesContaining(sb.dir, [id.accessKeyId, id.secretAccessKey])).toEqual([]);
    const l = await awsmfa(["keys", "list"]);
    expect(l.stdout).toBe(`PROFILE  SOURCE       KEY ID\n${P.padEnd(7)}  file         ${id.accessKeyId}\n`);
    const back = await awsmfa(["keys", "move", "--profile", P, "--to", "credentials"]);
    expect(back.code).toBe(0);
    expect(sb.read(sb.credentialsFile)).toBe(`[${P}-long-term]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`);
    // The last key out removes the file.
    expect(() => statSync(keyFile)).toThrow();
  });

  it("a wrong passphrase: one line, exit 3, nothing changes", async () => {
    const before = snapshot();
    for (const args of [["keys", "move", "--profile", P, "--to", "credentials"], ["keys", "remove", "--profile", P, "--yes"], ["keys", "rotate", "--profile", P, "--code", "123456"]]) {
      const r = await awsmfa(args, { pass: "wrong passphrase 2" });
      expect(r.code).toBe(EXIT.config);
      expect(r.stderr).toBe(`awsmfa: ${keyFile}: wrong passphrase; nothing was changed\n  type the passphrase the file was written with (or set AWSMFA_FILE_PASSPHRASE)\n`);
    }
    expect(snapshot()).toEqual(before);
  });

  it("no passphrase and no terminal: exit 7 naming AWSMFA_FILE_PASSPHRASE; nothing changes", async () => {
    const before = snapshot();
    const r = await awsmfa(["keys", "move", "--profile", P, "--to", "credentials"], { pass: undefined });
    expect(r.code).toBe(EXIT.noTerminal);
    expect(r.stderr).toContain("there is no terminal and AWSMFA_FILE_PASSPHRASE is not set");
    expect(snapshot()).toEqual(before);
  });

  it("one changed character in any field is caught: one line, exit 3, nothing changes", async () => {
    const original = readFileSync(keyFile, "utf8");
    const j = JSON.parse(original);
    const flip = (b64: string) => {
      const buf = Buffer.from(b64, "base64");
      buf[buf.length >> 1]! ^= 0x01;
      return buf.toString("base64");
    };
    const cases: Array<[string, (x: typeof j) => void, RegExp]> = [
      ["ciphertext", (x) => (x.data = flip(x.data)), /the file was changed or damaged since awsmfa wrote it \(authentication failed\); nothing was changed/],
      ["tag", (x) => (x.tag = flip(x.tag)), /the file was changed or damaged since awsmfa wrote it/],
      ["nonce", (x) => (x.cipher.nonce = flip(x.cipher.nonce)), /the file was changed or damaged since awsmfa wrote it/],
      ["salt", (x) => (x.kdf.salt = flip(x.kdf.salt)), /wrong passphrase; nothing was changed/],
      ["scrypt cost lowered", (x) => (x.kdf.N = 1024), /not a readable awsmfa key file \(bad key-derivation parameters\); it was left unchanged/],
      ["not JSON", () => undefined, /not a readable awsmfa key file \(not JSON\)/],
    ];
    for (const [what, change, message] of cases) {
      const copy = JSON.parse(original);
      change(copy);
      const text = what === "not JSON" ? original.slice(0, -20) : JSON.stringify(copy);
      writeFileSync(keyFile, text, { mode: 0o600 });
      const before = snapshot();
      const r = await awsmfa(["keys", "move", "--profile", P, "--to", "credentials"]);
      expect(r.code, what).toBe(EXIT.config);
      expect(r.stderr, what).toMatch(message);
      expect(r.stderr.split("\n").filter(Boolean), what).toHaveLength(2); // the line and its hint
      expect(snapshot(), what).toEqual(before);
    }
    writeFileSync(keyFile, original, { mode: 0o600 });
    expect((await awsmfa(["keys", "list", "--json"])).stdout).toContain(`"accessKeyId":"${id.accessKeyId}"`);
  });
});
