import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerError, formBody, parseAnswer, signV4 } from "../../../src/ports/sts-lean.js";
import { mapStsError, stsRoute } from "../../../src/ports/sts.js";

// The lean STS adapter's pure parts: the adapter decision, SigV4 against AWS's published test
// vectors and the SDK's own signer, and the reader of STS's XML answers.

describe("stsRoute: the lean adapter only where it sends what the SDK would", () => {
  const EMU = "http://127.0.0.1:4566";
  it.each([
    // [env, region, expected]
    [{}, "us-east-1", { via: "lean", url: "https://sts.us-east-1.amazonaws.com/" }],
    [{}, "eu-west-1", { via: "lean", url: "https://sts.eu-west-1.amazonaws.com/" }],
    [{}, "ap-southeast-7", { via: "lean", url: "https://sts.ap-southeast-7.amazonaws.com/" }],
    [{ AWS_ENDPOINT_URL: EMU }, "us-east-1", { via: "lean", url: `${EMU}/` }],
    [{ AWS_ENDPOINT_URL: `${EMU}/` }, "us-east-1", { via: "lean", url: `${EMU}/` }],
    [{ AWS_ENDPOINT_URL: "https://sts.example.test" }, "eu-west-1", { via: "lean", url: "https://sts.example.test/" }],
    [{ AWS_ENDPOINT_URL: "http://[::1]:4566" }, "us-east-1", { via: "lean", url: "http://[::1]:4566/" }],
    [{ AWS_ENDPOINT_URL_STS: EMU, AWS_ENDPOINT_URL: "ftp://x" }, "us-east-1", { via: "lean", url: `${EMU}/` }],
    [{ AWS_ENDPOINT_URL: EMU, AWS_RETRY_MODE: "standard" }, "us-east-1", { via: "lean", url: `${EMU}/` }],
    [{ AWS_ENDPOINT_URL: EMU, AWS_USE_FIPS_ENDPOINT: "false", AWS_USE_DUALSTACK_ENDPOINT: "false" }, "us-east-1", { via: "lean", url: `${EMU}/` }],
    // Settings the lean adapter honours itself.
    [{ AWS_DISABLE_CLOCK_SKEW_CORRECTION: "true" }, "us-east-1", { via: "lean", url: "https://sts.us-east-1.amazonaws.com/" }],
    [{ AWS_SDK_UA_APP_ID: "my-app" }, "us-east-1", { via: "lean", url: "https://sts.us-east-1.amazonaws.com/" }],
    // Everything else is the SDK's.
    [{ AWS_USE_FIPS_ENDPOINT: "true" }, "us-east-1", { via: "sdk", why: "AWS_USE_FIPS_ENDPOINT" }],
    [{ AWS_USE_FIPS_ENDPOINT: " TRUE " }, "us-east-1", { via: "sdk", why: "AWS_USE_FIPS_ENDPOINT" }],
    [{ AWS_USE_DUALSTACK_ENDPOINT: "true" }, "us-east-1", { via: "sdk", why: "AWS_USE_DUALSTACK_ENDPOINT" }],
    [{ AWS_RETRY_MODE: "adaptive" }, "us-east-1", { via: "sdk", why: "AWS_RETRY_MODE" }],
    [{ AWS_RETRY_MODE: "legacy" }, "us-east-1", { via: "sdk", why: "AWS_RETRY_MODE" }],
    [{ AWS_AUTH_SCHEME_PREFERENCE: "sigv4a" }, "us-east-1", { via: "sdk", why: "AWS_AUTH_SCHEME_PREFERENCE" }],
    [{ AWS_SIGV4A_SIGNING_REGION_SET: "*" }, "us-east-1", { via: "sdk", why: "AWS_SIGV4A_SIGNING_REGION_SET" }],
    [{ AWS_LAMBDA_FUNCTION_NAME: "f" }, "us-east-1", { via: "sdk", why: "AWS_LAMBDA_FUNCTION_NAME" }],
    [{ AWS_ENABLE_DEFAULT_SOCKET_TIMEOUT_2026: "true" }, "us-east-1", { via: "sdk", why: "AWS_ENABLE_DEFAULT_SOCKET_TIMEOUT_2026" }],
    [{}, "cn-north-1", { via: "sdk", why: "region" }],
    [{}, "us-gov-west-1", { via: "sdk", why: "region" }],
    [{}, "us-iso-east-1", { via: "sdk", why: "region" }],
    [{}, "us-isob-east-1", { via: "sdk", why: "region" }],
    [{}, "eu-isoe-west-1", { via: "sdk", why: "region" }],
    [{}, "eusc-de-east-1", { via: "sdk", why: "region" }],
    [{}, "aws-global", { via: "sdk", why: "region" }],
    [{}, "xx-foo-1", { via: "sdk", why: "region" }],
    [{}, "US-EAST-1", { via: "sdk", why: "region" }],
    [{ AWS_ENDPOINT_URL: EMU }, "cn-north-1", { via: "sdk", why: "region" }],
    [{ AWS_ENDPOINT_URL: "127.0.0.1:4566" }, "us-east-1", { via: "sdk", why: "endpoint" }],
    [{ AWS_ENDPOINT_URL: "not a url" }, "us-east-1", { via: "sdk", why: "endpoint" }],
    [{ AWS_ENDPOINT_URL: `${EMU}/prefix` }, "us-east-1", { via: "sdk", why: "endpoint" }],
    [{ AWS_ENDPOINT_URL: `${EMU}/?x=1` }, "us-east-1", { via: "sdk", why: "endpoint" }],
    [{ AWS_ENDPOINT_URL: "http://user:pw@127.0.0.1:4566" }, "us-east-1", { via: "sdk", why: "endpoint" }],
    [{ AWS_ENDPOINT_URL_STS: "ftp://127.0.0.1" }, "us-east-1", { via: "sdk", why: "endpoint" }],
  ])("%j in %s → %j", (env, region, want) => {
    expect(stsRoute(env as Record<string, string>, region)).toEqual(want);
  });

  it("the default endpoint is the one the SDK's rule set resolves for that region", async () => {
    const { STSClient } = await import("@aws-sdk/client-sts");
    const c = new STSClient({ region: "us-east-1", credentials: { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "x" } });
    const resolve = c.config.endpointProvider as (p: Record<string, unknown>) => { url: URL; properties?: { authSchemes?: unknown } };
    for (const region of ["us-east-1", "us-east-2", "eu-central-1", "ap-northeast-1", "sa-east-1", "il-central-1", "mx-central-1", "me-central-1"]) {
      const route = stsRoute({}, region);
      const sdk = resolve({ Region: region, UseFIPS: false, UseDualStack: false, UseGlobalEndpoint: false });
      expect(route).toEqual({ via: "lean", url: sdk.url.href });
      expect(sdk.properties?.authSchemes).toBeUndefined(); // signed for the region itself, service sts
    }
    c.destroy();
  });
});

