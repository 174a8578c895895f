import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { base32Encode, hotp, matchStep, totp } from "../../../src/core/totp.js";
import { acceptCode, findConsecutive, unusedCode } from "../../../src/emulator/mfa.js";
import { EmulatorState } from "../../../src/emulator/state.js";
import { DEMO } from "../../../src/emulator/identity.js";
import { requireProgram } from "../../helpers/programs.js";

// The emulator's TOTP must agree with the RFC and with a real authenticator (oathtool), or the
// demo and every e2e login would be testing a private dialect.

const RFC_KEY = Buffer.from("12345678901234567890", "ascii");

describe("RFC 6238 Appendix B (SHA-1, 8 digits)", () => {
  const vectors: Array<[number, string]> = [
    [59, "94287082"],
    [1111111109, "07081804"],
    [1111111111, "14050471"],
    [1234567890, "89005924"],
    [2000000000, "69279037"],
    [20000000000, "65353130"],
  ];
  it.each(vectors)("T=%i → %s", (seconds, expected) => {
    expect(totp(RFC_KEY, seconds * 1000, { digits: 8 })).toBe(expected);
  });
});

describe("agrees with oathtool --totp", () => {
  const oathtool = requireProgram("oathtool", ["--version"]);
  const seeds = [DEMO.seedBase32, base32Encode(RFC_KEY), base32Encode(Buffer.from("awsmfa-EXAMPLE-seed-40-bytes-long-TEST!!"))];
  const times = [0, 59, 1111111109, 1700000000, 2000000000];
  for (const seed of seeds) {
    it.each(times)(`seed ${seed.slice(0, 8)}… at T=%i`, (t) => {
      const at = new Date(t * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
      const out = execFileSync(oathtool, ["--totp", "-b", `--now=${at}`, seed], { encoding: "utf8" }).trim();
      expect(totp(Buffer.from(seedKey(seed)), t * 1000)).toBe(out);
    });
  }
  it("the demo seed's current code (no --now)", () => {
    const before = Date.now();
    const out = execFileSync(oathtool, ["--totp", "-b", DEMO.seedBase32], { encoding: "utf8" }).trim();
    // A step boundary may fall between the two reads; either side is fine.
    expect([totp(seedKey(DEMO.seedBase32), before), totp(seedKey(DEMO.seedBase32), Date.now())]).toContain(out);
  });
});

function seedKey(seed: string): Buffer {
  return Buffer.from(new EmulatorState({ includeDemo: false }).addDevice("arn:x", seed, true).key);
}

describe("device code checks", () => {
  const T = 1_700_000_000_000; // mid-step: 1700000000 / 30 = 56666666.67
  const fresh = () => new EmulatorState({}, () => T).devices.get(DEMO.mfaSerial)!;
  const at = (dev: { key: Buffer }, stepDelta: number) => totp(dev.key, T + stepDelta * 30_000);

  it("accepts the current, previous and next step, once each", () => {
    const dev = fresh();
    for (const d of [-1, 0, 1]) {
      expect(acceptCode(dev, at(dev, d), { nowMs: T, allowReuse: false })).toBe(true);
      expect(acceptCode(dev, at(dev, d), { nowMs: T, allowReuse: false })).toBe(false);
    }
    expect(unusedCode(dev, T)).toBeUndefined();
  });

  it("rejects two steps away", () => {
    const dev = fresh();
    expect(acceptCode(dev, at(dev, 2), { nowMs: T, allowReuse: false })).toBe(false);
    expect(acceptCode(dev, at(dev, -2), { nowMs: T, allowReuse: false })).toBe(false);
  });

  it("allowReuse lets a used step through again (benchmarks only)", () => {
    const dev = fresh();
    expect(acceptCode(dev, at(dev, 0), { nowMs: T, allowReuse: false })).toBe(true);
    expect(acceptCode(dev, at(dev, 0), { nowMs: T, allowReuse: true })).toBe(true);
  });

  it("finds two consecutive codes and not a non-consecutive pair", () => {
    const dev = fresh();
    expect(findConsecutive(dev, at(dev, -1), at(dev, 0), T, 3, 1)).toBe(Math.floor(T / 30_000));
    expect(findConsecutive(dev, at(dev, -1), at(dev, 1), T, 3, 1)).toBeUndefined();
    expect(findConsecutive(dev, at(dev, 0), at(dev, 0), T, 3, 1)).toBeUndefined();
  });

  it("matches core matchStep and hotp", () => {
    const dev = fresh();
    const step = Math.floor(T / 30_000);
    expect(matchStep(dev.key, hotp(dev.key, step + 1), T)).toBe(step + 1);
  });
});
