import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

// A real interactive shell in a detached tmux server of its own (one socket per test file, so
// parallel files never meet), driven by typing and read back through files or the screen.

let counter = 0;

export class TmuxShell {
  readonly socket = `awsmfa-${process.pid}-${++counter}`;

  constructor(
    readonly command: string[],
    readonly env: Record<string, string>,
    readonly cwd: string,
  ) {
    this.tmux(["-f", "/dev/null", "new-session", "-d", "-x", "200", "-y", "50", "-s", "t", "--", ...command]);
    // Long scrollback, so "printed once" counts cover the whole session.
    this.tmux(["set-option", "-g", "history-limit", "50000"]);
  }

  tmux(args: string[]): string {
    return execFileSync("tmux", ["-L", this.socket, ...args], { env: this.env, cwd: this.cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  }

  /** Types a line and presses Enter. */
  type(line: string): void {
    if (line) this.tmux(["send-keys", "-t", "t", "-l", line]);
    this.tmux(["send-keys", "-t", "t", "Enter"]);
  }

  screen(): string {
    return this.tmux(["capture-pane", "-p", "-J", "-S", "-", "-t", "t"]);
  }

  count(text: string): number {
    return this.screen().split(text).length - 1;
  }

  async until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v !== undefined) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 40));
    }
  }

  /** Waits for a file the shell writes, complete once its last line is END. */
  async file(path: string, what = path): Promise<string> {
    return this.until(what, () => {
      if (!existsSync(path)) return undefined;
      const text = readFileSync(path, "utf8");
      return text.endsWith("END\n") ? text : undefined;
    });
  }

  /** Stops the server and waits for the pane's process to be gone (it may still write history). */
  async kill(): Promise<void> {
    let pids: number[] = [];
    try {
      pids = this.tmux(["list-panes", "-a", "-F", "#{pane_pid}"]).split("\n").filter(Boolean).map(Number);
      this.tmux(["kill-server"]);
    } catch {
      // already gone
    }
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const end = Date.now() + 5000;
    while (pids.some(alive) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  }
}
