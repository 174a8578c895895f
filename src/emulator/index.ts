import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import type { Clocks } from "./clock.js";
import { demoIdentity, type DemoIdentity, type EmulatorStateJson } from "./identity.js";
import { unusedCode } from "./mfa.js";
import { applySwitches, createEmulatorServer, defaultSwitches, listSessions, revokeSessions, type RevokeRequest, type Switches } from "./server.js";
import { EmulatorState } from "./state.js";
import { hotp, timeStep } from "../core/totp.js";

// The programmatic face of the local STS/IAM sandbox, used by `awsmfa emulator`, `awsmfa demo`
// and the tests. It only ever binds 127.0.0.1.

export type { DemoIdentity, EmulatorStateJson } from "./identity.js";
export type { RevokeRequest, Switches } from "./server.js";
export { DEMO } from "./identity.js";

export interface EmulatorOptions {
  /** 0 or undefined: pick a free port. */
  port?: number;
  /** A state object, or the path of a JSON file holding one. */
  state?: EmulatorStateJson | string;
  /** Base clock in epoch ms (default Date.now). */
  now?: () => number;
  /** Allowed signature clock skew, minutes (default 5, as the issue specifies). */
  skewWindowMinutes?: number;
  /**
   * Emulator bugs (not AWS errors) are reported here. Required: the caller owns the output (a
   * command passes its World's stderr; only the entry touches process).
   */
  onInternalError: (e: unknown) => void;
}

export interface SessionSummary {
  accessKeyId: string;
  kind: "session" | "role";
  userName: string;
  mfa: boolean;
  expiration: string;
  roleArn?: string;
  roleSessionName?: string;
}

export interface Emulator {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  readonly identity: DemoIdentity;
  /** Calls per action since start or the last reset (a snapshot). */
  readonly counters: Record<string, number>;
  /** Live switches; assign fields directly or use setSwitches. */
  readonly switches: Switches;
  setSwitches(patch: Partial<Switches>): void;
  resetCounters(): void;
  /** A valid code for a device (default: the demo's) that the emulator has not accepted yet. */
  code(serial?: string): string;
  /**
   * Like code(), but never runs out: when the three codes of the ±1 window are used, it moves the
   * emulator's TOTP clock one step on (switch totpOffsetSeconds) instead of making a test wait.
   * After that, codes from a real authenticator (oathtool) are a step or more behind.
   */
  nextCode(serial?: string): string;
  /** The plain TOTP for the current step (may already be used). */
  currentCode(serial?: string): string;
  sessions(): SessionSummary[];
  /** Ends sessions early (see POST /__emulator/revoke); returns how many. */
  revoke(req?: RevokeRequest): number;
  readonly state: EmulatorState;
  close(): Promise<void>;
}

export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
  const json: EmulatorStateJson =
    typeof opts.state === "string" ? (JSON.parse(await readFile(opts.state, "utf8")) as EmulatorStateJson) : (opts.state ?? {});
  const base = opts.now ?? Date.now;
  const switches = defaultSwitches();
  const clocks: Clocks = {
    base,
    session: () => base() + switches.clockOffsetSeconds * 1000,
    signing: () => base() + switches.skewSeconds * 1000,
    totp: () => base() + switches.totpOffsetSeconds * 1000,
  };
  const state = new EmulatorState(json, clocks.session);
  const counters: Record<string, number> = {};
  const identity = demoIdentity();
  const device = (serial: string) => {
    const dev = state.devices.get(serial);
    if (!dev) throw new Error(`emulator has no MFA device ${serial}`);
    return dev;
  };
  const nextCode = (serial: string) => {
    const dev = device(serial);
    let c = unusedCode(dev, clocks.totp());
    if (c === undefined) {
      switches.totpOffsetSeconds += 30;
      c = unusedCode(dev, clocks.totp())!;
    }
    return c;
  };
  const server = createEmulatorServer({
    nextCode,
    state,
    clocks,
    switches,
    counters,
    identity,
    skewWindowMs: (opts.skewWindowMinutes ?? 5) * 60_000,
    onInternalError: opts.onInternalError,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    identity,
    get counters() {
      return { ...counters };
    },
    switches,
    setSwitches: (patch) => applySwitches(switches, patch),
    resetCounters: () => {
      for (const k of Object.keys(counters)) delete counters[k];
    },
    code: (serial = identity.mfaSerial) => {
      const c = unusedCode(device(serial), clocks.totp());
      if (c === undefined) throw new Error("all codes in the ±1 step window were used; wait for the next 30 s step or use nextCode()");
      return c;
    },
    nextCode: (serial = identity.mfaSerial) => nextCode(serial),
    currentCode: (serial = identity.mfaSerial) => {
      const dev = device(serial);
      return hotp(dev.key, timeStep(clocks.totp()) + dev.driftSteps);
    },
    sessions: () => listSessions({ state }),
    revoke: (req = {}) => revokeSessions({ state, clocks }, req),
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