// AWS's Signature Version 4 test suite (aws-sig-v4-test-suite, published with the SigV4 docs):
// AKIDEXAMPLE, 2015-08-30T12:36:00Z, us-east-1, service "service".
const SUITE = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", amzDate: "20150830T123600Z", region: "us-east-1" };

describe("signV4: AWS's published test vectors", () => {
  it.each([
    ["post-vanilla", {}, "", "", "host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"],
    ["post-vanilla-query", {}, "Param1=value1", "", "host;x-amz-date", "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"],
    [
      "post-x-www-form-urlencoded",
      { "content-type": "application/x-www-form-urlencoded" },
      "",
      "Param1=value1",
      "content-type;host;x-amz-date",
      "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
    ],
  ])("%s", (_name, headers, query, body, signed, signature) => {
    const auth = signV4({ ...SUITE, method: "POST", host: "example.amazonaws.com", path: "/", query, headers: { ...headers, "x-amz-date": SUITE.amzDate }, body, service: "service" });
    expect(auth).toBe(`AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=${signed}, Signature=${signature}`);
  });

  it("the IAM ListUsers example of the SigV4 documentation", () => {
    const auth = signV4({
      ...SUITE,
      method: "GET",
      host: "iam.amazonaws.com",
      path: "/",
      query: "Action=ListUsers&Version=2010-05-08",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8", "x-amz-date": SUITE.amzDate },
      body: "",
      service: "iam",
    });
    expect(auth).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
    );
  });

  it("agrees with the AWS SDK's signer on STS requests (random bodies, tokens, regions, hosts)", async () => {
    const text = fc.string({ unit: "grapheme", maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          token: fc.option(fc.base64String({ minLength: 4, maxLength: 60 }), { nil: undefined }),
          secret: fc.string({ minLength: 1, maxLength: 40 }),
          region: fc.constantFrom("us-east-1", "eu-west-1", "ap-northeast-1"),
          host: fc.constantFrom("sts.us-east-1.amazonaws.com", "127.0.0.1:4566", "[::1]:8080"),
          serial: text,
          code: text,
          when: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 0, 1) }),
        }),
        async (r) => {
          const body = formBody("GetSessionToken", { SerialNumber: r.serial, TokenCode: r.code, DurationSeconds: 900 });
          const amzDate = new Date(Math.floor(r.when / 1000) * 1000).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
          const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", "x-amz-date": amzDate };
          if (r.token) headers["x-amz-security-token"] = r.token;
          const ours = signV4({ method: "POST", host: r.host, path: "/", headers, body, amzDate, region: r.region, service: "sts", accessKeyId: "AKIAEXAMPLE0000000001", secretAccessKey: r.secret });
          const signer = new SignatureV4({ service: "sts", region: r.region, credentials: { accessKeyId: "AKIAEXAMPLE0000000001", secretAccessKey: r.secret }, sha256: Sha256, applyChecksum: false });
          const signed = await signer.sign(
            { method: "POST", protocol: "https:", hostname: r.host, path: "/", query: {}, headers: { ...headers, host: r.host }, body },
            { signingDate: new Date(Math.floor(r.when / 1000) * 1000) },
          );
          expect(ours).toBe(signed.headers.authorization);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("the form body encodes values as the SDK's query serialiser does", () => {
    expect(formBody("GetSessionToken", { SerialNumber: "arn:aws:iam::123456789012:mfa/a b+c*(x)!'", TokenCode: "123456", DurationSeconds: 43200, Unset: undefined })).toBe(
      "Action=GetSessionToken&Version=2011-06-15&SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fa%20b%2Bc%2A%28x%29%21%27&TokenCode=123456&DurationSeconds=43200",
    );
    expect(formBody("GetCallerIdentity", {})).toBe("Action=GetCallerIdentity&Version=2011-06-15");
  });
});

