import { describe, expect, it } from "vitest";
import { envMilliseconds, humanDuration, parseDuration } from "../../src/core/duration.js";
import { parseFlags } from "../../src/core/flags.js";
import { readMfaProfile, resolveProfileName } from "../../src/core/profile.js";
import { fileSessionExpiry, isLongTermKeyId, isoUtc, localTime, removeFileSession, sessionState, writeFileSession } from "../../src/core/session.js";
import { parseIni } from "../../src/core/ini.js";
import { codeMayBeSpent, httpTimeouts, mapStsError, describeSkew, stsEndpoint } from "../../src/ports/sts.js";
import { mapIamError } from "../../src/ports/iam.js";
import { AwsMfaError, EXIT } from "../../src/core/errors.js";

describe("parseDuration", () => {
  it.each([
    ["900", 900],
    ["15m", 900],
    ["12h", 43200],
    ["36h", 129600],
    ["1h30m", 5400],
    ["3600s", 3600],
  ])("%s → %i s", (text, s) => expect(parseDuration(text, "--duration")).toBe(s));

  it.each(["899", "37h", "abc", "", "12x", "-900", "1.5h"])("rejects %j with a BadFlag naming the flag", (text) => {
    const e = (() => {
      try {
        parseDuration(text, "--duration");
      } catch (e) {
        return e as AwsMfaError;
      }
    })();
    expect(e).toBeInstanceOf(AwsMfaError);
    expect(e!.code).toBe("BadFlag");
    expect(e!.exitCode).toBe(EXIT.usage);
    expect(e!.message).toMatch(/^--duration: /);
  });

  it.each([
    [40, "40 s"],
    [900, "15 min"],
    [43200, "12h"],
    [5400, "1h 30m"],
  ])("humanDuration(%i) = %s", (s, text) => expect(humanDuration(s)).toBe(text));
});

describe("resolveProfileName", () => {
  it.each([
    ["flag", { AWS_PROFILE: "a", AWS_DEFAULT_PROFILE: "b" }, "flag"],
    [undefined, { AWS_PROFILE: "a", AWS_DEFAULT_PROFILE: "b" }, "a"],
    [undefined, { AWS_DEFAULT_PROFILE: "b" }, "b"],
    [undefined, {}, "default"],
    [undefined, { AWS_PROFILE: "" }, "default"],
  ])("flag %s env %j → %s", (flag, env, want) => expect(resolveProfileName(flag, env)).toBe(want));
});

describe("sessionState", () => {
  const now = new Date("2026-11-25T12:00:00Z");
  it.each([
    [undefined, "none"],
    ["garbage", "none"],
    ["2026-11-25T11:59:59Z", "expired"],
    ["2026-11-25T12:14:59Z", "expiring"],
    ["2026-11-25T12:15:01Z", "valid"],
  ])("%s → %s", (exp, kind) => expect(sessionState(exp ? new Date(exp) : undefined, now).kind).toBe(kind));

  it("tells long-term from session key ids", () => {
    expect(isLongTermKeyId("AKIAEXAMPLEDEMO00001")).toBe(true);
    expect(isLongTermKeyId("ASIAEXAMPLEDEMO00001")).toBe(false);
    expect(isLongTermKeyId(undefined)).toBe(false);
  });

  it("formats local time with its offset", () => {
    expect(localTime(new Date("2026-11-25T12:00:00Z"), 540)).toBe("2026-11-25 21:00 +09:00");
    expect(localTime(new Date("2026-11-25T12:00:00Z"), -300)).toBe("2026-11-25 07:00 -05:00");
  });

  it("isoUtc writes what toISOString writes, for dates from 1970 to 9999", () => {
    const dates = [0, 1, 999, 1000, Date.UTC(2026, 0, 1), Date.UTC(2026, 11, 31, 23, 59, 59, 999), Date.UTC(9999, 11, 31, 23, 59, 59, 999)];
    let x = 12345;
    for (let i = 0; i < 2000; i++) dates.push((x = (x * 1103515245 + 12345) % 2 ** 31) * 118_000); // spread up to ~8,000 years
    for (const t of dates) expect(isoUtc(new Date(t))).toBe(new Date(t).toISOString());
  });
});

