// Everything a command may touch of the outside world comes in through here, so tests can pass
// fakes and only cli.ts reads process.*. Ports that need I/O (files, STS, terminal) are created
// by the commands from these primitives; they are plain modules with in-memory fakes in tests.

export interface Out {
  write(text: string): void;
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface World {
  readonly argv: readonly string[];
  readonly env: Env;
  readonly cwd: string;
  readonly platform: NodeJS.Platform;
  readonly stdout: Out;
  readonly stderr: Out;
  /** true when stdin is a terminal (then it is not a pipe to read a code from). */
  readonly stdinIsTTY: boolean;
  /** true when stderr is a terminal (colour may be used there); absent = no. */
  readonly stderrIsTTY?: boolean;
  /** stderr's width in columns when it is a terminal that tells (a spinner keeps to one row). */
  readonly stderrColumns?: number;
  /** true when stdout is a terminal (`status` colours its states there); absent = no. */
  readonly stdoutIsTTY?: boolean;
  /** Reads the next line of stdin; undefined at EOF or when stdin is a TTY. */
  readonly readStdinLine: () => Promise<string | undefined>;
  readonly now: () => Date;
  /** How to run this very awsmfa again, absolute (its launcher on PATH, else node + script): for
   *  credential_process lines. See src/ports/launcher.ts. */
  readonly selfCommand: () => readonly string[];
  /** --debug: stack traces with errors, and why each credential step was taken. */
  readonly debug?: boolean;
  /**
   * The AWS config file as the thin entry (cli.ts) already read it in this run (text undefined: no
   * such file): a warm credential-process that missed hands it on, so the file is read once.
   */
  readonly configRead?: { readonly file: string; readonly text: string | undefined };
  /** Called for signals forwarded to children (exec). */
  readonly onSignal?: (handler: (sig: NodeJS.Signals) => void) => () => void;
}
