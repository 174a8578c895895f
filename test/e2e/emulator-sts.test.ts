import { Sha256 } from "@aws-crypto/sha256-js";
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from "@aws-sdk/client-sts";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_ACCESS_KEY_ID,
  DEMO_MFA_SERIAL,
  DEMO_ROLE_ARN,
  DEMO_SECRET_ACCESS_KEY,
  DEMO_USER_ARN,
  sdkError,
  startTestEmulator,
  type TestEmulator,
} from "../helpers/emulator.js";
import { AWS_V1, AWS_V2, requireAwsV1, requireProgram } from "../helpers/programs.js";
import { Sandbox } from "../helpers/sandbox.js";

// The emulator against real clients: AWS CLI v2 (/usr/bin/aws), AWS CLI v1 (python3 -m awscli)
// and the JS SDK v3. If these accept it, awsmfa's tests against it mean something.

let emu: TestEmulator;
let box: Sandbox;

beforeAll(async () => {
  requireProgram(AWS_V2);
  requireAwsV1();
  emu = await startTestEmulator();
  box = new Sandbox();
});
afterAll(async () => {
  await emu?.close();
  box?.cleanup();
});

interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}
const DEMO_CREDS: Creds = { accessKeyId: DEMO_ACCESS_KEY_ID, secretAccessKey: DEMO_SECRET_ACCESS_KEY };

const credEnv = (c: Creds) => ({
  AWS_ACCESS_KEY_ID: c.accessKeyId,
  AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
  AWS_SESSION_TOKEN: c.sessionToken,
  AWS_REGION: "us-east-1",
  AWS_DEFAULT_REGION: "us-east-1",
});

/** AWS CLI v2 with --endpoint-url (2.9 ignores AWS_ENDPOINT_URL). */
const v2 = (args: string[], c: Creds = DEMO_CREDS) =>
  box.exec(AWS_V2, ["--endpoint-url", emu.url, "--output", "json", ...args], { env: credEnv(c) });
/** AWS CLI v1, which honours AWS_ENDPOINT_URL. */
const v1 = (args: string[], c: Creds = DEMO_CREDS) =>
  box.exec(AWS_V1[0], [...AWS_V1.slice(1), "--output", "json", ...args], { env: { ...credEnv(c), AWS_ENDPOINT_URL: emu.url } });

const sts = (c: Creds = DEMO_CREDS, maxAttempts = 1) =>
  new STSClient({ endpoint: emu.url, region: "us-east-1", credentials: c, maxAttempts });