describe("readMfaProfile", () => {
  const cfg = (text: string) => parseIni(text, "/x/config", "config");
  it("reads our keys", () => {
    const p = readMfaProfile(
      cfg("[profile work]\nmfa_serial = arn:aws:iam::123456789012:mfa/alice\nduration_seconds = 3600\nregion = eu-west-1\n"),
      "work",
      "/x/config",
    );
    expect(p).toMatchObject({ mfaSerial: "arn:aws:iam::123456789012:mfa/alice", durationSeconds: 3600, region: "eu-west-1", longTermSection: "work-long-term" });
  });
  it.each([
    ["[profile work]\nregion = x\n", "MissingMfaSerial", /\/x\/config: \[profile work\] has no mfa_serial/],
    ["[profile work]\nmfa_serial = GAHT12345678\nduration_seconds = 10\n", "MalformedFile", /duration_seconds '10'/],
    ["[profile work]\nmfa_serial = GAHT12345678\nawsmfa_source = floppy\n", "MalformedFile", /awsmfa_source/],
    ["[profile work]\nmfa_serial = not an arn\n", "MalformedFile", /^\/x\/config: profile work: mfa_serial is not an MFA serial number$/],
    ["[profile work]\nmfa_serial = arn:aws:iam::1:mfa/a\0x\n", "MalformedFile", /mfa_serial is not an MFA serial number/],
    ["[profile work]\nmfa_serial = GAHT12345678\nregion = eu west 1\n", "MalformedFile", /^\/x\/config: profile work: region is not an AWS region$/],
  ])("%j → %s", (text, code, msg) => {
    try {
      readMfaProfile(cfg(text), "work", "/x/config");
      expect.unreachable();
    } catch (e) {
      expect((e as AwsMfaError).code).toBe(code);
      expect((e as AwsMfaError).message).toMatch(msg);
    }
  });
});

describe("parseFlags", () => {
  const spec = { profile: { type: "string", short: "p" }, force: { type: "boolean" } } as const;
  it("parses long, short, inline and rest", () => {
    expect(parseFlags(["-p", "w", "--force", "x", "--", "ls", "-l"], spec)).toEqual({ flags: { profile: "w", force: true }, positionals: ["x"], rest: ["ls", "-l"] });
    expect(parseFlags(["--profile=w"], spec).flags.profile).toBe("w");
  });
  it.each([
    [["--nope"], /unknown flag --nope/],
    [["--profile"], /--profile: needs a value/],
    [["--force=1"], /--force: takes no value/],
  ])("%j fails: %s", (args, msg) => expect(() => parseFlags(args, spec)).toThrow(msg));
  it("limits positionals when asked, naming the command's --help", () => {
    expect(() => parseFlags(["x"], spec, { command: "status" })).toThrow(/^unexpected argument 'x'$/);
    expect(() => parseFlags(["a", "b"], spec, { command: "allow", max: 1 })).toThrow(/^awsmfa allow takes at most one argument$/);
    expect(parseFlags(["a"], spec, { command: "allow", max: 1 }).positionals).toEqual(["a"]);
    expect(parseFlags(["--", "x"], spec, { command: "exec" }).rest).toEqual(["x"]);
  });
});

