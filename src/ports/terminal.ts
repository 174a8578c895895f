import { openSync } from "node:fs";
import type { Interface } from "node:readline";
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

// ONE terminal per process, shared by every caller and closed when the last caller closes it. A
// second ReadStream on /dev/tty (keys add: the command's terminal asks the key, then the encrypted
// file's own asks the passphrase) was a second reader of the same keystrokes: between questions a
// paused stream still has a read pending (pause stops the flow, not libuv's read; the stream stops
// reading only once a chunk is buffered), so keys typed during the network call, or the moment the
// next prompt appeared (before the new stream's first read was armed), went to the idle terminal,
// which buffered them unseen: the prompt waited for ever. With one reader, whatever it reads while
// paused is the next question's answer.
let shared: { term: Terminal; users: number } | undefined;

/** Opens the controlling terminal, or returns undefined when there is none (CI, cron, IDE tasks). */
export function openTerminal(platform: NodeJS.Platform): Terminal | undefined {
  if (!shared) {
    const term = openTty(platform);
    if (!term) return undefined;
    shared = { term, users: 0 };
  }
  const s = shared;
  s.users++;
  let open = true;
  return {
    ask: (q) => s.term.ask(q),
    askSecret: (q) => s.term.askSecret(q),
    say: (line) => s.term.say(line),
    columns: () => s.term.columns?.(),
    close: () => {
      if (!open) return;
      open = false;
      if (--s.users > 0) return;
      if (shared === s) shared = undefined;
      s.term.close();
    },
  };
}

function openTty(platform: NodeJS.Platform): Terminal | undefined {
  let inFd: number;
  let outFd: number;
  try {
    if (platform === "win32") {
      inFd = openSync("CONIN$", "r");
      outFd = openSync("CONOUT$", "w");
    } else {
      inFd = openSync("/dev/tty", "r");
      outFd = openSync("/dev/tty", "w");
    }
  } catch {
    return undefined;
  }
  // Required here, not imported: readline, tty and the streams cost 3–4 ms to load, and most runs
  // that load this module never open the terminal (an mfa_process, a cached session).
  const tty = require("node:tty") as typeof import("node:tty");
  const readline = require("node:readline") as typeof import("node:readline");
  const { Writable } = require("node:stream") as typeof import("node:stream");
  const input = new tty.ReadStream(inFd);
  const output = new tty.WriteStream(outFd);
  let closed = false;
  // ONE readline for the terminal's life: a new interface per question on the same stream lost the
  // answer typed at the next prompt now and then (seen in keys add's passphrase pair). Echo goes
  // through `echo`, muted for secrets (line editing still works, nothing reaches the screen or a
  // terminal recording). Between questions the terminal is cooked again, so Ctrl-C during a
  // network call still interrupts awsmfa.
  let muted = false;
  const echo = new Writable({
    write: (chunk, _enc, done) => {
      if (!muted) output.write(chunk);
      done();
    },
  });
  let rl: Interface | undefined;
  let pending: ((e: Error) => void) | undefined;
  const question = (prompt: string, secret: boolean) =>
    new Promise<string>((resolve, reject) => {
      if (!rl) {
        rl = readline.createInterface({ input, output: echo, terminal: true });
        rl.on("SIGINT", () => {
          output.write("\n");
          pending?.(Object.assign(new Error("interrupted"), { code: "EINTERRUPTED" }));
        });
      } else input.setRawMode(true);
      const done = () => {
        pending = undefined;
        muted = false;
        rl!.pause();
        input.setRawMode(false);
      };
      pending = (e) => {
        done();
        reject(e);
      };
      // The prompt shows only once readline holds the terminal (raw, no echo of its own): a person
      // who types the moment it appears must never see a secret echoed by the cooked terminal.
      muted = secret;
      if (secret) output.write(prompt);
      rl.question(secret ? "" : prompt, (answer) => {
        done();
        if (secret) output.write("\n");
        resolve(answer);
      });
    });
  return {
    ask: async (q) => (await question(q, false)).trim(),
    askSecret: (q) => question(q, true),
    say: (line) => void output.write(line.endsWith("\n") ? line : line + "\n"),
    // Read at each call: the person may resize the pane between prompts.
    columns: () => output.columns || undefined,
    close: () => {
      if (closed) return;
      closed = true;
      rl?.close();
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
