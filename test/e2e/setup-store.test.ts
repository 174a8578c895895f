import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { filesContaining } from "../helpers/argv-watch.js";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator.js";
import { makeIdentities, type TestIdentity } from "../helpers/identities.js";
import { AWS_V2 } from "../helpers/programs.js";
import { Sandbox } from "../helpers/sandbox.js";
import { startSecretService, type SecretService } from "../helpers/secret-service.js";

// `setup --store`: the seed's plaintext [default] ends up in the chosen store and nowhere else.
// Without --store the keyring is chosen when it answers; with no keyring and nobody to ask,
// the credentials file, with a notice.
//
// The first login at the end of setup reads the key from the store through the profile resolver,
// and the AWS CLI then uses the session it wrote to [default].

const PASS = "made-up setup passphrase";
let emu: TestEmulator;
let sb: Sandbox;
let ss: SecretService;
const { state, ids } = makeIdentities(8, "sstore");
let id: TestIdentity;
let SEED: string;

beforeAll(async () => {
  emu = await startTestEmulator({ state });
  sb = new Sandbox(emu.url);
  ss = await startSecretService(sb.home, sb.env.XDG_DATA_HOME!);
});
afterAll(async () => {
  await ss?.stop();
  await emu?.close();
  sb?.cleanup();
});
beforeEach(() => {
  id = ids.shift()!;
  SEED = `# from the IAM console\n[default]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n\n[other]\nregion = x\n`;
  sb.write(sb.credentialsFile, SEED);
  sb.write(sb.configFile, "[default]\nregion = us-east-1\n");
});

const setup = (extra: string[], env: Record<string, string | undefined> = {}) =>
  sb.awsmfa(["setup", "--serial", id.serial, "--code", emu.emulator.nextCode(id.serial), "--yes", ...extra], { env: { ...ss.env, AWSMFA_FILE_PASSPHRASE: PASS, ...env } });

/** What setup must have done, for a keyring/file store: the key stored away, then a first login. */
async function expectStoredAway(r: { code: number | null; stderr: string }, store: string) {
  expect(r.stderr).toContain(`setup: the long-term key now lives only in ${store}`);
  expect(r.code, r.stderr).toBe(0);
  // [default] now holds nothing of the key (setup ends in process mode: the session is in awsmfa's
  // cache, served by credential_process); the rest is byte for byte.
  expect(sb.read(sb.credentialsFile)).toBe("# from the IAM console\n[default]\n\n[other]\nregion = x\n");
  expect(sb.read(sb.configFile)).toContain("credential-process --profile default\n");
  expect(sb.read(sb.configFile)).toContain(`awsmfa_source = ${store.startsWith("the OS keyring") ? "keyring" : "file"}\n`);
  expect(sb.read(sb.configFile)).toContain(`mfa_serial = ${id.serial}\n`);
  expect(filesContaining(sb.dir, [id.accessKeyId, id.secretAccessKey])).toEqual([]);
  const v2 = await sb.exec(AWS_V2, ["--endpoint-url", emu.url, "sts", "get-caller-identity", "--profile", "default", "--output", "json"]);
  expect(v2.code, v2.stderr).toBe(0);
  expect(JSON.parse(v2.stdout).Arn).toBe(id.arn);
}

describe("setup --store", () => {
  it("--store keyring: the key is in the Secret Service and in no file", async () => {
    const r = await setup(["--store", "keyring"]);
    await expectStoredAway(r, "the OS keyring (service awsmfa, account default)");
    expect(JSON.parse(ss.lookup("awsmfa", "default")!)).toMatchObject({ accessKeyId: id.accessKeyId, secretAccessKey: id.secretAccessKey });
    expect((await sb.awsmfa(["keys", "remove", "--profile", "default", "--yes"], { env: ss.env })).code).toBe(0);
  });

  it("--store file: the key is in the encrypted file and in no other", async () => {
    const r = await setup(["--store", "file"]);
    const file = path.join(sb.env.XDG_DATA_HOME!, "awsmfa", "keys.enc");
    await expectStoredAway(r, `the encrypted file ${file} (entry default)`);
    const list = await sb.awsmfa(["keys", "list", "--json"], { env: { AWSMFA_FILE_PASSPHRASE: PASS } });
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ profile: "default", keySource: "file", accessKeyId: id.accessKeyId })]);
    await sb.awsmfa(["keys", "remove", "--profile", "default", "--yes"], { env: { AWSMFA_FILE_PASSPHRASE: PASS } });
  });

  it("no --store, a working keyring: the keyring", async () => {
    const r = await setup([]);
    await expectStoredAway(r, "the OS keyring (service awsmfa, account default)");
    await sb.awsmfa(["keys", "remove", "--profile", "default", "--yes"], { env: ss.env });
  });

  it("no --store, no keyring, no terminal: the credentials file, with a notice naming why; login works", async () => {
    const r = await setup([], { DBUS_SESSION_BUS_ADDRESS: undefined });
    expect(r.stderr).toContain(
      "setup: the OS keyring is not usable: no D-Bus session bus (a headless session, SSH without a desktop, or WSL); the key goes to [default-long-term] in the credentials file, in plain text (pass --store file for an encrypted file)\n",
    );
    expect(r.code).toBe(0);
    const text = sb.read(sb.credentialsFile);
    expect(text).toContain(`[default-long-term]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`);
    // setup ends in process mode: the session is in awsmfa's cache, [default] holds no keys at all.
    expect(text).not.toMatch(/ASIA/);
    expect(sb.read(sb.configFile)).toContain("credential_process = ");
    expect(JSON.parse((await sb.awsmfa(["credential-process", "--profile", "default"], { env: { ...ss.env, DBUS_SESSION_BUS_ADDRESS: undefined } })).stdout).AccessKeyId).toMatch(/^ASIA/);
    expect(sb.read(sb.configFile)).not.toContain("awsmfa_source");
  });
});
