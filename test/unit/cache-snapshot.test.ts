import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SessionCache, type CachedSession } from "../../src/session/cache.js";

// SessionCache.snapshot (issue 11): status reads the cache for 50,000 profiles through one listing
// of the sessions folder. It must answer as reads made when it was taken would.

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "awsmfa-snap-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const session = (serial: string, roleArn?: string): CachedSession => ({
  accessKeyId: "ASIAEXAMPLE000000001",
  secretAccessKey: "made-up-secret",
  sessionToken: "made-up-token",
  expiration: new Date("2030-01-01T00:00:00Z"),
  mfaSerial: serial,
  ...(roleArn ? { roleArn } : {}),
});

describe("SessionCache.snapshot", () => {
  it("answers like read for present, missing and torn files, each file read once", async () => {
    const cache = new SessionCache(dir);
    await cache.write("a".repeat(32), session("arn:aws:iam::123456789012:mfa/a"));
    await cache.write("b".repeat(32), session("arn:aws:iam::123456789012:mfa/b", "arn:aws:iam::123456789012:role/r"));
    writeFileSync(cache.sessionFile("c".repeat(32)), "{torn");
    const snap = cache.snapshot();
    for (const key of ["a", "b", "c", "d"].map((x) => x.repeat(32))) {
      expect(await snap.read(key)).toEqual(await cache.read(key));
      expect(snap.sessionFile(key)).toBe(cache.sessionFile(key));
    }
    // Read once: a rewrite after the first read is not seen by the same snapshot (a later one sees it).
    await cache.write("a".repeat(32), session("arn:aws:iam::123456789012:mfa/other"));
    expect((await snap.read("a".repeat(32)))?.mfaSerial).toBe("arn:aws:iam::123456789012:mfa/a");
    expect((await cache.snapshot().read("a".repeat(32)))?.mfaSerial).toBe("arn:aws:iam::123456789012:mfa/other");
  });

  it("works without a sessions folder, and sees files written before its first read", async () => {
    const cache = new SessionCache(path.join(dir, "none"));
    expect(await cache.snapshot().read("a".repeat(32))).toBeUndefined();
    const c2 = new SessionCache(dir);
    const snap = c2.snapshot();
    await c2.write("e".repeat(32), session("arn:aws:iam::123456789012:mfa/e"));
    // The listing is taken lazily, on the first read.
    expect((await snap.read("e".repeat(32)))?.mfaSerial).toBe("arn:aws:iam::123456789012:mfa/e");
  });

  it("mayHold: false only when no file in the folder was issued for that device and role", async () => {
    const cache = new SessionCache(dir);
    const A = "arn:aws:iam::123456789012:mfa/a";
    const R = "arn:aws:iam::111111111111:role/r";
    // Filed under any name: the answer is about what the files record, not about their names.
    await cache.write("1".repeat(32), session(A, R));
    await cache.write("2".repeat(32), session(A));
    writeFileSync(cache.sessionFile("3".repeat(32)), "{torn");
    const snap = cache.snapshot();
    expect(snap.mayHold({ serial: A, roleArn: R })).toBe(true);
    expect(snap.mayHold({ serial: A })).toBe(true);
    expect(snap.mayHold({ serial: A, roleArn: "arn:aws:iam::111111111111:role/other" })).toBe(false);
    expect(snap.mayHold({ serial: "arn:aws:iam::123456789012:mfa/b", roleArn: R })).toBe(false);
    expect(snap.mayHold({ serial: "arn:aws:iam::123456789012:mfa/b" })).toBe(false);
    for (const key of ["1", "2", "3", "4"].map((x) => x.repeat(32))) expect(snap.get(key)).toEqual(await cache.read(key));
    expect(new SessionCache(path.join(dir, "none")).snapshot().mayHold({ serial: A })).toBe(false);
  });

  it("mayHold rules nothing out when a file cannot be read; that file's own read still fails", async () => {
    const cache = new SessionCache(dir);
    await cache.write("1".repeat(32), session("arn:aws:iam::123456789012:mfa/a"));
    mkdirSync(cache.sessionFile("f".repeat(32)));
    const snap = cache.snapshot();
    expect(snap.mayHold({ serial: "arn:aws:iam::123456789012:mfa/zzz", roleArn: "arn:aws:iam::1:role/x" })).toBe(true);
    expect(snap.get("1".repeat(32))?.mfaSerial).toBe("arn:aws:iam::123456789012:mfa/a");
    expect(() => snap.get("f".repeat(32))).toThrow(/folder/);
  });
});
