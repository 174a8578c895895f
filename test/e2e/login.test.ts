import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fromIni } from "@aws-sdk/credential-providers";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { existsSync, symlinkSync, readlinkSync, lstatSync } from "node:fs";
import path from "node:path";
import { Sandbox } from "../helpers/sandbox.js";
import { AWS_V1, AWS_V2, requireAwsV1, requireProgram } from "../helpers/programs.js";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator.js";
import { makeIdentities, type TestIdentity } from "../helpers/identities.js";
import { EXIT } from "../../src/core/errors.js";

// `awsmfa login` end to end: the built CLI against the real emulator, proven with real clients.

let emu: TestEmulator;
let sb: Sandbox;
const { state, ids } = makeIdentities(40, "login");
let id: TestIdentity;
let DEMO_ACCESS_KEY_ID: string, DEMO_MFA_SERIAL: string, DEMO_SECRET_ACCESS_KEY: string, DEMO_USER_ARN: string;
let CONFIG: string, CREDS: string;
const config = () => `# team config
[default]
region = us-east-1

[profile work]
mfa_serial = ${DEMO_MFA_SERIAL}
region = us-east-1
s3 =
  max_concurrent_requests = 10
`;
const creds = () => `# long-term keys, moved here from [work]
[work-long-term]
aws_access_key_id = ${DEMO_ACCESS_KEY_ID}
aws_secret_access_key = ${DEMO_SECRET_ACCESS_KEY}

; another tool's section
[other]
aws_access_key_id = AKIAOTHEREXAMPLE0000
aws_secret_access_key = otherSecretEXAMPLE
`;

beforeAll(async () => {
  emu = await startTestEmulator({ state });
});
afterAll(async () => emu?.close());
beforeEach(() => {
  // Each test is a different made-up IAM user with its own device: codes are single-use.
  id = ids.shift()!;
  [DEMO_ACCESS_KEY_ID, DEMO_MFA_SERIAL, DEMO_SECRET_ACCESS_KEY, DEMO_USER_ARN] = [id.accessKeyId, id.serial, id.secretAccessKey, id.arn];
  CONFIG = config();
  CREDS = creds();
  sb = new Sandbox(emu.url);
  sb.write(sb.configFile, CONFIG);
  sb.write(sb.credentialsFile, CREDS);
  emu.emulator.resetCounters();
  emu.emulator.setSwitches({ throttle: 0, fail500: 0, latencyMs: 0, skewSeconds: 0, clockOffsetSeconds: 0 });
});
afterEach(() => sb.cleanup());

const code = () => emu.emulator.nextCode(id.serial);
const login = (...args: string[]) => sb.awsmfa(["login", "--profile", "work", ...args]);

