import type { Env } from "../world.js";

// Colour only where it carries meaning (an error, a session's state), and only for a person:
// escape codes in a log file or a pipe are noise. The conventions, in the order they decide:
//   NO_COLOR set to anything but ""  → never (https://no-color.org; a person's standing choice)
//   FORCE_COLOR = 0 or false         → never
//   FORCE_COLOR set otherwise        → always, even into a pipe (CI logs that render colour)
//   TERM = dumb                      → never
//   otherwise                        → when the stream is a terminal

export function useColor(env: Env, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !/^(0|false)$/i.test(force);
  if (env.TERM === "dumb") return false;
  return isTTY;
}

export interface Paint {
  /** Errors. */
  red(text: string): string;
  /** Warnings, sessions about to expire. */
  yellow(text: string): string;
  /** A valid session. */
  green(text: string): string;
}

// Foreground only, reset with 39 (default foreground) rather than 0, so a colour never cancels
// bold or a background set around it.
const sgr = (code: number) => (text: string) => `\x1b[${code}m${text}\x1b[39m`;
const plain = (text: string) => text;

export function paint(on: boolean): Paint {
  return on ? { red: sgr(31), yellow: sgr(33), green: sgr(32) } : { red: plain, yellow: plain, green: plain };
}
