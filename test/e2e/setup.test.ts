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
let sessionsBefore = 0;
beforeEach(() => {
  id = ids.shift()!;
  emu.emulator.setSwitches({ clockOffsetSeconds: 0 });
  sessionsBefore = emu.counters().GetSessionToken ?? 0;
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

/** file mode: [default] holds the session; process mode: [default] is left empty (the CLI asks credential_process). */
function expectKeyMoved(mode: "file" | "process" = "file") {
  const text = sb.read(sb.credentialsFile);
  expect(text.startsWith("# keys from the IAM console, 2024-05-01 (rotate yearly)\n[default]\n")).toBe(true);
  if (mode === "process") {
    expect(text.startsWith("# keys from the IAM console, 2024-05-01 (rotate yearly)\n[default]\n\n; a tool's own section\n")).toBe(true);
    expect(text).not.toContain("ASIA");
  }
  expect(text).toContain("; a tool's own section\n[other]\naws_access_key_id = AKIAOTHEREXAMPLE0000\n");
  expect(text).toContain(`[default-long-term]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`);
  expect(count(text, id.accessKeyId)).toBe(1);
  expect(count(text, id.secretAccessKey)).toBe(1);
  if (mode === "file") expect(text).toMatch(/\[default\]\naws_access_key_id = ASIA[A-Z0-9]{16}\naws_secret_access_key = \S+\naws_session_token = \S+\nexpiration = \S+\n/);
  expect(sb.mode(sb.credentialsFile)).toBe(0o600);
}

describe("setup from the seed's starting point", () => {
  it("by default it ends in process mode: credential_process in [default], the session in awsmfa's cache, AWS CLI v2 works", async () => {
    const r = await sb.awsmfa(["setup", "--profile", "default", "--serial", id.serial, "--code", emu.emulator.nextCode(id.serial), "--duration", "8h", "--yes"]);
    expect(r.stderr).not.toContain(id.secretAccessKey);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^profile default: new session, valid until .* \((7h 59m|8h) left\); credential_process serves it/);
    // The choice, explained in one line of the plan.
    expect(r.stderr).toMatch(/^setup: will use process mode: credential_process in \[default\] lets the AWS CLI and SDKs renew the session on demand \(--mode file: .*\)$/m);
    expect(sb.read(sb.configFile)).toBe(
      `[default]\nregion = us-east-1\noutput = json\nmfa_serial = ${id.serial}\nduration_seconds = 28800\ncredential_process = ${process.execPath} ${CLI} credential-process --profile default\n`,
    );
    expectKeyMoved("process");
    await awsCliWorks();
    expect(emu.counters().GetSessionToken).toBe(sessionsBefore + 1); // the CLI used setup's cached session

    // Running it again is harmless: same line, the cached session reused, nothing moves.
    const again = await sb.awsmfa(["setup", "--profile", "default", "--yes"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/session still valid|reused the cached session/);
    expect(sb.read(sb.configFile).split("credential_process").length).toBe(2);
    expectKeyMoved("process");
  });

  it("--mode file keeps sessions in [default]: AWS CLI v2 works, the key lives only in [default-long-term], the comment is kept", async () => {
    const r = await sb.awsmfa(["setup", "--profile", "default", "--serial", id.serial, "--code", emu.emulator.nextCode(id.serial), "--duration", "8h", "--mode", "file", "--yes"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^profile default: new session, valid until .* \((7h 59m|8h) left\); written to \[default\]/);
    expect(r.stderr).toContain(`setup: key AKIA…${id.accessKeyId.slice(-4)} in [default] belongs to ${id.arn}`);
    expect(r.stderr).not.toContain(id.secretAccessKey);
    expectKeyMoved();
    expect(sb.read(sb.configFile)).toBe(`[default]\nregion = us-east-1\noutput = json\nmfa_serial = ${id.serial}\nduration_seconds = 28800\n`);
    await awsCliWorks();

    // Running it again is harmless: the key is found in [default-long-term] and nothing moves.
    const again = await sb.awsmfa(["setup", "--profile", "default", "--mode", "file", "--yes"]);
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
    expectKeyMoved("process");
    expect(sb.read(sb.configFile)).toBe(`[default]\nregion = us-east-1\noutput = json\nmfa_serial = ${serial}\ncredential_process = ${process.execPath} ${CLI} credential-process --profile default\n`);
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

describe("after setup, process mode carries the AWS CLI across a session expiry", () => {
  it("the next 'aws sts get-caller-identity' after the session expired succeeds on a new session, with no awsmfa command run", async () => {
    // The code source the test controls: mfa_process reads a file the test fills when a code is due.
    const codeFile = path.join(sb.dir, "code");
    sb.write(codeFile, "");
    sb.write(sb.configFile, SEED_CONFIG + `mfa_process = cat ${codeFile}\n`);
    // A session that lives LIFETIME seconds: the emulator's session clock runs behind while setup's
    // first login is issued (900 s is the shortest duration AWS grants).
    const LIFETIME = 24;
    emu.emulator.setSwitches({ clockOffsetSeconds: -(900 - LIFETIME) });
    const r = await sb.awsmfa(["setup", "--serial", id.serial, "--code", emu.emulator.nextCode(id.serial), "--duration", "900", "--yes"]);
    emu.emulator.setSwitches({ clockOffsetSeconds: 0 });
    expect(r.stderr).toContain("setup: [default] uses process mode");
    expect(r.code).toBe(0);
    const n = emu.counters().GetSessionToken ?? 0;
    expect(n).toBe(sessionsBefore + 1);

    // Within its lifetime the AWS CLI runs on setup's session (no new GetSessionToken).
    const first = JSON.parse((await sb.awsmfa(["credential-process", "--profile", "default"])).stdout);
    await awsCliWorks();
    expect(emu.counters().GetSessionToken).toBe(n);

    // Real time passes the expiry; the emulator now refuses that session.
    const expiry = new Date(first.Expiration).getTime();
    expect(expiry - Date.now()).toBeLessThan(LIFETIME * 1000);
    while (Date.now() <= expiry + 1000) await new Promise((res) => setTimeout(res, 250));
    const dead = await sb.exec(AWS_V2, ["--endpoint-url", emu.url, "--region", "us-east-1", "sts", "get-caller-identity"], {
      env: { AWS_ACCESS_KEY_ID: first.AccessKeyId, AWS_SECRET_ACCESS_KEY: first.SecretAccessKey, AWS_SESSION_TOKEN: first.SessionToken, AWS_CONFIG_FILE: "/dev/null" },
    });
    expect(dead.code).not.toBe(0);
    expect(dead.stderr).toContain("ExpiredToken");

    // The next plain AWS CLI call: credential_process renews through mfa_process, once.
    sb.write(codeFile, emu.emulator.nextCode(id.serial) + "\n");
    await awsCliWorks();
    expect(emu.counters().GetSessionToken).toBe(n + 1);
    const second = JSON.parse((await sb.awsmfa(["credential-process", "--profile", "default"])).stdout);
    expect(second.AccessKeyId).not.toBe(first.AccessKeyId);
    expect(new Date(second.Expiration).getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
    expect(sb.read(sb.credentialsFile)).not.toContain("ASIA"); // never as static keys in [default]
  }, 90_000);
});
