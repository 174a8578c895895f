// The one way tests start the emulator: in-process, on a free port, with the demo identity.
// Other engineers' e2e tests import this; keep the surface small and stable.
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator/index.js";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { DEMO } from "../../src/emulator/identity.js";

/** The fixed, made-up demo identity (same values `awsmfa emulator` prints). */
export const DEMO_ACCOUNT = DEMO.account;
export const DEMO_USER = DEMO.userName;
export const DEMO_USER_ARN = `arn:aws:iam::${DEMO.account}:user/${DEMO.userName}`;
export const DEMO_ACCESS_KEY_ID = DEMO.accessKeyId;
export const DEMO_SECRET_ACCESS_KEY = DEMO.secretAccessKey;
export const DEMO_MFA_SERIAL = DEMO.mfaSerial;
export const DEMO_SEED_BASE32 = DEMO.seedBase32;
export const DEMO_ROLE_ARN = DEMO.roleArn;

export interface TestEmulator {
  emulator: Emulator;
  /** http://127.0.0.1:PORT */
  url: string;
  /** A demo code the emulator has not accepted yet; never runs out (see Emulator.nextCode). */
  code(): string;
  /** Per-action call counts. */
  counters(): Record<string, number>;
  close(): Promise<void>;
}

export async function startTestEmulator(opts: Partial<Omit<EmulatorOptions, "port">> = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({
    onInternalError: (e) => process.stderr.write(`emulator internal error: ${e instanceof Error ? e.stack : String(e)}\n`),
    ...opts,
    port: 0,
  });
  return {
    emulator,
    url: emulator.url,
    code: () => emulator.nextCode(),
    counters: () => emulator.counters,
    close: () => emulator.close(),
  };
}

export type { Emulator, EmulatorOptions };

/** Awaits a call that must fail and returns what the SDK made of AWS's error. */
export async function sdkError(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error("expected the call to fail");
}

/**
 * An mfa_process command (node + a script written in `dir`) that prints an unused code for
 * `serial` from the emulator at `url`, as an authenticator CLI would. With `log`, each run first
 * appends a line to that file, so a test can count the runs.
 */
export function emulatorCodeCommand(dir: string, url: string, serial: string, opts: { log?: string; file?: string } = {}): string {
  const script = path.join(dir, opts.file ?? "code.mjs");
  writeFileSync(
    script,
    (opts.log ? `import { appendFileSync } from "node:fs";\nappendFileSync(${JSON.stringify(opts.log)}, "run\\n");\n` : "") +
      `const r = await fetch(${JSON.stringify(`${url}/__emulator/code?serial=${encodeURIComponent(serial)}`)});\nconsole.log((await r.json()).code);\n`,
  );
  return `${process.execPath} ${script}`;
}
