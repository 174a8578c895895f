// "This is taking a while" for any awaited work: nothing for a fast call, one notice once it has
// run longer than `afterMs`. `show` may return a function that takes its notice back (a spinner
// clears its line); it runs when the work settles.

export async function noticeWhenSlow<T>(work: () => Promise<T>, show: (() => void | (() => void)) | undefined, afterMs = 1000): Promise<T> {
  if (!show) return work();
  let stop: (() => void) | undefined;
  const timer = setTimeout(() => {
    stop = show() ?? undefined;
  }, afterMs);
  timer.unref(); // the notice never keeps the process alive on its own
  try {
    return await work();
  } finally {
    clearTimeout(timer);
    stop?.();
  }
}

/** A notice for the person at the terminal (/dev/tty), dropped when there is none (CI, pipes). */
export function sayOnTerminal(platform: NodeJS.Platform): (line: string) => void {
  return (line) => {
    void import("./terminal.js").then(({ openTerminal }) => {
      const t = openTerminal(platform);
      t?.say(line);
      t?.close();
    });
  };
}
