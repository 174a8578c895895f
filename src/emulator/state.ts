import { randomBytes } from "node:crypto";
import { base32Decode, base32Encode } from "../core/totp.js";
import { DEMO, demoState, type EmulatorStateJson } from "./identity.js";

// The emulator's in-memory world: users with access keys, MFA devices, roles and the sessions it
// issued. Plain data; the actions in sts.ts/iam.ts apply AWS's rules to it.

export interface AccessKey {
  id: string;
  secret: string;
  status: "Active" | "Inactive";
  userName: string;
  /** Emulator-clock epoch ms (ListAccessKeys' CreateDate). */
  created: number;
  /** Session-clock epoch ms before which AWS does not accept the new key yet (switch keyActivationSeconds). */
  activeFrom?: number;
}

export interface User {
  name: string;
  userId: string;
  path: string;
  arn: string;
  created: number;
  /**
   * The user has AWS's documented "force MFA" policy attached: changing access keys needs an MFA
   * session (the policy's explicit deny), as most organisations that hand out MFA devices require.
   */
  forceMfa?: boolean;
}

export interface MfaDevice {
  serial: string;
  seedBase32: string;
  key: Buffer;
  /** Assigned user, once enabled. */
  userName?: string;
  enableDate?: number;
  virtual: boolean;
  created: number;
  /** Steps already accepted: a TOTP code works once (RFC 6238 §5.2). */
  usedSteps: Set<number>;
  /** Clock drift learned by ResyncMFADevice, in steps. */
  driftSteps: number;
}

export interface Role {
  name: string;
  roleId: string;
  arn: string;
  requireMfa: boolean;
  maxSessionDuration: number;
  externalId?: string;
}

export interface Session {
  accessKeyId: string;
  secret: string;
  token: string;
  /** Emulator-clock epoch ms. */
  expiresAt: number;
  userName: string;
  kind: "session" | "role";
  mfa: boolean;
  role?: { arn: string; name: string; roleId: string; sessionName: string };
}

/** What a request authenticated as. */
export type Principal = { kind: "user"; user: User; key: AccessKey } | { kind: "session"; user: User; session: Session };

export class EmulatorState {
  readonly account: string;
  readonly users = new Map<string, User>();
  readonly keys = new Map<string, AccessKey>();
  readonly devices = new Map<string, MfaDevice>();
  readonly roles = new Map<string, Role>();
  readonly sessions = new Map<string, Session>();
  private readonly nowMs: () => number;

  constructor(json: EmulatorStateJson = {}, nowMs: () => number = Date.now) {
    this.nowMs = nowMs;
    this.account = json.account ?? DEMO.account;
    const demo = json.includeDemo === false ? { users: [], roles: [] } : demoState();
    for (const u of [...demo.users, ...(json.users ?? [])]) {
      const user = this.addUser(u.name, u.path ?? "/", u.userId);
      if (u.forceMfa) user.forceMfa = true;
      for (const k of u.accessKeys ?? []) this.keys.set(k.id, { id: k.id, secret: k.secret, status: k.status ?? "Active", userName: user.name, created: this.nowMs() });
      for (const d of u.mfaDevices ?? []) {
        const dev = this.addDevice(d.serial, d.seedBase32, true);
        if (d.enabled !== false) {
          dev.userName = user.name;
          dev.enableDate = this.nowMs();
        }
      }
    }
    for (const r of [...demo.roles, ...(json.roles ?? [])]) {
      const path = r.path ?? "/";
      this.roles.set(`arn:aws:iam::${this.account}:role${path}${r.name}`, {
        name: r.name,
        roleId: r.roleId ?? randomId("AROA"),
        arn: `arn:aws:iam::${this.account}:role${path}${r.name}`,
        requireMfa: r.requireMfa ?? false,
        maxSessionDuration: r.maxSessionDuration ?? 3600,
        externalId: r.externalId,
      });
    }
  }

  addUser(name: string, path = "/", userId?: string): User {
    const user = { name, path, userId: userId ?? randomId("AIDA"), arn: `arn:aws:iam::${this.account}:user${path}${name}`, created: this.nowMs() };
    this.users.set(name, user);
    return user;
  }

  addDevice(serial: string, seedBase32: string, virtual: boolean): MfaDevice {
    const dev: MfaDevice = {
      serial,
      seedBase32,
      key: base32Decode(seedBase32),
      virtual,
      created: this.nowMs(),
      usedSteps: new Set(),
      driftSteps: 0,
    };
    this.devices.set(serial, dev);
    return dev;
  }

  keysOf(userName: string): AccessKey[] {
    return [...this.keys.values()].filter((k) => k.userName === userName);
  }

  devicesOf(userName: string): MfaDevice[] {
    return [...this.devices.values()].filter((d) => d.userName === userName);
  }
}

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** AWS-looking ids: a 4-letter prefix (AKIA, ASIA, AIDA, AROA) and 16/17 upper-case characters. */
export function randomId(prefix: string, length = prefix === "AKIA" || prefix === "ASIA" ? 16 : 17): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (const b of bytes) out += ID_ALPHABET[b % 32];
  return out;
}

export const randomSecret = () => randomBytes(30).toString("base64");

/** A session token: long and opaque, like AWS's (which are several hundred base64 characters). */
export const randomToken = () => `IQoJEXAMPLE${randomBytes(180).toString("base64")}`;

/** A new virtual device's seed: 40 random bytes → 64 base32 characters, the length AWS issues. */
export const newSeedBase32 = () => base32Encode(randomBytes(40));