describe("the XML answers", () => {
  const NS = 'xmlns="https://sts.amazonaws.com/doc/2011-06-15/"';
  it("reads credentials (AWS's indented layout too) and decodes entities", () => {
    const xml = `<GetSessionTokenResponse ${NS}>\n  <GetSessionTokenResult>\n    <Credentials>\n      <AccessKeyId>ASIAEXAMPLE</AccessKeyId>\n      <SecretAccessKey>a/b+c&amp;d</SecretAccessKey>\n      <SessionToken>tok&#x2F;en&#61;&#61;</SessionToken>\n      <Expiration>2026-11-26T13:00:00Z</Expiration>\n    </Credentials>\n  </GetSessionTokenResult>\n  <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>\n</GetSessionTokenResponse>\n`;
    expect(parseAnswer("GetSessionToken", xml)).toEqual({
      Credentials: { AccessKeyId: "ASIAEXAMPLE", SecretAccessKey: "a/b+c&d", SessionToken: "tok/en==", Expiration: new Date("2026-11-26T13:00:00Z") },
    });
  });
  it("AssumeRole's credentials, not its AssumedRoleUser; GetCallerIdentity's three fields", () => {
    const role = `<AssumeRoleResponse ${NS}><AssumeRoleResult><AssumedRoleUser><Arn>arn:aws:sts::1:assumed-role/r/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser><Credentials><AccessKeyId>ASIA2</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2026-11-26T13:00:00.123Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`;
    expect(parseAnswer("AssumeRole", role).Credentials?.AccessKeyId).toBe("ASIA2");
    expect(parseAnswer("AssumeRole", role).Credentials?.Expiration).toEqual(new Date("2026-11-26T13:00:00.123Z"));
    const id = `<GetCallerIdentityResponse ${NS}><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/a&amp;b</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`;
    expect(parseAnswer("GetCallerIdentity", id)).toEqual({ Arn: "arn:aws:iam::123456789012:user/a&b", UserId: "AIDAEXAMPLE", Account: "123456789012" });
  });
  it("an answer without credentials gives none (the port then says STS returned no credentials)", () => {
    expect(parseAnswer("GetSessionToken", "<html>proxy login</html>")).toEqual({});
    expect(parseAnswer("GetSessionToken", `<GetSessionTokenResponse><GetSessionTokenResult><Credentials><AccessKeyId>A</AccessKeyId></Credentials></GetSessionTokenResult></GetSessionTokenResponse>`).Credentials?.Expiration).toBeUndefined();
  });
  it("errors take the SDK's shape, so mapStsError maps them", () => {
    const body = `<ErrorResponse ${NS}><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>MultiFactorAuthentication failed with invalid MFA one time pass code. </Message></Error><RequestId>r</RequestId></ErrorResponse>`;
    const e = answerError({ status: 403, headers: { "x-amzn-requestid": "r" }, body }) as Error & { $metadata: { httpStatusCode: number; requestId: string } };
    expect([e.name, e.message, e.$metadata.httpStatusCode, e.$metadata.requestId]).toEqual(["AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code. ", 403, "r"]);
    expect(mapStsError(e, { endpoint: "x" }).code).toBe("InvalidCode");
    const quoted = answerError({ status: 400, headers: {}, body: `<ErrorResponse><Error><Code>ValidationError</Code><Message>Value &apos;x&apos; at &quot;y&quot; &lt;z&gt;</Message></Error></ErrorResponse>` });
    expect(quoted.message).toBe(`Value 'x' at "y" <z>`);
    // What the SDK throws for a body that names no code (a proxy's HTML page).
    expect([answerError({ status: 502, headers: {}, body: "<html/>" }).name, answerError({ status: 404, headers: {}, body: "" }).name]).toEqual(["Unknown", "NotFound"]);
    expect(mapStsError(answerError({ status: 502, headers: {}, body: "<html/>" }), { endpoint: "x" }).code).toBe("ServiceError");
  });
});
