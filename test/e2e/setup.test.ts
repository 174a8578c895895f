import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/errors.js";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator.js";
import { makeIdentities, type TestIdentity } from "../helpers/identities.js";
import { AWS_V2, requireProgram } from "../helpers/programs.js";
import { CLI, Sandbox } from "../helpers/sandbox.js";

// `awsmfa setup` from the seed's starting point: plaintext keys under [default], as 'aws configure'
// leaves them, with a comment; afterwards the AWS CLI works on an MFA session and the long-term key
// lives only in [default-long-term].

let emu: TestEmulator;
let sb: Sandbox;
const { state, ids } = makeIdentities(20, "setup");
let id: TestIdentity;
let SEED_CREDS: string;
const SEED_CONFIG = `[default]\nregion = us-east-1\noutput = json\n`;

beforeAll(async () => {
  requireProgram(AWS_V2);
  emu = await startTestEmulator({ state });
});
afterAll(async () => emu?.close());
beforeEach(() => {
  id = ids.shift()!;
  SEED_CREDS = `# keys from the IAM console, 2024-05-01 (rotate yearly)
[default]
aws_access_key_id = ${id.accessKeyId}
aws_secret_access_key = ${id.secretAccessKey}

; a tool's own section
[other]
aws_access_key_id = AKIAOTHEREXAMPLE0000
aws_secret_access_key = otherSecretEXAMPLE
`;
  sb = new Sandbox(emu.url);
  sb.write(sb.configFile, SEED_CONFIG);
  sb.write(sb.credentialsFile, SEED_CREDS);
});
afterEach(() => sb.cleanup());

const count = (text: string, needle: string) => text.split(needle).length - 1;

async function awsCliWorks() {
  const v2 = await sb.exec(AWS_V2, ["--endpoint-url", emu.url, "sts", "get-caller-identity", "--profile", "default", "--output", "json"]);
  expect(v2.stderr).toBe("");
  expect(JSON.parse(v2.stdout).Arn).toBe(id.arn);
  // …on an MFA session, not on the long-term key.
  expect(emu.emulator.sessions().some((s) => s.userName === id.user && s.mfa)).toBe(true);
}

function expectKeyMoved() {
  const text = sb.read(sb.credentialsFile);
  expect(text.startsWith("# keys from the IAM console, 2024-05-01 (rotate yearly)\n[default]\n")).toBe(true);
  expect(text).toContain("; a tool's own section\n[other]\naws_access_key_id = AKIAOTHEREXAMPLE0000\n");
  expect(text).toContain(`[default-long-term]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`);
  expect(count(text, id.accessKeyId)).toBe(1);
  expect(count(text, id.secretAccessKey)).toBe(1);
  expect(text).toMatch(/\[default\]\naws_access_key_id = ASIA[A-Z0-9]{16}\naws_secret_access_key = \S+\naws_session_token = \S+\nexpiration = \S+\n/);
  expect(sb.mode(sb.credentialsFile)).toBe(0o600);
}

