import { randomBytes } from "node:crypto";
import { base32Encode } from "../../src/core/totp.js";
import type { EmulatorStateJson } from "../../src/emulator/index.js";

// TOTP codes are single-use (3 usable per 30 s step per device), so e2e tests that each need a fresh
// code get their own made-up IAM user with its own key and device instead of sharing the demo's.
export interface TestIdentity {
  user: string;
  accessKeyId: string;
  secretAccessKey: string;
  serial: string;
  seed: string;
  arn: string;
}

export function makeIdentities(n: number, prefix = "t"): { state: EmulatorStateJson; ids: TestIdentity[] } {
  const ids: TestIdentity[] = [];
  for (let i = 0; i < n; i++) {
    const user = `${prefix}${i}`;
    const tag = `${prefix.toUpperCase()}${i}`.padStart(8, "0");
    ids.push({
      user,
      accessKeyId: `AKIATEST${tag}`.padEnd(20, "0").slice(0, 20),
      secretAccessKey: `testSecret${tag}EXAMPLE`.padEnd(40, "x"),
      serial: `arn:aws:iam::123456789012:mfa/${user}`,
      seed: base32Encode(randomBytes(20)),
      arn: `arn:aws:iam::123456789012:user/${user}`,
    });
  }
  return {
    state: {
      includeDemo: true,
      users: ids.map((id) => ({
        name: id.user,
        accessKeys: [{ id: id.accessKeyId, secret: id.secretAccessKey }],
        mfaDevices: [{ serial: id.serial, seedBase32: id.seed, enabled: true }],
      })),
    },
    ids,
  };
}