describe("mapStsError", () => {
  const ctx = { endpoint: "http://127.0.0.1:1", serial: "arn:aws:iam::1:mfa/x" };
  const awsErr = (name: string, message: string, status = 403) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
  it.each([
    [awsErr("AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code. "), "InvalidCode", EXIT.mfa],
    [awsErr("AccessDenied", "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user."), "WrongSerial", EXIT.mfa],
    [awsErr("InvalidClientTokenId", "The security token included in the request is invalid."), "InvalidClientTokenId", EXIT.auth],
    [awsErr("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided."), "SignatureDoesNotMatch", EXIT.auth],
    [awsErr("SignatureDoesNotMatch", "Signature expired: 20261125T120000Z is now earlier than 20261125T121000Z (20261125T121500Z - 5 min.)"), "ClockSkew", EXIT.auth],
    [awsErr("ExpiredToken", "The security token included in the request is expired"), "ExpiredToken", EXIT.auth],
    [awsErr("Throttling", "Rate exceeded", 400), "Throttled", EXIT.network],
    [awsErr("InternalFailure", "oops", 500), "ServiceError", EXIT.network],
    [Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }), "Network", EXIT.network],
    [Object.assign(new Error("timeout"), { name: "TimeoutError" }), "Network", EXIT.network],
  ])("%s → %s", (err, code, exit) => {
    const e = mapStsError(err, ctx);
    expect(e.code).toBe(code);
    expect(e.exitCode).toBe(exit);
    expect(e.message).not.toMatch(/\n/);
  });
  it("names the endpoint on network errors and shows skew", () => {
    expect(mapStsError(Object.assign(new Error("x"), { code: "ECONNREFUSED" }), ctx).message).toContain("http://127.0.0.1:1");
    expect(mapStsError(awsErr("SignatureDoesNotMatch", "Signature expired: …"), { ...ctx, skewMs: -7 * 60000 }).message).toContain("7 min behind AWS");
    expect(describeSkew(10 * 60000)).toBe("10 min ahead of AWS");
  });
  it("a timeout names the bound; with a code in flight it says the code may be spent, and a retry's 'invalid code' is the same fault", () => {
    const timeouts = { attemptMs: 10_000, totalMs: 24_000 };
    const abort = Object.assign(new Error("aborted"), { name: "AbortError" });
    const plain = mapStsError(abort, { ...ctx, timeouts });
    expect([plain.code, plain.exitCode, plain.message]).toEqual(["Network", EXIT.network, "no answer from STS at http://127.0.0.1:1 within 24 s"]);
    expect(plain.hint).toMatch(/AWS_ENDPOINT_URL_STS/);
    expect(codeMayBeSpent(plain)).toBe(false);
    const withCode = mapStsError(Object.assign(new Error("t"), { name: "TimeoutError" }), { ...ctx, timeouts, codeSent: true });
    expect(withCode.message).toBe("no answer from STS at http://127.0.0.1:1 within 10 s");
    expect(withCode.hint).toMatch(/may have reached AWS and been used up/);
    expect(codeMayBeSpent(withCode)).toBe(true);
    const invalid = awsErr("AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code. ");
    expect(mapStsError(invalid, { ...ctx, timeouts, codeSent: true }).code).toBe("InvalidCode"); // no attempt timed out
    const after = mapStsError(invalid, { ...ctx, timeouts, codeSent: true, attemptTimedOut: true });
    expect([after.code, after.exitCode]).toEqual(["Network", EXIT.network]);
    expect(after.message).toMatch(/the request that timed out probably used it$/);
    expect(codeMayBeSpent(after)).toBe(true);
    // IAM's two-code calls (device enable/resync) alike.
    const iamInvalid = { name: "InvalidAuthenticationCodeException", message: "Authentication code for device is not valid." };
    expect(mapIamError(iamInvalid, { endpoint: "http://x", serial: "s", codeSent: true }).code).toBe("InvalidCode");
    const iamAfter = mapIamError(iamInvalid, { endpoint: "http://x", serial: "s", timeouts, codeSent: true, attemptTimedOut: true });
    expect([iamAfter.code, iamAfter.message]).toEqual(["Network", "no answer from IAM at http://x within 10 s; the retry's MFA code was refused, so the request that timed out probably used it"]);
  });
  it("bounds from the environment: default, override, and a usage error naming the variable", () => {
    expect(httpTimeouts({})).toEqual({ attemptMs: 10_000, totalMs: 24_000 });
    expect(httpTimeouts({ AWSMFA_HTTP_TIMEOUT_MS: "1500" })).toEqual({ attemptMs: 1500, totalMs: 3600 });
    expect(envMilliseconds({ X: "" }, "X", 7)).toBe(7);
    for (const bad of ["0", "-5", "1e3", "ten", "1.5"]) {
      expect(() => envMilliseconds({ X: bad }, "X", 7)).toThrow(/^X: '.*' is not a number of milliseconds/);
      try {
        envMilliseconds({ X: bad }, "X", 7);
      } catch (e) {
        expect((e as { exitCode: number }).exitCode).toBe(EXIT.usage);
      }
    }
  });
  it("prefers AWS_ENDPOINT_URL_STS", () => {
    expect(stsEndpoint({ AWS_ENDPOINT_URL: "a", AWS_ENDPOINT_URL_STS: "b" })).toBe("b");
    expect(stsEndpoint({ AWS_ENDPOINT_URL: "a" })).toBe("a");
    expect(stsEndpoint({})).toBeUndefined();
  });
});

describe("the session in [P] of the credentials file", () => {
  const creds = (text: string) => parseIni(text, "/x/credentials", "credentials");
  const s = { accessKeyId: "ASIATESTEXAMPLE00001", secretAccessKey: "sec", sessionToken: "tok", expiration: new Date("2026-11-25T12:00:00Z") };
  it("writes the four keys and reads the expiry back", () => {
    const doc = creds("# mine\n[other]\nx = 1\n");
    writeFileSession(doc, "work", s);
    expect(doc.toString()).toBe(
      "# mine\n[other]\nx = 1\n\n[work]\naws_access_key_id = ASIATESTEXAMPLE00001\naws_secret_access_key = sec\naws_session_token = tok\nexpiration = 2026-11-25T12:00:00.000Z\n",
    );
    expect(fileSessionExpiry(doc, "work")).toEqual(s.expiration);
  });
  it.each([
    ["[work]\naws_access_key_id = ASIAX\naws_secret_access_key = s\naws_session_token = t\nexpiration = e\n", true, ""],
    ["[work]\nregion = x\naws_access_key_id = ASIAX\naws_session_token = t\n", true, "[work]\nregion = x\n"],
    ["[work]\naws_access_key_id = AKIATESTEXAMPLE00001\naws_secret_access_key = s\n", false, null],
    ["[other]\nx = 1\n", false, null],
  ])("removes a session, never a long-term key: %j", (text, removed, after) => {
    const doc = creds(text);
    expect(removeFileSession(doc, "work")).toBe(removed);
    expect(doc.toString()).toBe(after ?? text);
  });
});
