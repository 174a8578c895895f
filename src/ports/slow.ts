import { closeSync, openSync, writeSync } from "node:fs";
import type { Env, Out, World } from "../world.js";
import { host } from "./host.js";

// "This is taking a while", in one place for every wait of awsmfa (an STS or IAM call, another
// awsmfa's refresh): WHEN a notice shows (nothing for a fast wait, once it has lasted `afterMs`)
// and HOW (a spinner on stderr when stderr is a terminal that can redraw a line, else the one-line
// notice on the terminal, as before spinners existed).

/** Shows a notice; what it returns, if a function, takes the notice back (a spinner clears its line). */
export type Show = () => unknown;

/**
 * A notice that shows once `afterMs` after the first start() and is taken back by done(). start()
 * may be called by many waits of one command (the lock, the warm path): one notice in all.
 */
export function delayedNotice(show: Show, afterMs = 1000): { start: () => void; done: () => void } {
  let timer: NodeJS.Timeout | undefined;
  let shown = false;
  let stop: (() => void) | undefined;
  return {
    start: () => {
      if (timer || shown) return;
      timer = setTimeout(() => {
        shown = true;
        const r = show();
        stop = typeof r === "function" ? (r as () => void) : undefined;
      }, afterMs);
      timer.unref(); // the notice never keeps the process alive on its own
    },
    done: () => {
      clearTimeout(timer);
      const s = stop;
      stop = undefined;
      s?.();
    },
  };
}

/** Runs `work`, with `show`'s notice if it takes over `afterMs`, taken back when it settles. */
export async function noticeWhenSlow<T>(work: () => Promise<T>, show: Show | undefined, afterMs = 1000): Promise<T> {
  if (!show) return work();
  const n = delayedNotice(show, afterMs);
  n.start();
  try {
    return await work();
  } finally {
    n.done();
  }
}

/** What `slowNotice` needs of the world: where stderr goes and whether it is a terminal. */
export interface SlowSink {
  env: Env;
  stderr: Out;
  stderrIsTTY?: boolean;
  /** stderr's width, when it is a terminal that tells. */
  stderrColumns?: number;
  /** Where a spinner hears Ctrl-C, to erase its line before the process ends. */
  onSignal?: World["onSignal"];
}

/** Braille dots: one cell wide everywhere, CJK terminals included (unlike ◐ or ⣾ in some fonts). */
export const SPINNER_FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const FRAME_MS = 100;
/** Back to the start of the line and erase it: what remains after a spinner is nothing. */
export const CLEAR_LINE = "\r\x1b[K";

/**
 * Whether a notice may animate: stderr is a terminal that can redraw a line. NO_COLOR does not
 * stop it (a spinner is not colour); TERM=dumb (Emacs shell buffers, some CI consoles) does, since
 * \r and erase-line come out there as junk.
 */
export function animates(w: SlowSink): boolean {
  return w.stderrIsTTY === true && w.env.TERM !== "dumb";
}

/**
 * The one decision of how a slow wait shows. Returns a function that shows `text` and may take it
 * back: on a terminal stderr, a spinner redrawn in place on one line and erased when the wait ends;
 * otherwise `line(text)` once, unchanged (the terminal, or nothing where there is none).
 * `animate: false` for a wait on another awsmfa: that one may be asking for an MFA code on this
 * same terminal (make -j, `a & b`), and a line redrawn ten times a second would run over its prompt.
 */
export function slowNotice(w: SlowSink, line: (text: string) => void, opts: { animate?: boolean } = {}): (text: string) => void | (() => void) {
  if (opts.animate === false || !animates(w)) return (text) => line(text);
  return (text) => spinner(w.stderr, text, w.stderrColumns, w.onSignal);
}

function spinner(out: Out, text: string, columns: number | undefined, onSignal: SlowSink["onSignal"]): () => void {
  // One row only: a line that wraps cannot be redrawn with \r, so the text is cut to the width
  // (less one column, which some terminals wrap on).
  const room = Math.max(0, (columns && columns > 0 ? columns : 80) - 3);
  const shown = [...text].length > room ? [...text].slice(0, Math.max(0, room - 1)).join("") + "…" : text;
  let i = 0;
  const draw = () => out.write(`${CLEAR_LINE}${SPINNER_FRAMES[i++ % SPINNER_FRAMES.length]} ${shown}`);
  draw();
  const timer = setInterval(draw, FRAME_MS);
  timer.unref();
  const stop = () => {
    clearInterval(timer);
    off?.();
    out.write(CLEAR_LINE);
  };
  // Ctrl-C during the wait: the line is erased, then the signal is raised again with our handler
  // gone, so the process ends as it would have (killed by the signal: the shell's 130) and the
  // prompt does not start after a half-drawn spinner.
  const off = onSignal?.((sig) => {
    stop();
    host().signal(host().pid, sig);
  });
  return stop;
}

/**
 * A notice for the person at the terminal (/dev/tty, CONOUT$ on Windows); where there is none (CI,
 * pipes), `orElse` gets it, or it is dropped. The terminal is opened for writing only: a notice
 * that opened it for reading too (a tty.ReadStream starts reading at once) could take keys the
 * person was typing at another prompt of this process, a passphrase for one.
 */
export function sayOnTerminal(platform: NodeJS.Platform, orElse?: (line: string) => void): (line: string) => void {
  return (line) => {
    let fd: number;
    try {
      fd = openSync(platform === "win32" ? "CONOUT$" : "/dev/tty", "w");
    } catch {
      return orElse?.(line);
    }
    try {
      writeSync(fd, line.endsWith("\n") ? line : line + "\n");
    } catch {
      // the terminal went away meanwhile: a notice is not worth an error
    } finally {
      closeSync(fd);
    }
  };
}