describe("setup from the seed's starting point", () => {
  it("--profile default with flags: AWS CLI v2 works, the key lives only in [default-long-term], the comment is kept", async () => {
    const r = await sb.awsmfa(["setup", "--profile", "default", "--serial", id.serial, "--code", emu.emulator.nextCode(id.serial), "--duration", "8h", "--yes"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^profile default: new session, valid until .* \((7h 59m|8h) left\); written to \[default\]/);
    expect(r.stderr).toContain(`setup: key AKIA…${id.accessKeyId.slice(-4)} in [default] belongs to ${id.arn}`);
    expect(r.stderr).not.toContain(id.secretAccessKey);
    expectKeyMoved();
    expect(sb.read(sb.configFile)).toBe(`[default]\nregion = us-east-1\noutput = json\nmfa_serial = ${id.serial}\nduration_seconds = 28800\n`);
    await awsCliWorks();

    // Running it again is harmless: the key is found in [default-long-term] and nothing moves.
    const again = await sb.awsmfa(["setup", "--profile", "default", "--yes"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/session still valid/);
    expectKeyMoved();
  });

  it("--create-device without a terminal: PNG → zbarimg → oathtool codes on stdin, then the first login", async () => {
    requireProgram("zbarimg", ["--version"]);
    requireProgram("oathtool", ["--version"]);
    const png = path.join(sb.dir, "qr.png");
    const name = `${id.user}-phone`;
    const serial = `arn:aws:iam::123456789012:mfa/${name}`;
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, "setup", "--create-device", "--name", name, "--qr-png", png, "--yes"], {
        env: sb.env,
        detached: true,
        stdio: ["pipe", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      const poll = setInterval(() => {
        if (!existsSync(png)) return;
        clearInterval(poll);
        try {
          const uri = execFileSync("zbarimg", ["-q", "--raw", png], { encoding: "utf8" }).trim();
          const secret = new URL(uri).searchParams.get("secret")!;
          // Steps now-1, now, now+1: the last two enable the device, the first one logs in.
          const [prev, c1, c2] = execFileSync("oathtool", ["--totp", "-b", secret, "-w", "2", "-N", "30 seconds ago"], { encoding: "utf8" }).trim().split("\n");
          child.stdin.on("error", () => {}); // it may exit before reading
          child.stdin.end(`${c1}\n${c2}\n${prev}\n`);
        } catch (e) {
          child.kill();
          reject(e);
        }
      }, 20);
      child.on("close", (code) => {
        clearInterval(poll);
        resolve({ code, stdout, stderr });
      });
    });
    expect(r.stderr).toContain(`setup: enabled ${serial}`);
    expect(r.code).toBe(0);
    expect(sb.mode(png)).toBe(0o600);
    expect(emu.emulator.state.devices.get(serial)?.userName).toBe(id.user);
    expectKeyMoved();
    expect(sb.read(sb.configFile)).toBe(`[default]\nregion = us-east-1\noutput = json\nmfa_serial = ${serial}\n`);
    await awsCliWorks();
  });

  it("without --yes and without a terminal it changes nothing", async () => {
    const r = await sb.awsmfa(["setup", "--serial", id.serial]);
    expect(r.code).toBe(EXIT.noTerminal);
    expect(r.stderr).toMatch(/\nawsmfa: no terminal to confirm the setup plan\n  run it in a terminal, or pass --yes\n$/);
    expect(sb.read(sb.credentialsFile)).toBe(SEED_CREDS);
    expect(sb.read(sb.configFile)).toBe(SEED_CONFIG);
  });

  it("two different long-term keys in [default] and [default-long-term] are a conflict; nothing changes", async () => {
    const text = SEED_CREDS + `\n[default-long-term]\naws_access_key_id = AKIAANOTHEREXAMPLE00\naws_secret_access_key = anotherSecretEXAMPLE\n`;
    sb.write(sb.credentialsFile, text);
    const r = await sb.awsmfa(["setup", "--yes"]);
    expect(r.code).toBe(EXIT.config);
    expect(r.stderr).toContain("[default] and [default-long-term] hold different long-term keys");
    expect(sb.read(sb.credentialsFile)).toBe(text);
  });

  it("a rejected key (InvalidClientTokenId) changes nothing", async () => {
    const text = SEED_CREDS.replace(id.accessKeyId, "AKIAUNKNOWNEXAMPLE00");
    sb.write(sb.credentialsFile, text);
    const r = await sb.awsmfa(["setup", "--yes"]);
    expect(r.code).toBe(EXIT.auth);
    expect(sb.read(sb.credentialsFile)).toBe(text);
  });

  it("a failed first login leaves the key safely moved and says how to retry", async () => {
    const r = await sb.awsmfa(["setup", "--serial", id.serial, "--code", "000000", "--yes"]);
    expect(r.code).toBe(EXIT.mfa);
    expect(r.stderr).toMatch(/awsmfa: setup is done, but the first login failed: AWS rejected the MFA code/);
    const text = sb.read(sb.credentialsFile);
    expect(text).toContain(`[default-long-term]\naws_access_key_id = ${id.accessKeyId}\n`);
    expect(count(text, id.accessKeyId)).toBe(1);
  });
});