async function admin(path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${emu.url}/__emulator/${path}`, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
  expect(res.ok).toBe(true);
  return res.json();
}

async function mfaSession(): Promise<Creds> {
  const out = await sts().send(new GetSessionTokenCommand({ SerialNumber: DEMO_MFA_SERIAL, TokenCode: emu.code(), DurationSeconds: 3600 }));
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

describe("AWS CLI v2", () => {
  it("get-caller-identity with the long-term key", async () => {
    const r = await v2(["sts", "get-caller-identity"]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ UserId: "AIDAEXAMPLEDEMO000001", Account: "123456789012", Arn: DEMO_USER_ARN });
  });

  it("get-session-token with a code, then the session works and really is a session", async () => {
    const r = await v2(["sts", "get-session-token", "--serial-number", DEMO_MFA_SERIAL, "--token-code", emu.code(), "--duration-seconds", "900"]);
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout).Credentials;
    expect(c.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    const left = Date.parse(c.Expiration) - Date.now();
    expect(left).toBeGreaterThan(890_000);
    expect(left).toBeLessThanOrEqual(900_000);
    const session = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
    const who = await v2(["sts", "get-caller-identity"], session);
    expect(JSON.parse(who.stdout).Arn).toBe(DEMO_USER_ARN);
    const again = await v2(["sts", "get-session-token"], session);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain("(AccessDenied) when calling the GetSessionToken operation: Cannot call GetSessionToken with session credentials");
  });

  it("wrong secret → SignatureDoesNotMatch", async () => {
    const r = await v2(["sts", "get-caller-identity"], { ...DEMO_CREDS, secretAccessKey: "wrongSECRETkeyEXAMPLE/0123456789+abcdefg" });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      "(SignatureDoesNotMatch) when calling the GetCallerIdentity operation: The request signature we calculated does not match the signature you provided.",
    );
  });

  it("unknown key → InvalidClientTokenId", async () => {
    const r = await v2(["sts", "get-caller-identity"], { accessKeyId: "AKIAEXAMPLEUNKNOWN99", secretAccessKey: DEMO_SECRET_ACCESS_KEY });
    expect(r.stderr).toContain("(InvalidClientTokenId) when calling the GetCallerIdentity operation: The security token included in the request is invalid.");
  });

  it("a signing clock 10 minutes off → Signature expired (v2 does not correct skew)", async () => {
    await admin("switches", { skewSeconds: 600 });
    try {
      const r = await v2(["sts", "get-caller-identity"]);
      expect(r.stderr).toMatch(/\(SignatureDoesNotMatch\).*Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)/);
    } finally {
      await admin("switches", { skewSeconds: 0 });
    }
  });

  it("role: assume-role with an MFA code, then the role session's identity", async () => {
    const r = await v2(["sts", "assume-role", "--role-arn", DEMO_ROLE_ARN, "--role-session-name", "cli-v2", "--serial-number", DEMO_MFA_SERIAL, "--token-code", emu.code()]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.AssumedRoleUser.Arn).toBe("arn:aws:sts::123456789012:assumed-role/demo-admin/cli-v2");
    const c = out.Credentials;
    const who = await v2(["sts", "get-caller-identity"], { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken });
    expect(JSON.parse(who.stdout)).toEqual({
      UserId: "AROAEXAMPLEDEMO000001:cli-v2",
      Account: "123456789012",
      Arn: "arn:aws:sts::123456789012:assumed-role/demo-admin/cli-v2",
    });
  });
});

describe("AWS CLI v1", () => {
  it("get-caller-identity and get-session-token through AWS_ENDPOINT_URL", async () => {
    const who = await v1(["sts", "get-caller-identity"]);
    expect(who.code, who.stderr).toBe(0);
    expect(JSON.parse(who.stdout).Arn).toBe(DEMO_USER_ARN);
    const r = await v1(["sts", "get-session-token", "--serial-number", DEMO_MFA_SERIAL, "--token-code", emu.code()]);
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout).Credentials;
    const left = Date.parse(c.Expiration) - Date.now();
    expect(Math.round(left / 3_600_000)).toBe(12); // the default 43200 s
    const viaSession = await v1(["sts", "get-caller-identity"], { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken });
    expect(JSON.parse(viaSession.stdout).Arn).toBe(DEMO_USER_ARN);
  });

  it("wrong secret → SignatureDoesNotMatch", async () => {
    const r = await v1(["sts", "get-caller-identity"], { ...DEMO_CREDS, secretAccessKey: "wrongSECRETkeyEXAMPLE/0123456789+abcdefg" });
    expect(r.stderr).toContain("(SignatureDoesNotMatch)");
  });
});

describe("JS SDK v3: AWS's exact errors", () => {
  it("bad code", async () => {
    const e = await sdkError(sts().send(new GetSessionTokenCommand({ SerialNumber: DEMO_MFA_SERIAL, TokenCode: "000000" === emu.emulator.currentCode() ? "111111" : "000000" })));
    expect(e).toEqual({ name: "AccessDenied", message: "MultiFactorAuthentication failed with invalid MFA one time pass code. ", status: 403 });
  });

  it("reused code gets the same error as a bad one", async () => {
    const code = emu.code();
    await sts().send(new GetSessionTokenCommand({ SerialNumber: DEMO_MFA_SERIAL, TokenCode: code }));
    const e = await sdkError(sts().send(new GetSessionTokenCommand({ SerialNumber: DEMO_MFA_SERIAL, TokenCode: code })));
    expect(e.message).toBe("MultiFactorAuthentication failed with invalid MFA one time pass code. ");
  });

  it("allowCodeReuse lets it through (benchmarks only)", async () => {
    const code = emu.code();
    await sts().send(new GetSessionTokenCommand({ SerialNumber: DEMO_MFA_SERIAL, TokenCode: code }));
    await admin("switches", { allowCodeReuse: true });
    try {
      await sts().send(new GetSessionTokenCommand({ SerialNumber: DEMO_MFA_SERIAL, TokenCode: code }));
    } finally {
      await admin("switches", { allowCodeReuse: false });
    }
  });

  it("wrong serial", async () => {
    const e = await sdkError(sts().send(new GetSessionTokenCommand({ SerialNumber: "arn:aws:iam::123456789012:mfa/someone-else", TokenCode: "123456" })));
    expect(e).toEqual({
      name: "AccessDenied",
      status: 403,
      message: "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.",
    });
  });

  it("duration out of range", async () => {
    const e = await sdkError(sts().send(new GetSessionTokenCommand({ DurationSeconds: 129601 })));
    expect(e).toEqual({
      name: "ValidationError",
      status: 400,
      message: "1 validation error detected: Value '129601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 129600",
    });
  });

  it("session credentials calling GetSessionToken", async () => {
    const e = await sdkError(sts(await mfaSession()).send(new GetSessionTokenCommand({})));
    expect(e).toEqual({ name: "AccessDenied", status: 403, message: "Cannot call GetSessionToken with session credentials" });
  });

  it("a session token that does not belong to the key → InvalidClientTokenId", async () => {
    const s = await mfaSession();
    const e = await sdkError(sts({ ...s, sessionToken: "IQoJEXAMPLEforged" }).send(new GetCallerIdentityCommand({})));
    expect(e).toEqual({ name: "InvalidClientTokenId", status: 403, message: "The security token included in the request is invalid." });
  });

  it("expiry via clockOffsetSeconds → ExpiredToken", async () => {
    const s = await mfaSession(); // 3600 s
    await sts(s).send(new GetCallerIdentityCommand({}));
    await admin("switches", { clockOffsetSeconds: 3601 });
    try {
      const e = await sdkError(sts(s).send(new GetCallerIdentityCommand({})));
      expect(e).toEqual({ name: "ExpiredToken", status: 403, message: "The security token included in the request is expired" });
      // Long-term keys are unaffected by the session clock.
      await sts().send(new GetCallerIdentityCommand({}));
    } finally {
      await admin("switches", { clockOffsetSeconds: 0 });
    }
  });

  it("skew: the SDK corrects its clock from the Date header and retries, as with AWS", async () => {
    await admin("switches", { skewSeconds: -900 });
    try {
      const out = await sts(DEMO_CREDS, 3).send(new GetCallerIdentityCommand({}));
      expect(out.Arn).toBe(DEMO_USER_ARN);
      const e = await sdkError(sts(DEMO_CREDS, 1).send(new GetCallerIdentityCommand({})));
      expect(e.name).toBe("SignatureDoesNotMatch");
      expect(e.message).toMatch(/^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/);
    } finally {
      await admin("switches", { skewSeconds: 0 });
    }
  });

  it("throttle and fail500 switches, with the SDK's retries visible in the counters", async () => {
    await admin("reset", {});
    await admin("switches", { throttle: 1 });
    const t = await sdkError(sts().send(new GetCallerIdentityCommand({})));
    expect(t).toEqual({ name: "Throttling", status: 400, message: "Rate exceeded" });
    await admin("switches", { fail500: 1 });
    const f = await sdkError(sts().send(new GetCallerIdentityCommand({})));
    expect(f).toMatchObject({ name: "InternalFailure", status: 500 });
    await admin("switches", { throttle: 1, fail500: 1 });
    await sts(DEMO_CREDS, 3).send(new GetCallerIdentityCommand({}));
    expect(await admin("counters")).toEqual({ GetCallerIdentity: 5 });
    expect(emu.counters()).toEqual({ GetCallerIdentity: 5 });
  });

  it("latencyMs delays answers", async () => {
    await admin("switches", { latencyMs: 300 });
    try {
      const t0 = Date.now();
      await sts().send(new GetCallerIdentityCommand({}));
      expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    } finally {
      await admin("switches", { latencyMs: 0 });
    }
  });

  it("admin rejects unknown or mistyped switches", async () => {
    const bad = await fetch(`${emu.url}/__emulator/switches`, { method: "POST", body: JSON.stringify({ throttel: 1 }) });
    expect(bad.status).toBe(400);
    const typed = await fetch(`${emu.url}/__emulator/switches`, { method: "POST", body: JSON.stringify({ throttle: "1" }) });
    expect(typed.status).toBe(400);
    expect(await admin("identity")).toMatchObject({ accessKeyId: DEMO_ACCESS_KEY_ID, seedBase32: "AWSMFADEMOSEEDEXAMPLE234567ABCDE" });
  });

  it("error envelope and request id header are AWS's", async () => {
    const res = await fetch(`${emu.url}/`, { method: "POST", body: "Action=GetCallerIdentity&Version=2011-06-15", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(403);
    const id = res.headers.get("x-amzn-requestid");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.text()).toBe(
      `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>MissingAuthenticationToken</Code><Message>Request is missing Authentication Token</Message></Error><RequestId>${id}</RequestId></ErrorResponse>\n`,
    );
  });

  it("a signed GET with the parameters in the query string works", async () => {
    const signer = new SignatureV4({ service: "sts", region: "us-east-1", credentials: DEMO_CREDS, sha256: Sha256 });
    const u = new URL(emu.url);
    const signed = await signer.sign({
      method: "GET",
      protocol: "http:",
      hostname: u.hostname,
      port: Number(u.port),
      path: "/",
      query: { Action: "GetCallerIdentity", Version: "2011-06-15" },
      headers: { host: u.host },
    });
    const res = await fetch(`${emu.url}/?Action=GetCallerIdentity&Version=2011-06-15`, { headers: signed.headers as Record<string, string> });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(text).toContain(`<Arn>${DEMO_USER_ARN}</Arn>`);
  });
});

describe("AssumeRole (SDK)", () => {
  const assume = (c: Creds, extra: Partial<ConstructorParameters<typeof AssumeRoleCommand>[0]> = {}) =>
    sts(c).send(new AssumeRoleCommand({ RoleArn: DEMO_ROLE_ARN, RoleSessionName: "sdk", ...extra }));

  it("a role that requires MFA refuses the bare long-term key", async () => {
    const e = await sdkError(assume(DEMO_CREDS));
    expect(e).toEqual({
      name: "AccessDenied",
      status: 403,
      message: `User: ${DEMO_USER_ARN} is not authorized to perform: sts:AssumeRole on resource: ${DEMO_ROLE_ARN}`,
    });
  });

  it("from an MFA session: works for 1 h and records MFA; over 1 h is refused as role chaining", async () => {
    const s = await mfaSession();
    const out = await assume(s, { RoleSessionName: "chained" });
    expect(out.AssumedRoleUser?.Arn).toBe("arn:aws:sts::123456789012:assumed-role/demo-admin/chained");
    const sessions = (await admin("sessions")) as Array<{ accessKeyId: string; mfa: boolean; kind: string }>;
    expect(sessions.find((x) => x.accessKeyId === out.Credentials!.AccessKeyId)).toMatchObject({ kind: "role", mfa: true });
    const e = await sdkError(assume(s, { DurationSeconds: 7200 }));
    expect(e).toEqual({ name: "ValidationError", status: 400, message: "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining." });
  });

  it("with SerialNumber+TokenCode directly: longer than 1 h is fine", async () => {
    const out = await assume(DEMO_CREDS, { SerialNumber: DEMO_MFA_SERIAL, TokenCode: emu.code(), DurationSeconds: 7200 });
    const left = out.Credentials!.Expiration!.getTime() - Date.now();
    expect(Math.round(left / 60_000)).toBe(120);
    const who = await sts({ accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! }).send(
      new GetCallerIdentityCommand({}),
    );
    expect(who.Arn).toBe("arn:aws:sts::123456789012:assumed-role/demo-admin/sdk");
  });

  it("an unknown role is AccessDenied, not a different error that would leak existence", async () => {
    const e = await sdkError(assume(DEMO_CREDS, { RoleArn: "arn:aws:iam::123456789012:role/nope" }));
    expect(e.name).toBe("AccessDenied");
  });
});
