import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { filesContaining, watchArgv, type ArgvWatch } from "../helpers/argv-watch.js";
import { emulatorCodeCommand, startTestEmulator, type TestEmulator } from "../helpers/emulator.js";
import { makeIdentities, type TestIdentity } from "../helpers/identities.js";
import { AWS_V2, requireProgram } from "../helpers/programs.js";
import { CLI, Sandbox, type RunResult } from "../helpers/sandbox.js";
import { startSecretService, type SecretService } from "../helpers/secret-service.js";

// Issue 9's "done when", end to end: the key leaves the credentials file for a real Secret Service
// (or the encrypted file), and the everyday paths keep working from there: login, the AWS CLI,
// rotation (the session survives it), and a cold credential_process refresh that the AWS CLI
// itself triggers. /proc/*/cmdline is watched throughout for every secret the emulator issued.

const PASS = "made-up passphrase for keys-login";
let emu: TestEmulator;
let sb: Sandbox;
let ss: SecretService;
let watch: ArgvWatch;
const { state, ids } = makeIdentities(4, "klogin");
for (const u of state.users!) u.forceMfa = true;
let id: TestIdentity;
let P: string;
const outputs: string[] = [];
const secrets = () => [...emu.emulator.state.keys.values()].map((k) => k.secret).concat(PASS);

beforeAll(async () => {
  requireProgram(AWS_V2);
  emu = await startTestEmulator({ state });
  sb = new Sandbox(emu.url);
  ss = await startSecretService(sb.home, sb.env.XDG_DATA_HOME!);
  watch = watchArgv(secrets);
});
afterAll(async () => {
  const w = watch?.stop();
  await ss?.stop();
  await emu?.close();
  sb?.cleanup();
  if (w) {
    expect(w.scans).toBeGreaterThan(10);
    expect(w.hits).toEqual([]);
  }
  const all = outputs.join("\n");
  for (const s of secrets()) expect(all.includes(s)).toBe(false);
});
beforeEach(() => {
  id = ids.shift()!;
  P = id.user;
  sb.write(sb.configFile, `[profile ${P}]\nmfa_serial = ${id.serial}\nregion = us-east-1\n`);
  sb.write(sb.credentialsFile, `[${P}-long-term]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`);
});

async function awsmfa(args: string[], env: Record<string, string | undefined> = {}): Promise<RunResult> {
  const r = await sb.awsmfa(args, { env: { ...ss.env, AWSMFA_FILE_PASSPHRASE: PASS, ...env } });
  outputs.push(r.stdout, r.stderr);
  return r;
}

/** The AWS CLI v2 on profile P, as a user runs it (the passphrase in its environment for credential_process). */
async function awsCli(env: Record<string, string | undefined> = {}) {
  const r = await sb.exec(AWS_V2, ["--endpoint-url", emu.url, "sts", "get-caller-identity", "--profile", P, "--output", "json"], { env: { ...ss.env, ...env } });
  outputs.push(r.stdout, r.stderr);
  return r;
}

/** An mfa_process that fetches an unused code for this user's device from the emulator. */
function mfaProcessLine(): string {
  return `mfa_process = ${emulatorCodeCommand(sb.dir, emu.url, id.serial, { file: `code-${P}.mjs` })}`;
}

