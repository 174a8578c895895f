import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/errors.js";
import { filesContaining, watchArgv, type ArgvWatch } from "../helpers/argv-watch.js";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator.js";
import { makeIdentities, type TestIdentity } from "../helpers/identities.js";
import { AWS_V2, requireProgram } from "../helpers/programs.js";
import { Sandbox, type RunResult } from "../helpers/sandbox.js";
import { startSecretService, type SecretService } from "../helpers/secret-service.js";

// `awsmfa keys` against the emulator with each store: the credentials file, a real Secret Service
// (gnome-keyring in its own D-Bus session) and the encrypted file. The users carry AWS's force-MFA
// policy, so CreateAccessKey/DeleteAccessKey only work with the MFA session rotate must get. The
// real AWS CLI v2 judges the keys afterwards (the key in its environment only, never argv).
// Throughout, /proc/*/cmdline is watched for every secret the emulator has ever issued.

const PASS = "correct horse battery staple (made up)";
let emu: TestEmulator;
let sb: Sandbox;
let ss: SecretService;
let watch: ArgvWatch;
const { state, ids } = makeIdentities(16, "keys");
for (const u of state.users!) u.forceMfa = true;
let id: TestIdentity;
let P: string;
const outputs: string[] = [];
let rotations = 0;

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
    // The watch ran while commands ran, and found nothing.
    expect(w.scans).toBeGreaterThan(100);
    expect(w.hits).toEqual([]);
  }
  // No secret in anything a command printed.
  const all = outputs.join("\n");
  for (const s of secrets()) expect(all.includes(s)).toBe(false);
});

let CREDS: string;
beforeEach(() => {
  id = ids.shift()!;
  P = id.user;
  CREDS = `# my keys
[other]
aws_access_key_id = AKIAOTHEREXAMPLE0000
aws_secret_access_key = otherSecretEXAMPLE

[${P}-long-term]
aws_access_key_id = ${id.accessKeyId}
aws_secret_access_key = ${id.secretAccessKey}

; about the next one
[third]
region = eu-west-1
`;
  sb.write(sb.configFile, `[profile ${P}]\nmfa_serial = ${id.serial}\nregion = us-east-1\n`);
  sb.write(sb.credentialsFile, CREDS);
});

/** Credentials without our section: comments and the other sections exactly as they were. */
const credsWithoutKey = () => `# my keys
[other]
aws_access_key_id = AKIAOTHEREXAMPLE0000
aws_secret_access_key = otherSecretEXAMPLE

; about the next one
[third]
region = eu-west-1
`;

async function awsmfa(args: string[], opts: { input?: string; env?: Record<string, string | undefined> } = {}): Promise<RunResult> {
  const r = await sb.awsmfa(args, { ...opts, env: { ...ss.env, AWSMFA_FILE_PASSPHRASE: PASS, ...opts.env } });
  outputs.push(r.stdout, r.stderr);
  return r;
}

