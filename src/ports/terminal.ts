import fs from "node:fs";
import tty from "node:tty";
import readline from "node:readline";
import { Writable } from "node:stream";
import type { Out } from "../world.js";

// Prompts go to the terminal itself, never stdout/stderr: the AWS CLI captures credential_process's
// stderr and the JS SDK gives it no stdin, so only /dev/tty (CONIN$/CONOUT$ on Windows) reaches a person.

export interface Terminal {
  ask(question: string): Promise<string>;
  /** Like ask, but what is typed is not echoed (a secret key, a passphrase); the answer is not trimmed. */
  askSecret(question: string): Promise<string>;
  say(line: string): void;
  /** The terminal's width in columns, when it tells (what a QR code may use). */
  columns?(): number | undefined;
  close(): void;
}

/** Opens the controlling terminal, or returns undefined when there is none (CI, cron, IDE tasks). */
export function openTerminal(platform: NodeJS.Platform): Terminal | undefined {
  let inFd: number;
  let outFd: number;
  try {
    if (platform === "win32") {
      inFd = fs.openSync("CONIN$", "r");
      outFd = fs.openSync("CONOUT$", "w");
    } else {
      inFd = fs.openSync("/dev/tty", "r");
      outFd = fs.openSync("/dev/tty", "w");
    }
  } catch {
    return undefined;
  }
  const input = new tty.ReadStream(inFd);
  const output = new tty.WriteStream(outFd);
  let closed = false;
  return {
    ask: (question) =>
      new Promise<string>((resolve, reject) => {
        const rl = readline.createInterface({ input, output, terminal: true });
        rl.on("SIGINT", () => {
          rl.close();
          output.write("\n");
          reject(Object.assign(new Error("interrupted"), { code: "EINTERRUPTED" }));
        });
        rl.question(question, (answer) => {
          rl.close();
          resolve(answer.trim());
        });
      }),
    askSecret: (question) =>
      new Promise<string>((resolve, reject) => {
        // readline echoes every key it reads to its output; a sink in between keeps the secret off
        // the screen (and out of any terminal recording) while line editing still works. The
        // prompt is shown only once readline holds the terminal (raw, no echo): a person who
        // types the moment it appears must never see the secret echoed by the cooked terminal.
        const sink = new Writable({ write: (_chunk, _enc, done) => done() });
        const rl = readline.createInterface({ input, output: sink, terminal: true });
        output.write(question);
        rl.on("SIGINT", () => {
          rl.close();
          output.write("\n");
          reject(Object.assign(new Error("interrupted"), { code: "EINTERRUPTED" }));
        });
        rl.question("", (answer) => {
          rl.close();
          output.write("\n");
          resolve(answer);
        });
      }),
    say: (line) => void output.write(line.endsWith("\n") ? line : line + "\n"),
    // Read at each call: the person may resize the pane between prompts.
    columns: () => output.columns || undefined,
    close: () => {
      if (closed) return;
      closed = true;
      input.destroy();
      output.destroy();
    },
  };
}

export interface LazyTerminal {
  get(): Terminal | undefined;
  /** A line for the person: on the terminal when there is one, else on stderr. */
  tell(line: string): void;
  close(): void;
}

/** The terminal, opened on first use (opening /dev/tty is not free) and closed by the command. */
export function lazyTerminal(world: { platform: NodeJS.Platform; stderr: Out }): LazyTerminal {
  let t: Terminal | undefined | null = null;
  const get = () => (t === null ? (t = openTerminal(world.platform)) : t);
  return {
    get,
    tell: (line) => {
      const term = get();
      if (term) term.say(line);
      else world.stderr.write(line.endsWith("\n") ? line : line + "\n");
    },
    close: () => t?.close(),
  };
}
