// The fixed, made-up demo identity: the demo and the tests must be deterministic, and nothing here
// may ever look like a real credential (hence EXAMPLE in every key).

export const DEMO = {
  account: "123456789012",
  userName: "demo",
  userId: "AIDAEXAMPLEDEMO000001",
  accessKeyId: "AKIAEXAMPLEDEMO00001",
  secretAccessKey: "awsmfaDEMOsecretEXAMPLE/key+0123456789ab",
  mfaSerial: "arn:aws:iam::123456789012:mfa/demo",
  seedBase32: "AWSMFADEMOSEEDEXAMPLE234567ABCDE",
  roleArn: "arn:aws:iam::123456789012:role/demo-admin",
} as const;

/** What `awsmfa emulator` prints and `GET /__emulator/identity` returns. */
export interface DemoIdentity {
  account: string;
  userName: string;
  userArn: string;
  accessKeyId: string;
  secretAccessKey: string;
  mfaSerial: string;
  seedBase32: string;
  roleArn: string;
}

export function demoIdentity(): DemoIdentity {
  return {
    account: DEMO.account,
    userName: DEMO.userName,
    userArn: `arn:aws:iam::${DEMO.account}:user/${DEMO.userName}`,
    accessKeyId: DEMO.accessKeyId,
    secretAccessKey: DEMO.secretAccessKey,
    mfaSerial: DEMO.mfaSerial,
    seedBase32: DEMO.seedBase32,
    roleArn: DEMO.roleArn,
  };
}

/** The JSON state file. Everything optional; the demo identity is included unless includeDemo is false. */
export interface EmulatorStateJson {
  account?: string;
  includeDemo?: boolean;
  users?: Array<{
    name: string;
    userId?: string;
    path?: string;
    /** Attach AWS's force-MFA policy: access-key changes need an MFA session (see state.ts). */
    forceMfa?: boolean;
    accessKeys?: Array<{ id: string; secret: string; status?: "Active" | "Inactive" }>;
    mfaDevices?: Array<{ serial: string; seedBase32: string; enabled?: boolean }>;
  }>;
  roles?: Array<{ name: string; requireMfa?: boolean; maxSessionDuration?: number; externalId?: string; roleId?: string; path?: string }>;
}

export function demoState(): Required<Pick<EmulatorStateJson, "users" | "roles">> {
  return {
    users: [
      {
        name: DEMO.userName,
        userId: DEMO.userId,
        accessKeys: [{ id: DEMO.accessKeyId, secret: DEMO.secretAccessKey, status: "Active" }],
        mfaDevices: [{ serial: DEMO.mfaSerial, seedBase32: DEMO.seedBase32, enabled: true }],
      },
    ],
    // MaxSessionDuration 12 h so AssumeRole with an MFA code (not chained) can ask for more than 1 h.
    roles: [{ name: "demo-admin", requireMfa: true, maxSessionDuration: 43200, roleId: "AROAEXAMPLEDEMO000001" }],
  };
}