/** The AWS CLI v2 with only this key, in its environment. */
async function awsCli(key: { id: string; secret: string }) {
  return sb.exec(AWS_V2, ["--endpoint-url", emu.url, "sts", "get-caller-identity", "--output", "json"], {
    env: { AWS_ACCESS_KEY_ID: key.id, AWS_SECRET_ACCESS_KEY: key.secret, AWS_DEFAULT_REGION: "us-east-1", AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null" },
  });
}

const userKeys = () => emu.emulator.state.keysOf(id.user).map((k) => ({ id: k.id, secret: k.secret }));

async function listed(): Promise<Array<{ profile: string; keySource: string; accessKeyId?: string; error?: string }>> {
  const r = await awsmfa(["keys", "list", "--json"]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

/** rotate, then AWS's verdict: the old key refused, the new one working, and the store holding it. */
async function rotateAndJudge(): Promise<{ id: string; secret: string }> {
  const before = userKeys();
  expect(before).toEqual([{ id: id.accessKeyId, secret: id.secretAccessKey }]);
  const r = await awsmfa(["keys", "rotate", "--profile", P, "--code", emu.emulator.nextCode(id.serial)]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  rotations++;
  const after = userKeys();
  expect(after).toHaveLength(1);
  const fresh = after[0]!;
  expect(fresh.id).not.toBe(id.accessKeyId);
  expect(r.stdout).toBe(`profile ${P}: rotated ${id.accessKeyId} → ${fresh.id}; the new key is stored in ${r.stdout.split("stored in ")[1]!.split(", the old")[0]}, the old one is deleted\n`);
  // CreateAccessKey was called with an MFA session (the force-MFA policy would have denied anything else).
  expect(emu.emulator.sessions().some((s) => s.userName === id.user && s.mfa)).toBe(true);
  const old = await awsCli({ id: id.accessKeyId, secret: id.secretAccessKey });
  expect(old.code).not.toBe(0);
  expect(old.stderr).toContain("InvalidClientTokenId");
  const now = await awsCli(fresh);
  expect(now.stderr).toBe("");
  expect(JSON.parse(now.stdout).Arn).toBe(id.arn);
  expect((await listed()).find((x) => x.profile === P)?.accessKeyId).toBe(fresh.id);
  return fresh;
}

describe("keyring (a real Secret Service)", () => {
  it("move --to keyring: no key id or secret left in any file under HOME/XDG; comments and other sections byte for byte; rotate; remove", async () => {
    const r = await awsmfa(["keys", "move", "--profile", P, "--to", "keyring"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`profile ${P}: key AKIA…${id.accessKeyId.slice(-4)} moved from [${P}-long-term] in ${sb.credentialsFile} to the OS keyring (service awsmfa, account ${P})\n`);
    expect(sb.read(sb.credentialsFile)).toBe(credsWithoutKey());
    expect(sb.read(sb.configFile)).toBe(`[profile ${P}]\nmfa_serial = ${id.serial}\nregion = us-east-1\nawsmfa_source = keyring\n`);
    // The keyring's own files live under XDG_DATA_HOME/keyrings: they hold neither in the clear.
    expect(filesContaining(sb.dir, [id.accessKeyId, id.secretAccessKey])).toEqual([]);
    expect(statSync(path.join(sb.env.XDG_DATA_HOME!, "keyrings", "login.keyring")).size).toBeGreaterThan(0); // the scan covered the keyring's file
    // libsecret's own client reads what awsmfa wrote.
    expect(JSON.parse(ss.lookup("awsmfa", P)!)).toEqual({ v: 1, accessKeyId: id.accessKeyId, secretAccessKey: id.secretAccessKey });
    expect((await listed()).find((x) => x.profile === P)).toEqual({
      profile: P,
      keySource: "keyring",
      accessKeyId: id.accessKeyId,
      location: `the OS keyring (service awsmfa, account ${P})`,
    });

    const fresh = await rotateAndJudge();
    expect(JSON.parse(ss.lookup("awsmfa", P)!)).toEqual({ v: 1, accessKeyId: fresh.id, secretAccessKey: fresh.secret });
    expect(filesContaining(sb.dir, [fresh.secret])).toEqual([]);

    const rm = await awsmfa(["keys", "remove", "--profile", P, "--yes"]);
    expect(rm.code).toBe(0);
    expect(ss.lookup("awsmfa", P)).toBeUndefined();
  });

  it("back to the credentials file: [P-long-term] written again, the keyring entry gone", async () => {
    expect((await awsmfa(["keys", "move", "--profile", P, "--to", "keyring"])).code).toBe(0);
    const r = await awsmfa(["keys", "move", "--profile", P, "--to", "credentials"]);
    expect(r.code).toBe(0);
    expect(sb.read(sb.credentialsFile)).toBe(
      credsWithoutKey() + `\n[${P}-long-term]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`,
    );
    expect(sb.read(sb.configFile)).toBe(`[profile ${P}]\nmfa_serial = ${id.serial}\nregion = us-east-1\n`);
    expect(ss.lookup("awsmfa", P)).toBeUndefined();
  });

  it("no usable Secret Service (no D-Bus session): one line naming the cause and the file source, exit 3, nothing changed", async () => {
    const r = await awsmfa(["keys", "move", "--profile", P, "--to", "keyring"], { env: { DBUS_SESSION_BUS_ADDRESS: undefined } });
    expect(r.code).toBe(EXIT.config);
    expect(r.stderr).toBe(
      "awsmfa: the OS keyring is not usable: no D-Bus session bus (a headless session, SSH without a desktop, or WSL)\n" +
        "  use the encrypted file instead: awsmfa_source = file ('awsmfa keys move --to file', or --to file / --store file)\n",
    );
    expect(sb.read(sb.credentialsFile)).toBe(CREDS);
    expect(sb.read(sb.configFile)).toBe(`[profile ${P}]\nmfa_serial = ${id.serial}\nregion = us-east-1\n`);
  });
});

describe("encrypted file", () => {
  it("add from two stdin lines (checked with GetCallerIdentity), list, rotate, remove; the file is 0600 in a 0700 folder and holds nothing in the clear", async () => {
    sb.write(sb.credentialsFile, credsWithoutKey());
    const r = await awsmfa(["keys", "add", "--profile", P, "--to", "file"], { input: `${id.accessKeyId}\n${id.secretAccessKey}\n` });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`keys: AKIA…${id.accessKeyId.slice(-4)} belongs to ${id.arn}\n`);
    const file = path.join(sb.env.XDG_DATA_HOME!, "awsmfa", "keys.enc");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(sb.read(sb.credentialsFile)).toBe(credsWithoutKey());
    expect(sb.read(sb.configFile)).toContain("awsmfa_source = file\n");
    expect(filesContaining(sb.dir, [id.accessKeyId, id.secretAccessKey])).toEqual([]);
    expect((await listed()).find((x) => x.profile === P)?.accessKeyId).toBe(id.accessKeyId);

    const before = readFileSync(file, "utf8");
    const fresh = await rotateAndJudge();
    const after = JSON.parse(readFileSync(file, "utf8"));
    // A fresh salt and nonce on every write.
    expect(after.kdf.salt).not.toBe(JSON.parse(before).kdf.salt);
    expect(after.cipher.nonce).not.toBe(JSON.parse(before).cipher.nonce);
    expect(filesContaining(sb.dir, [fresh.id, fresh.secret])).toEqual([]);

    expect((await awsmfa(["keys", "remove", "--profile", P])).code).toBe(EXIT.noTerminal); // no terminal to confirm, no --yes
    expect((await awsmfa(["keys", "remove", "--profile", P, "--yes"])).code).toBe(0);
    expect((await listed()).find((x) => x.profile === P)?.error).toBe("no key stored");
  });

  it("a key AWS rejects is not stored", async () => {
    sb.write(sb.credentialsFile, credsWithoutKey());
    const r = await awsmfa(["keys", "add", "--profile", P, "--to", "file"], { input: `AKIAUNKNOWNEXAMPLE00\n${id.secretAccessKey}\n` });
    expect(r.code).toBe(EXIT.auth);
    expect(filesContaining(sb.dir, [id.secretAccessKey])).toEqual([]);
    expect(sb.read(sb.configFile)).toBe(`[profile ${P}]\nmfa_serial = ${id.serial}\nregion = us-east-1\n`);
  });
});

describe("credentials file and rotate's rules", () => {
  it("rotate in the credentials file: only [P-long-term] changes", async () => {
    const fresh = await rotateAndJudge();
    expect(sb.read(sb.credentialsFile)).toBe(CREDS.replace(id.accessKeyId, fresh.id).replace(id.secretAccessKey, fresh.secret));
  });

  it("the user already has two keys: refused, the other key named, nothing created", async () => {
    emu.emulator.state.keys.set("AKIASECONDKEYEXAMPL", { id: "AKIASECONDKEYEXAMPL", secret: "secondSecretEXAMPLE", status: "Inactive", userName: id.user, created: Date.now() });
    const r = await awsmfa(["keys", "rotate", "--profile", P, "--code", emu.emulator.nextCode(id.serial)]);
    expect(r.code).toBe(EXIT.config);
    expect(r.stderr).toContain(`awsmfa: the IAM user already has two access keys: ${id.accessKeyId} (stored for ${P}) and AKIASECONDKEYEXAMPL (Inactive); nothing was created\n`);
    expect(userKeys().map((k) => k.id).sort()).toEqual([id.accessKeyId, "AKIASECONDKEYEXAMPL"].sort());
    expect(sb.read(sb.credentialsFile)).toBe(CREDS);
  });

  it("a new key that takes 3 s to work at AWS: rotate waits for it", async () => {
    emu.emulator.setSwitches({ keyActivationSeconds: 3 });
    try {
      const fresh = await rotateAndJudge();
      expect(sb.read(sb.credentialsFile)).toContain(fresh.secret);
    } finally {
      emu.emulator.setSwitches({ keyActivationSeconds: 0 });
    }
  });

  it("a new key that never works within 15 s: the old key is stored again and still works, the new one deleted, and the message says so", async () => {
    emu.emulator.setSwitches({ keyActivationSeconds: 600 });
    try {
      const r = await awsmfa(["keys", "rotate", "--profile", P, "--code", emu.emulator.nextCode(id.serial)]);
      expect(r.code).toBe(EXIT.auth);
      expect(r.stderr).toMatch(
        new RegExp(`^awsmfa: rotation failed: the new key did not work within 15 s \\(.*\\); the old key ${id.accessKeyId} still works and is stored again in \\[${P}-long-term\\] in .*; the new key AKIA[A-Z0-9]{16} was deleted again\\n`),
      );
    } finally {
      emu.emulator.setSwitches({ keyActivationSeconds: 0 });
    }
    expect(userKeys()).toEqual([{ id: id.accessKeyId, secret: id.secretAccessKey }]);
    expect(sb.read(sb.credentialsFile)).toBe(CREDS);
    expect(JSON.parse((await awsCli({ id: id.accessKeyId, secret: id.secretAccessKey })).stdout).Arn).toBe(id.arn);
  }, 60_000);

  it("bad input is refused before anything is written", async () => {
    const role = `[profile ${P}]\nmfa_serial = ${id.serial}\n[profile ${P}-admin]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = ${P}\n`;
    sb.write(sb.configFile, role);
    const a = await awsmfa(["keys", "move", "--profile", `${P}-admin`, "--to", "file"]);
    expect(a.code).toBe(EXIT.usage);
    expect(a.stderr).toBe(`awsmfa: profile ${P}-admin assumes arn:aws:iam::123456789012:role/x with the key of profile ${P}\n  run it with --profile ${P}: profiles that share a key share its storage\n`);
    const b = await awsmfa(["keys", "move", "--profile", P, "--to", "vault"]);
    expect(b.code).toBe(EXIT.usage);
    expect(b.stderr).toBe("awsmfa: --to: 'vault' is not a key source (keyring, file or credentials)\n");
    const c = await awsmfa(["keys", "add", "--profile", `${P}x`, "--to", "file"], { input: "not-a-key\n" });
    expect(c.code).toBe(EXIT.usage);
    const d = await awsmfa(["keys", "add", "--profile", P, "--to", "file"], { input: `${id.accessKeyId}\n${id.secretAccessKey}\n` });
    expect(d.code).toBe(EXIT.config); // [P-long-term] already holds a key for P
    expect(d.stderr).toContain(`awsmfa: profile ${P} already has key AKIA…${id.accessKeyId.slice(-4)} in [${P}-long-term]`);
    expect(sb.read(sb.credentialsFile)).toBe(CREDS);
    expect(sb.read(sb.configFile)).toBe(role);
  });
});

afterAll(() => {
  // For the report: how many rotations this file made against the emulator.
  process.stdout.write(`keys.test.ts: ${rotations} rotations\n`);
});
