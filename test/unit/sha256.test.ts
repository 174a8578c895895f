import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import fc from "fast-check";
import { sha256HexJs as sha256Hex, sha256HexOf } from "../../src/core/sha256.js";
import { denyKey, trustKey } from "../../src/core/trust.js";
import { mfaCacheId, roleCacheId } from "../../src/core/resolve.js";

// The session cache's file names come from sha256Hex (plain JavaScript, so the warm path need not
// load node:crypto). They must be node:crypto's SHA-256 bit for bit, or an upgrade would orphan
// every cached session.

const ref = (s: string) => createHash("sha256").update(s).digest("hex");

describe("sha256Hex", () => {
  it("matches node:crypto on the FIPS 180-4 examples and at every padding boundary", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
    for (let n = 0; n <= 200; n++) expect(sha256Hex("x".repeat(n))).toBe(ref("x".repeat(n)));
  });

  it("matches node:crypto on any string, non-ASCII and lone surrogates included", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), (s) => sha256Hex(s) === ref(s)), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 100 }), (s) => sha256Hex(s) === ref(s)), { numRuns: 300 });
    for (const s of ["\ud800", "a\udc00b", "\ud83d\ude00", "é", "\u0800", "\uffff"]) expect(sha256Hex(s)).toBe(ref(s));
  });

  it("keeps the cache ids of this release's format", () => {
    const serial = "arn:aws:iam::123456789012:mfa/alice";
    expect(mfaCacheId(serial)).toBe(ref(`mfa\n${serial}`).slice(0, 32));
    const role = { roleArn: "arn:aws:iam::123456789012:role/ops", sourceProfile: "work", roleSessionName: "alice", externalId: "x", durationSeconds: 900 };
    expect(roleCacheId(serial, role)).toBe(ref(["role", serial, role.roleArn, "alice", "x", "900"].join("\n")).slice(0, 32));
  });

  it("of parts (strings as UTF-8, bytes as they are) matches node:crypto fed the same parts", () => {
    const refOf = (parts: (string | Uint8Array)[]) => {
      const h = createHash("sha256");
      for (const p of parts) h.update(p);
      return h.digest("hex");
    };
    const part = fc.oneof(fc.string({ unit: "binary", maxLength: 120 }), fc.uint8Array({ maxLength: 300 }));
    fc.assert(fc.property(fc.array(part, { maxLength: 5 }), (parts) => sha256HexOf(...parts) === refOf(parts)), { numRuns: 500 });
    // Past the point where it hands over to node:crypto (many calls, or a big input): the same hashes.
    const big = new Uint8Array(100_000).map((_, i) => (i * 7) & 255);
    expect(sha256HexOf("/p", "\n", big)).toBe(refOf(["/p", "\n", big]));
  });

  it("keeps the trust records' names (an allow made before still counts)", () => {
    const file = "/home/alice/work/.awsmfa";
    const body = new TextEncoder().encode("profile = work\nregion = eu-west-1\n");
    expect(trustKey(file, body)).toBe(createHash("sha256").update(file).update("\n").update(body).digest("hex"));
    expect(denyKey(file)).toBe(createHash("sha256").update(file).digest("hex"));
  });
});
