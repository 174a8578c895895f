import { describe, expect, it } from "vitest";
import { AwsMfaError, msg } from "../../src/core/errors.js";
import { parseIni } from "../../src/core/ini.js";
import { chooseTwoCodes, withTwoCodes } from "../../src/device/codes.js";
import { holdsLongTermKey, locateLongTermKey, maskKeyId, removePlainKey, writeLongTermKey } from "../../src/device/keymove.js";
import { callerFromArn, checkTwoCodes, isSecurityKeySerial, isVirtualSerial, otpauthUri, requireUser } from "../../src/device/otpauth.js";
import { iamEndpoint, mapIamError, seedText } from "../../src/ports/iam.js";
import type { Terminal } from "../../src/ports/terminal.js";
import type { World } from "../../src/world.js";

const KEY = { accessKeyId: "AKIATESTKEYEXAMPLE01", secretAccessKey: "testSecretEXAMPLE" };

describe("otpauth URI", () => {
  it("matches the shape of AWS's own QR code", () => {
    expect(otpauthUri("alice", "123456789012", "JBSWY3DPEHPK3PXP")).toBe(
      "otpauth://totp/Amazon%20Web%20Services:alice@123456789012?secret=JBSWY3DPEHPK3PXP&issuer=Amazon%20Web%20Services",
    );
  });
  it("escapes device names with characters a URI path cannot hold", () => {
    expect(otpauthUri("a+b=c,d@e", "123456789012", "AAAA")).toContain("Amazon%20Web%20Services:a%2Bb%3Dc%2Cd%40e@123456789012?");
  });
});

describe("caller ARN", () => {
  it.each([
    ["arn:aws:iam::123456789012:user/alice", { kind: "user", userName: "alice" }],
    ["arn:aws:iam::123456789012:user/team/ops/bob", { kind: "user", userName: "bob" }],
    ["arn:aws-cn:iam::123456789012:user/chen", { kind: "user", userName: "chen" }],
    ["arn:aws:iam::123456789012:root", { kind: "root" }],
    ["arn:aws:sts::123456789012:assumed-role/R/s", { kind: "other" }],
  ])("%s", (arn, want) => {
    expect(callerFromArn(arn, "123456789012")).toMatchObject(want);
  });
  it("only IAM users own devices", () => {
    expect(requireUser(callerFromArn("arn:aws:iam::123456789012:user/alice", "123456789012"))).toBe("alice");
    expect(() => requireUser(callerFromArn("arn:aws:iam::123456789012:root", "123456789012"))).toThrow(/root user/);
    expect(() => requireUser(callerFromArn("arn:aws:sts::123456789012:assumed-role/R/s", "123456789012"))).toThrow(/not an IAM user/);
  });
});

describe("serials", () => {
  it.each([
    ["arn:aws:iam::123456789012:mfa/alice", true, false],
    ["arn:aws:iam::123456789012:mfa/path/alice", true, false],
    ["GAHT12345678", false, false],
    ["arn:aws:iam::123456789012:u2f/user/alice/key-ABC", false, true],
  ])("%s virtual=%s securityKey=%s", (s, virtual, key) => {
    expect(isVirtualSerial(s)).toBe(virtual);
    expect(isSecurityKeySerial(s)).toBe(key);
  });
});

describe("two codes", () => {
  it("must be 6 digits each and different", () => {
    expect(checkTwoCodes("123456", "654321", "x")).toEqual(["123456", "654321"]);
    expect(() => checkTwoCodes("12345", "654321", "x")).toThrow(/6 digits/);
    expect(() => checkTwoCodes("123456", "123456", "x")).toThrow(/the same/);
  });

  const world = (lines: string[], stdinIsTTY = false) =>
    ({ stdinIsTTY, readStdinLine: async () => lines.shift() }) as unknown as World;

  it("flags win and are not retried", async () => {
    const src = chooseTwoCodes(world([]), undefined, { code1: "111111", code2: "222222", label: "d", noInputMessage: msg("raw", { text: "none" }) });
    expect(await src.get(1)).toEqual(["111111", "222222"]);
    await expect(src.get(2)).rejects.toThrow(/--code1\/--code2 were rejected/);
    expect(() => chooseTwoCodes(world([]), undefined, { code1: "111111", label: "d", noInputMessage: msg("raw", { text: "none" }) })).toThrow(/go together/);
  });

  it("reads two stdin lines without a terminal", async () => {
    const src = chooseTwoCodes(world(["111111", "222222"]), undefined, { label: "d", noInputMessage: msg("raw", { text: "none" }) });
    expect(await src.get(1)).toEqual(["111111", "222222"]);
    const empty = chooseTwoCodes(world(["111111"]), undefined, { label: "d", noInputMessage: msg("raw", { text: "nothing here" }) });
    await expect(empty.get(1)).rejects.toMatchObject({ code: "NoTerminal", message: "nothing here" });
    expect(() => chooseTwoCodes(world([], true), undefined, { label: "d", noInputMessage: msg("raw", { text: "no way" }) })).toThrow("no way");
  });

  it("asks on the terminal, shows the secret only there on 's', and retries rejected codes", async () => {
    const answers = ["s", "111111", "111111", "222222", "333333", "444444"];
    const said: string[] = [];
    const term: Terminal = { ask: async () => answers.shift()!, askSecret: async () => answers.shift()!, say: (l) => void said.push(l), close: () => {} };
    const src = chooseTwoCodes(world([]), term, { label: "d", secret: "SEEDTEXTEXAMPLE", noInputMessage: msg("raw", { text: "none" }) });
    const calls: string[][] = [];
    await withTwoCodes(src, async (a, b) => {
      calls.push([a, b]);
      if (calls.length === 1) throw new AwsMfaError("InvalidCode", msg("raw", { text: "rejected" }));
    });
    expect(calls).toEqual([
      ["111111", "222222"],
      ["333333", "444444"],
    ]);
    expect(said.filter((l) => l.includes("SEEDTEXTEXAMPLE"))).toHaveLength(1);
    expect(said).toContain("that is the same code; wait for the next one (up to 30 s)");
  });
});

