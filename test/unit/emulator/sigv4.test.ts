import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { AwsError } from "../../../src/emulator/errors.js";
import {
  canonicalQuery,
  formatAmzDate,
  parseAmzDate,
  parseAuthorization,
  verifySignature,
  type IncomingSigned,
} from "../../../src/emulator/sigv4.js";

// Signs with the AWS SDK's own signer (an independent implementation) and checks our verifier
// against it, for the header sets different clients sign.

const SECRET = "testSECRETkeyEXAMPLE/0123456789+abcdefgh";
const WHEN = new Date("2024-05-06T07:08:09Z");

interface Case {
  name: string;
  headers: Record<string, string>;
  query?: Record<string, string>;
  body?: string;
  path?: string;
  service?: string;
  region?: string;
  token?: string;
}

async function sign(c: Case): Promise<IncomingSigned> {
  const signer = new SignatureV4({
    service: c.service ?? "sts",
    region: c.region ?? "us-east-1",
    credentials: { accessKeyId: "AKIAEXAMPLETEST00001", secretAccessKey: SECRET, sessionToken: c.token },
    sha256: Sha256,
  });
  const body = c.body ?? "Action=GetCallerIdentity&Version=2011-06-15";
  const signed = await signer.sign(
    { method: "POST", protocol: "http:", hostname: "127.0.0.1", port: 4566, path: c.path ?? "/", query: c.query ?? {}, headers: { host: "127.0.0.1:4566", ...c.headers }, body },
    { signingDate: WHEN },
  );
  const headers: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(signed.headers)) headers[k.toLowerCase()] = [String(v)];
  const qs = Object.entries(signed.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join("&");
  return { method: "POST", url: (c.path ?? "/") + (qs ? `?${qs}` : ""), headers, body: Buffer.from(body) };
}

const verify = (req: IncomingSigned, secret = SECRET) => {
  const auth = parseAuthorization(req.headers["authorization"]?.[0]);
  verifySignature(req, auth, req.headers["x-amz-date"]![0]!, secret);
};

const codeOf = (fn: () => void) => {
  try {
    fn();
    return "ok";
  } catch (e) {
    return e instanceof AwsError ? e.code : String(e);
  }
};

const cases: Case[] = [
  { name: "CLI v2 style: content-type, host, x-amz-date", headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" } },
  { name: "bare: host and x-amz-date only", headers: {} },
  {
    name: "JS SDK style: amz-sdk-* and x-amz-user-agent",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "amz-sdk-invocation-id": "0b7f4a8e-EXAMPLE",
      "amz-sdk-request": "attempt=1; max=3",
      "x-amz-user-agent": "aws-sdk-js/3.0.0",
    },
  },
  { name: "declared payload hash", headers: { "x-amz-content-sha256": "9f7d33a3b8a5f3b65d8e5ca4a6e8c0a9a2e6d0fa1a6c02eb8b3f2cbe0d05a6e3" } },
  { name: "session token", headers: {}, token: "IQoJEXAMPLEtoken/with+chars==" },
  { name: "IAM scope in another region", headers: {}, service: "iam", region: "ap-northeast-1" },
  { name: "query string with reserved characters", headers: {}, query: { Action: "GetCallerIdentity", Version: "2011-06-15", Odd: "a b/c~d*e'f(g)!" } },
  { name: "header value with inner runs of spaces", headers: { "x-amz-meta-note": "  a   b  c " } },
];

describe("SigV4 verification against @smithy/signature-v4", () => {
  it.each(cases)("$name verifies", async (c) => {
    const req = await sign(c);
    if (c.headers["x-amz-content-sha256"]) {
      // Our made-up hash is wrong on purpose here: a mismatching declared hash must be refused.
      expect(codeOf(() => verify(req))).toBe("SignatureDoesNotMatch");
      return;
    }
    expect(codeOf(() => verify(req))).toBe("ok");
  });

  it("a correct declared payload hash verifies", async () => {
    const body = "Action=GetCallerIdentity&Version=2011-06-15";
    const hash = (await import("node:crypto")).createHash("sha256").update(body).digest("hex");
    const req = await sign({ name: "", headers: { "x-amz-content-sha256": hash }, body });
    expect(codeOf(() => verify(req))).toBe("ok");
  });

  const tamper: Array<[string, (r: IncomingSigned) => void]> = [
    ["wrong secret", () => {}],
    ["body changed", (r) => (r.body = Buffer.from("Action=GetSessionToken&Version=2011-06-15"))],
    ["signed header changed", (r) => (r.headers["content-type"] = ["text/plain"])],
    ["signed header missing", (r) => delete r.headers["content-type"]],
    ["path changed", (r) => (r.url = "/other")],
    ["query added", (r) => (r.url = "/?Action=GetSessionToken")],
    ["host changed", (r) => (r.headers["host"] = ["127.0.0.1:9999"])],
    ["date changed", (r) => (r.headers["x-amz-date"] = ["20240506T070810Z"])],
  ];
  it.each(tamper)("%s → SignatureDoesNotMatch", async (name, mutate) => {
    const req = await sign({ name, headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" } });
    mutate(req);
    const secret = name === "wrong secret" ? SECRET.replace("test", "best") : SECRET;
    expect(codeOf(() => verify(req, secret))).toBe("SignatureDoesNotMatch");
  });

  it("an unsigned extra header does not matter (clients and proxies add them)", async () => {
    const req = await sign({ name: "", headers: {} });
    req.headers["user-agent"] = ["curl/8"];
    expect(codeOf(() => verify(req))).toBe("ok");
  });
});

describe("Authorization header parsing", () => {
  const table: Array<[string | undefined, string]> = [
    [undefined, "MissingAuthenticationToken"],
    ["Bearer abc", "IncompleteSignature"],
    ["AWS4-HMAC-SHA256 SignedHeaders=host, Signature=ab", "IncompleteSignature"],
    ["AWS4-HMAC-SHA256 Credential=AKIAEXAMPLETEST00001/20240506/us-east-1/sts, SignedHeaders=host, Signature=ab", "IncompleteSignature"],
    ["AWS4-HMAC-SHA256 Credential=AKIAEXAMPLETEST00001/20240506/us-east-1/sts/aws4_request, SignedHeaders=host;X-Amz-Date, Signature=AB", "ok"],
  ];
  it.each(table)("%s → %s", (header, want) => {
    expect(codeOf(() => void parseAuthorization(header))).toBe(want);
  });
  it("splits the scope and lower-cases names", () => {
    const a = parseAuthorization("AWS4-HMAC-SHA256 Credential=AKIAEXAMPLETEST00001/20240506/eu-west-1/iam/aws4_request, SignedHeaders=Host;X-Amz-Date, Signature=AB");
    expect(a).toEqual({ accessKeyId: "AKIAEXAMPLETEST00001", date: "20240506", region: "eu-west-1", service: "iam", signedHeaders: ["host", "x-amz-date"], signature: "ab" });
  });
});

describe("helpers", () => {
  it("canonical query sorts and encodes per RFC 3986", () => {
    expect(canonicalQuery("b=2&a=x%20y&a=1&c=%7E*")).toBe("a=1&a=x%20y&b=2&c=~%2A");
  });
  it("amz dates round-trip", () => {
    expect(formatAmzDate(parseAmzDate("20240506T070809Z")!)).toBe("20240506T070809Z");
    expect(parseAmzDate("2024-05-06")).toBeUndefined();
  });
});