describe("the key in a real Secret Service", () => {
  it("move --to keyring → no key id or secret in any file → login → AWS CLI v2 → rotate: old key refused, new one works, the session survives", async () => {
    expect((await awsmfa(["keys", "move", "--profile", P, "--to", "keyring"])).code).toBe(0);
    expect(filesContaining(sb.dir, [id.accessKeyId, id.secretAccessKey])).toEqual([]);

    const login = await awsmfa(["login", "--profile", P, "--code", emu.emulator.nextCode(id.serial)]);
    expect(login.stderr).toBe("");
    expect(login.code).toBe(0);
    // The session went to [P]; still no long-term key id (AKIA…) or secret in any file, cache included.
    expect(filesContaining(sb.dir, [id.accessKeyId, id.secretAccessKey])).toEqual([]);
    let cli = await awsCli();
    expect(cli.stderr).toBe("");
    expect(JSON.parse(cli.stdout).Arn).toBe(id.arn);

    const rot = await awsmfa(["keys", "rotate", "--profile", P, "--code", emu.emulator.nextCode(id.serial)]);
    expect(rot.stderr).toBe("");
    expect(rot.code).toBe(0);
    const keys = emu.emulator.state.keysOf(id.user);
    expect(keys).toHaveLength(1);
    const fresh = keys[0]!;
    expect(fresh.id).not.toBe(id.accessKeyId);
    expect(JSON.parse(ss.lookup("awsmfa", P)!)).toEqual({ v: 1, accessKeyId: fresh.id, secretAccessKey: fresh.secret });
    expect(filesContaining(sb.dir, [fresh.id, fresh.secret])).toEqual([]);

    // AWS's verdict on each long-term key, with the key in the child's environment only.
    const withKey = (k: string, s: string) =>
      sb.exec(AWS_V2, ["--endpoint-url", emu.url, "sts", "get-caller-identity"], {
        env: { AWS_ACCESS_KEY_ID: k, AWS_SECRET_ACCESS_KEY: s, AWS_DEFAULT_REGION: "us-east-1", AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null" },
      });
    const old = await withKey(id.accessKeyId, id.secretAccessKey);
    expect(old.code).not.toBe(0);
    expect(old.stderr).toContain("InvalidClientTokenId");
    expect((await withKey(fresh.id, fresh.secret)).code).toBe(0);

    // The session is keyed by the device, not the key: login reuses it without a code.
    const again = await awsmfa(["login", "--profile", P]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("session still valid");
    cli = await awsCli();
    expect(JSON.parse(cli.stdout).Arn).toBe(id.arn);
    // And a new session is made with the rotated key, read from the keyring
    const forced = await awsmfa(["login", "--profile", P, "--force", "--code", emu.emulator.nextCode(id.serial)]);
    expect(forced.stderr).toBe("");
    expect(forced.code).toBe(0);
    // (the old key is deleted at AWS, so only the rotated one could have signed that call)
  });
});

describe("the key in the encrypted file", () => {
  it("a cold credential_process refresh through the AWS CLI works with AWSMFA_FILE_PASSPHRASE", async () => {
    expect((await awsmfa(["keys", "move", "--profile", P, "--to", "file"])).code).toBe(0);
    expect(filesContaining(sb.dir, [id.accessKeyId, id.secretAccessKey])).toEqual([]);
    sb.write(sb.configFile, sb.read(sb.configFile) + `${mfaProcessLine()}\n`);
    const conf = await awsmfa(["configure", "--profile", P, "--mode", "process", "--command", `${process.execPath} ${CLI}`]);
    expect(conf.code, conf.stderr).toBe(0);
    const before = emu.counters().GetSessionToken ?? 0;

    // Without the passphrase, the refresh cannot open the store, and the AWS CLI says so.
    const denied = await awsCli({ AWSMFA_FILE_PASSPHRASE: undefined });
    expect(denied.code).not.toBe(0);
    expect(emu.counters().GetSessionToken ?? 0).toBe(before);

    const cli = await awsCli({ AWSMFA_FILE_PASSPHRASE: PASS });
    expect(cli.stderr).toBe("");
    expect(JSON.parse(cli.stdout).Arn).toBe(id.arn);
    expect(emu.counters().GetSessionToken).toBe(before + 1);
    // Warm now: the next call neither decrypts nor needs the passphrase.
    const warm = await awsCli({ AWSMFA_FILE_PASSPHRASE: undefined });
    expect(warm.stderr).toBe("");
    expect(emu.counters().GetSessionToken).toBe(before + 1);
    expect(filesContaining(sb.dir, [id.accessKeyId, id.secretAccessKey])).toEqual([]);
  });
});