describe("key move", () => {
  const seed = `# from the console
[default]
aws_access_key_id = ${KEY.accessKeyId}
aws_secret_access_key = ${KEY.secretAccessKey}
region = us-east-1
`;
  it("finds a plaintext key in [P] and moves it in two steps, keeping the comment and other keys", () => {
    const doc = parseIni(seed, "creds", "credentials");
    expect(locateLongTermKey(doc, "default", "creds")).toEqual({ where: "plain", key: KEY });
    writeLongTermKey(doc, "default", KEY);
    expect(holdsLongTermKey(doc, "default", KEY)).toBe(true);
    expect(locateLongTermKey(doc, "default", "creds")).toEqual({ where: "long-term", key: KEY, plainCopy: true });
    expect(removePlainKey(doc, "default", KEY)).toBe(true);
    expect(doc.toString()).toBe(`# from the console
[default]
region = us-east-1

[default-long-term]
aws_access_key_id = ${KEY.accessKeyId}
aws_secret_access_key = ${KEY.secretAccessKey}
`);
  });
  it("never removes [P]'s key unless the new place holds the same key", () => {
    const doc = parseIni(seed, "creds", "credentials");
    expect(removePlainKey(doc, "default", KEY)).toBe(false);
    writeLongTermKey(doc, "default", { ...KEY, secretAccessKey: "otherEXAMPLE" });
    expect(removePlainKey(doc, "default", KEY)).toBe(false);
    expect(doc.get("default", "aws_access_key_id")).toBe(KEY.accessKeyId);
  });
  it("a session (ASIA) in [P] is not a long-term key", () => {
    const doc = parseIni(`[work]\naws_access_key_id = ASIATESTEXAMPLE00000\naws_secret_access_key = s\n`, "c", "credentials");
    expect(() => locateLongTermKey(doc, "work", "c")).toThrow(/no long-term key \(AKIA…\) in \[work\] or \[work-long-term\]/);
  });
  it("two different keys are a conflict", () => {
    const doc = parseIni(seed + `[default-long-term]\naws_access_key_id = AKIAOTHERKEYEXAMPLE0\naws_secret_access_key = x\n`, "c", "credentials");
    expect(() => locateLongTermKey(doc, "default", "c")).toThrow(/hold different long-term keys/);
  });
  it("masks key ids", () => {
    expect(maskKeyId("AKIAIOSFODNN7EXAMPLE")).toBe("AKIA…MPLE");
  });
});

describe("IAM port", () => {
  it("endpoint: AWS_ENDPOINT_URL_IAM beats AWS_ENDPOINT_URL", () => {
    expect(iamEndpoint({ AWS_ENDPOINT_URL: "http://a", AWS_ENDPOINT_URL_IAM: "http://b" })).toBe("http://b");
    expect(iamEndpoint({ AWS_ENDPOINT_URL: "http://a" })).toBe("http://a");
    expect(iamEndpoint({})).toBeUndefined();
  });
  it.each([
    ["InvalidAuthenticationCodeException", 403, "InvalidCode"],
    ["NoSuchEntityException", 404, "NotFound"],
    ["EntityAlreadyExistsException", 409, "Conflict"],
    ["DeleteConflictException", 409, "Conflict"],
    ["LimitExceededException", 409, "Conflict"],
    ["InvalidClientTokenId", 403, "InvalidClientTokenId"],
    ["Throttling", 400, "Throttled"],
    ["ServiceFailureException", 500, "ServiceError"],
    ["AccessDenied", 403, "AccessDenied"],
    ["SomethingNew", 400, "AccessDenied"],
  ])("%s → %s", (name, status, code) => {
    const e = mapIamError({ name, message: "m", $metadata: { httpStatusCode: status } }, { endpoint: "http://x", serial: "s" });
    expect(e.code).toBe(code);
    expect(e.message).not.toContain("STS");
  });
  it("the seed blob holds base32 text", () => {
    expect(seedText(Buffer.from("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "ascii"))).toBe("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    expect(() => seedText(Buffer.from([0, 1, 2]))).toThrow(/Base32StringSeed/);
    expect(() => seedText(undefined)).toThrow(/Base32StringSeed/);
  });
});
