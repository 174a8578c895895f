import { hotp, STEP_SECONDS, timeStep } from "../core/totp.js";
import type { MfaDevice } from "./state.js";

// TOTP checks against a device: RFC 6238 with SHA-1, 30 s steps, 6 digits, ±1 step of tolerance,
// and each step accepted at most once per device (a replayed code is as bad as a wrong one).

export interface CodeCheck {
  nowMs: number;
  allowReuse: boolean;
}

/** Accepts and consumes `code`, or returns false. */
export function acceptCode(dev: MfaDevice, code: string, check: CodeCheck): boolean {
  const now = timeStep(check.nowMs) + dev.driftSteps;
  for (let d = -1; d <= 1; d++) {
    const step = now + d;
    if (hotp(dev.key, step) !== code) continue;
    if (dev.usedSteps.has(step) && !check.allowReuse) return false;
    dev.usedSteps.add(step);
    return true;
  }
  return false;
}

/**
 * Two consecutive codes, as EnableMFADevice and ResyncMFADevice want them. `window` is how many
 * steps around now the first code may be from (resync searches far, enable stays close).
 * Returns the second code's step.
 */
export function findConsecutive(dev: MfaDevice, code1: string, code2: string, nowMs: number, before: number, after: number): number | undefined {
  const now = timeStep(nowMs) + dev.driftSteps;
  for (let d = -before; d <= after; d++) {
    const step = now + d;
    if (hotp(dev.key, step) === code1 && hotp(dev.key, step + 1) === code2) return step + 1;
  }
  return undefined;
}

/** A code for a step within the window that the device has not accepted yet (tests and the demo). */
export function unusedCode(dev: MfaDevice, nowMs: number, minLifeMs = 10_000): string | undefined {
  const now = timeStep(nowMs) + dev.driftSteps;
  // Longest-lived first: the code of step now+d verifies until step now+d+1 ends. A test may take
  // seconds (a Python CLI start) before the code arrives, so a code about to expire is not handed out.
  for (const d of [1, 0, -1]) {
    const lifeMs = (timeStep(nowMs) + d + 2) * STEP_MS - nowMs;
    if (!dev.usedSteps.has(now + d) && lifeMs >= minLifeMs) return hotp(dev.key, now + d);
  }
  return undefined;
}

export const STEP_MS = STEP_SECONDS * 1000;