describe("login writes a session the real clients accept", () => {
  it("AWS CLI v2, AWS CLI v1 and the JS SDK's fromIni all work after login", async () => {
    const r = await login("--code", code());
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^profile work: new session, valid until \d{4}-\d\d-\d\d \d\d:\d\d [+-]\d\d:\d\d \((11h 59m|12h) left\)/);

    const text = sb.read(sb.credentialsFile);
    expect(text.startsWith(CREDS)).toBe(true); // comments and other sections kept, byte for byte
    expect(text).toMatch(/\n\[work\]\naws_access_key_id = ASIA[A-Z0-9]{16}\naws_secret_access_key = \S+\naws_session_token = \S+\nexpiration = \d{4}-\d\d-\d\dT[\d:.]+Z\n$/);
    expect(sb.mode(sb.credentialsFile)).toBe(0o600);
    expect(sb.read(sb.configFile)).toBe(CONFIG);

    requireProgram(AWS_V2);
    const v2 = await sb.exec(AWS_V2, ["--endpoint-url", emu.url, "sts", "get-caller-identity", "--profile", "work", "--output", "json"]);
    expect(v2.stderr).toBe("");
    expect(JSON.parse(v2.stdout).Arn).toBe(DEMO_USER_ARN);

    requireAwsV1();
    const v1 = await sb.exec(AWS_V1[0], [...AWS_V1.slice(1), "sts", "get-caller-identity", "--profile", "work", "--output", "json"]);
    expect(v1.stderr).toBe("");
    expect(JSON.parse(v1.stdout).Arn).toBe(DEMO_USER_ARN);

    const sts = new STSClient({
      region: "us-east-1",
      endpoint: emu.url,
      credentials: fromIni({ profile: "work", filepath: sb.credentialsFile, configFilepath: sb.configFile }),
    });
    const id = await sts.send(new GetCallerIdentityCommand({}));
    expect(id.Arn).toBe(DEMO_USER_ARN);
    // The session really is an MFA session on the emulator's side.
    expect(emu.emulator.sessions().filter((s) => s.kind === "session" && s.mfa)).not.toHaveLength(0);
  });

  it("a second login while the session is valid makes no STS call", async () => {
    expect((await login("--code", code())).code).toBe(0);
    expect(emu.counters().GetSessionToken).toBe(1);
    const before = sb.read(sb.credentialsFile);
    const r = await login();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/session still valid until .* left\); use --force to renew/);
    expect(emu.counters().GetSessionToken).toBe(1);
    expect(sb.read(sb.credentialsFile)).toBe(before);
    // --force renews
    expect((await login("--force", "--code", code())).code).toBe(0);
    expect(emu.counters().GetSessionToken).toBe(2);
  });

  it("reads the code from one stdin line when there is no terminal", async () => {
    const r = await sb.awsmfa(["login", "--profile", "work"], { input: `${code()}\n` });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("resolves the profile from AWS_PROFILE and --duration sets the length", async () => {
    const r = await sb.awsmfa(["login", "--code", code(), "--duration", "1h"], { env: { AWS_PROFILE: "work" } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\((59 min|1h) left\)/);
  });

  it("follows a symlinked credentials file and keeps the link", async () => {
    const real = path.join(sb.dir, "real-credentials");
    sb.write(real, CREDS, 0o640);
    const link = sb.credentialsFile;
    (await import("node:fs")).rmSync(link);
    symlinkSync(real, link);
    const r = await login("--code", code());
    expect(r.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    expect(sb.read(real)).toContain("[work]\naws_access_key_id = ASIA");
    // The target's mode is the one that counts; a group-readable file that now holds a session is
    // narrowed to 0600, and the user is told (issue 8, defect 15).
    expect(sb.mode(real)).toBe(0o600);
    expect(r.stderr).toBe(`awsmfa: ${real} was readable by others (mode 0640); it now holds a session, so it is 0600\n`);
  });
});

describe("login failures: one line, documented exit code, files untouched", () => {
  const untouched = () => {
    expect(sb.read(sb.credentialsFile)).toBe(CREDS);
    expect(sb.read(sb.configFile)).toBe(CONFIG);
  };
  const oneLine = (stderr: string) => expect(stderr.split("\n")[0]).toMatch(/^awsmfa: .+/);

  it("a rejected code leaves the credentials file byte-identical", async () => {
    const r = await login("--code", "000000");
    expect(r.code).toBe(EXIT.mfa);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/rejected the MFA code/);
    untouched();
  });

  it("a reused code says to wait for the next one", async () => {
    const used = code();
    expect((await login("--code", used)).code).toBe(0);
    const r = await login("--force", "--code", used);
    expect(r.code).toBe(EXIT.mfa);
    expect(r.stderr).toMatch(/already used/);
    expect(r.stderr).toMatch(/wait for the next code/);
    expect(emu.counters().GetSessionToken).toBe(1); // never even sent
  });

  it.each([
    ["--code", "12345", /--code: '12345' is not a 6-digit code/],
    ["--code", "abcdef", /--code: 'abcdef' is not a 6-digit code/],
    ["--duration", "10", /--duration: 10 s is outside 900..129600 s/],
    ["--duration", "40h", /--duration: 144000 s is outside/],
    ["--bogus", "x", /unknown flag --bogus/],
  ])("bad flag %s %s", async (flag, value, msg) => {
    const r = await login(flag, value);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(msg);
    expect(emu.counters().GetSessionToken ?? 0).toBe(0);
    untouched();
  });

  it("no terminal and nothing on stdin fails with a clear message", async () => {
    const r = await login();
    expect(r.code).toBe(EXIT.noTerminal);
    expect(r.stderr).toMatch(/no MFA code for profile work: no --code, no mfa_process, no terminal and nothing on stdin/);
    untouched();
  });

  it("missing mfa_serial", async () => {
    sb.write(sb.configFile, "[profile work]\nregion = us-east-1\n");
    const r = await login("--code", "123456");
    expect(r.code).toBe(EXIT.config);
    expect(r.stderr).toContain(`${sb.configFile}: [profile work] has no mfa_serial`);
  });

  it("missing long-term key", async () => {
    sb.write(sb.credentialsFile, "[other]\naws_access_key_id = AKIAOTHEREXAMPLE0000\n");
    const r = await login("--code", "123456");
    expect(r.code).toBe(EXIT.config);
    expect(r.stderr).toContain(`${sb.credentialsFile}: no long-term key in [work-long-term]`);
  });

  it("refuses to overwrite a long-term key in [work] and explains the move", async () => {
    const seed = `[work]\naws_access_key_id = ${DEMO_ACCESS_KEY_ID}\naws_secret_access_key = ${DEMO_SECRET_ACCESS_KEY}\n`;
    sb.write(sb.credentialsFile, seed);
    const r = await login("--code", code());
    expect(r.code).toBe(EXIT.config);
    expect(r.stderr).toMatch(/\[work\] holds a long-term key/);
    expect(r.stderr).toMatch(/\[work-long-term\]/);
    expect(sb.read(sb.credentialsFile)).toBe(seed);
  });

  it("a malformed file names file:line", async () => {
    sb.write(sb.credentialsFile, CREDS + "this is not ini\n");
    const r = await login("--code", "123456");
    expect(r.code).toBe(EXIT.config);
    expect(r.stderr).toContain(`${sb.credentialsFile}:${CREDS.split("\n").length}:`);
  });

  it("a wrong serial", async () => {
    sb.write(sb.configFile, CONFIG.replace(DEMO_MFA_SERIAL, "arn:aws:iam::123456789012:mfa/nobody"));
    const r = await login("--code", code());
    expect(r.code).toBe(EXIT.mfa);
    expect(r.stderr).toMatch(/serial is wrong or not this user's/);
    untouched2(CONFIG.replace(DEMO_MFA_SERIAL, "arn:aws:iam::123456789012:mfa/nobody"));
  });
  const untouched2 = (config: string) => {
    expect(sb.read(sb.credentialsFile)).toBe(CREDS);
    expect(sb.read(sb.configFile)).toBe(config);
  };

  it("an unknown (deleted) key → InvalidClientTokenId", async () => {
    sb.write(sb.credentialsFile, CREDS.replace(DEMO_ACCESS_KEY_ID, "AKIADELETEDEXAMPLE00"));
    const r = await login("--code", code());
    expect(r.code).toBe(EXIT.auth);
    expect(r.stderr).toMatch(/does not recognise the long-term access key/);
  });

  it("a wrong secret → SignatureDoesNotMatch", async () => {
    sb.write(sb.credentialsFile, CREDS.replace(DEMO_SECRET_ACCESS_KEY, "wrongSecretEXAMPLEwrongSecretEXAMPLE0000"));
    const r = await login("--code", code());
    expect(r.code).toBe(EXIT.auth);
    expect(r.stderr).toMatch(/secret access key is wrong/);
  });

  it("clock skew over 5 minutes shows the skew", async () => {
    // The JS SDK corrects its signing clock from the server's Date header and retries, so the
    // login goes through; the user is still told, in numbers, that the clock is off.
    emu.emulator.setSwitches({ skewSeconds: 600 });
    const r = await login("--code", code());
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("awsmfa: warning: this machine's clock is 10 min behind AWS; fix it (NTP) or MFA codes may fail\n");
  });

  it("throttling is retried with backoff and then succeeds", async () => {
    emu.emulator.setSwitches({ throttle: 2 });
    const r = await login("--code", code());
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("persistent 5xx fails after retries", async () => {
    emu.emulator.setSwitches({ fail500: 10 });
    const r = await login("--code", code());
    expect(r.code).toBe(EXIT.network);
    expect(r.stderr).toMatch(/failed with HTTP 500 \(gave up after retries\)/);
    untouched();
  });

  it("an unreachable endpoint is named", async () => {
    const r = await sb.awsmfa(["login", "--profile", "work", "--code", "123456"], { env: { AWS_ENDPOINT_URL: "http://127.0.0.1:9" } });
    expect(r.code).toBe(EXIT.network);
    expect(r.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9/);
    untouched();
  });

  it("AWS_ENDPOINT_URL_STS beats AWS_ENDPOINT_URL", async () => {
    const r = await sb.awsmfa(["login", "--profile", "work", "--code", code()], {
      env: { AWS_ENDPOINT_URL: "http://127.0.0.1:9", AWS_ENDPOINT_URL_STS: emu.url },
    });
    expect(r.code).toBe(0);
  });
});

describe("status and logout", () => {
  it("status shows none, then valid; logout removes only the session", async () => {
    let r = await sb.awsmfa(["status", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject([{ profile: "work", mfaSerial: DEMO_MFA_SERIAL, keyPresent: true, mode: "file", session: { state: "none" } }]);
    expect((await login("--code", code())).code).toBe(0);
    r = await sb.awsmfa(["status"]);
    expect(r.stdout).toMatch(new RegExp(`^work\\n  mfa_serial: ${id.serial}\\n  key: +credentials \\[work-long-term\\]\\n  mode: +file\\n  session: +valid until .* \\(11h 59m left\\)\\n$`));
    const st = JSON.parse((await sb.awsmfa(["status", "--json", "--profile", "work"])).stdout)[0];
    expect(st.session.state).toBe("valid");
    expect(existsSync(st.sessionFile)).toBe(true);

    r = await sb.awsmfa(["logout", "--profile", "work"]);
    expect(r.code).toBe(0);
    expect(sb.read(sb.credentialsFile)).toBe(CREDS);
    expect(existsSync(st.sessionFile)).toBe(false);
    expect(JSON.parse((await sb.awsmfa(["status", "--json"])).stdout)[0].session.state).toBe("none");
  });
});

describe("interactive login on a real terminal (tmux)", () => {
  it("asks on the terminal, asks again after a rejected code, and succeeds", async () => {
    const { TmuxShell } = await import("../helpers/tmux.js");
    requireProgram("tmux", ["-V"]);
    const sh = new TmuxShell(["bash", "--norc", "--noprofile"], { ...sb.env, HISTFILE: "/dev/null", PS1: "$ " }, sb.home);
    try {
      sh.type(`${process.execPath} ${(await import("../helpers/sandbox.js")).CLI} login --profile work > ${sb.dir}/out 2>&1; echo "rc=$?"`);
      await sh.until("the prompt", () => (sh.count(`MFA code for ${DEMO_MFA_SERIAL} (profile work): `) === 1 ? true : undefined));
      sh.type("12345"); // not 6 digits: asked again locally, nothing sent
      await sh.until("the 6-digit hint", () => (sh.screen().includes("a code is 6 digits; try again") ? true : undefined));
      sh.type("000000"); // rejected by STS
      await sh.until("the re-ask", () => (sh.screen().includes("AWS rejected that code") ? true : undefined));
      sh.type(code());
      await sh.until("the exit status", () => /rc=\d+/.exec(sh.screen())?.[0]);
      expect(sh.screen()).toContain("rc=0");
      expect(sb.read(`${sb.dir}/out`)).toMatch(/^profile work: new session/);
      expect(emu.counters().GetSessionToken).toBe(2); // 12345 never left the machine
    } finally {
      sh.kill();
    }
  });
});
