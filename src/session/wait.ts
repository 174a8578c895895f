import { delayedNotice, slowNotice, type Show, type SlowSink } from "../ports/slow.js";
import type { Env } from "../world.js";
import { msg, renderMsg } from "../core/errors.js";

// One wait per command. A refresh held by another process may wait on a person typing a code, so
// waiting is allowed, but only once: the warm path, the MFA step and the lock all draw on the
// same deadline and the same notice, instead of each starting its own 130 s wait and its own
// "waiting…" line (a dead holder whose pid was reused once cost 3 × 130 s and two notices).

/** How long a process waits for another one's refresh: that one may be waiting on a person. */
export const HOLDER_WAIT_MS = 130_000;

/** The wait, from AWSMFA_LOCK_WAIT_SECONDS when set (scripts that would rather fail fast), else 130 s. */
export function holderWaitMs(env: Env): number {
  const s = env.AWSMFA_LOCK_WAIT_SECONDS;
  return s !== undefined && /^\d+(\.\d+)?$/.test(s.trim()) ? Math.round(Number(s) * 1000) : HOLDER_WAIT_MS;
}

// A catalogue message, rendered when said: this module is also in the thin entry, which carries no
// catalogue (and never says this notice: it hands a long wait to the full path).
export const renewingNotice = (profile: string) => renderMsg(msg("wait.renewing", { profile }));

// A notice only if a wait lasts over a second (delayedNotice): a refresh by mfa_process takes a
// fraction of a second, and fifteen "waiting" lines for it would only be noise; one waiting on a
// person is not. The timing is src/ports/slow.ts's, shared with the "waiting for <endpoint>…" notice.

/** The single budget every wait of one command draws on. */
export interface WaitBudget {
  /** Milliseconds left until the deadline (never negative). */
  left(): number;
  /** Called by every wait when it starts waiting: the notice is said at most once. */
  onWait(): void;
  /** True once any wait has waited (a result may have appeared meanwhile). */
  readonly waited: boolean;
  done(): void;
}

export function waitBudget(totalMs: number, now: () => number, notice: Show): WaitBudget {
  const deadline = now() + totalMs;
  const slow = delayedNotice(notice);
  let waited = false;
  return {
    left: () => Math.max(0, deadline - now()),
    onWait: () => {
      waited = true;
      slow.start();
    },
    get waited() {
      return waited;
    },
    done: slow.done,
  };
}

/** The one wait budget of a command, saying its notice through `tell`. */
export function commandWait(world: SlowSink, profile: string, tell: (line: string) => void): WaitBudget {
  // How it shows is slow.ts's decision; never animated: the holder may be prompting on this terminal.
  const show = slowNotice(world, tell, { animate: false });
  // Real time, not world.now: the lock waits it bounds are measured on the real clock too.
  return waitBudget(holderWaitMs(world.env), Date.now, () => show(renewingNotice(profile)));
}
