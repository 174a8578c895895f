import { host } from "../ports/host.js";
import { spawn } from "node:child_process";
import { AwsMfaError, msg, type Msg } from "../core/errors.js";
import { envMilliseconds } from "../core/duration.js";
import { isSixDigits } from "../core/totp.js";
import type { Terminal } from "../ports/terminal.js";
import type { World } from "../world.js";
import { t as tr } from "../i18n/index.js";

// Where an MFA code comes from. Each source knows whether it can give another code on a retry:
// a person at a terminal or an mfa_process can; a --code flag or one stdin line cannot.

export interface CodeSource {
  readonly kind: "flag" | "terminal" | "stdin" | "process";
  /** attempt is 1-based; `why` says why we ask again. */
  get(attempt: number, why?: string): Promise<string>;
  readonly canRetry: boolean;
}

export function flagCode(code: string): CodeSource {
  if (!isSixDigits(code)) throw new AwsMfaError("BadFlag", msg("sessionCodes.codeValueIsNot", { value: code.length > 12 ? code.slice(0, 12) + "…" : code }));
  return {
    kind: "flag",
    canRetry: false,
    get: async (attempt) => {
      if (attempt > 1) throw new AwsMfaError("InvalidCode", msg("sessionCodes.theMfaCodeGiven"));
      return code;
    },
  };
}

/**
 * Asks on the terminal until the answer is a 6-digit code (spaces ignored), `tries` times at most.
 * `other` may take an answer that is not a code (e.g. `s` to show a new device's secret).
 */
export async function askCode(term: Terminal, question: string, opts: { tries?: number; other?: (answer: string) => boolean } = {}): Promise<string> {
  for (let i = 0; i < (opts.tries ?? 3); i++) {
    let answer: string;
    try {
      answer = (await term.ask(question)).replace(/\s+/g, "");
    } catch {
      throw new AwsMfaError("Aborted", msg("sessionCodes.cancelledAtTheMfa"));
    }
    if (isSixDigits(answer)) return answer;
    if (!opts.other?.(answer)) term.say(tr("sessionCodes.aCodeIsDigits"));
  }
  throw new AwsMfaError("InvalidCode", msg("sessionCodes.noValidDigitMfa"));
}

export function terminalCode(term: Terminal, label: string): CodeSource {
  return {
    kind: "terminal",
    canRetry: true,
    get: async (_attempt, why) => {
      if (why) term.say(why);
      return askCode(term, tr("sessionCodes.askCode", { label }));
    },
  };
}

/** One line from a pipe on stdin (`echo 123456 | awsmfa login`). */
export function stdinCode(readLine: () => Promise<string | undefined>, emptyMessage: Msg): CodeSource {
  return {
    kind: "stdin",
    canRetry: false,
    get: async (attempt) => {
      if (attempt > 1) throw new AwsMfaError("InvalidCode", msg("sessionCodes.theMfaCodeRead"));
      const line = (await readLine())?.trim();
      if (line === undefined || line === "")
        throw new AwsMfaError("NoTerminal", emptyMessage, { hint: msg("sessionCodes.passCodeOrPipe") });
      if (!isSixDigits(line)) throw new AwsMfaError("InvalidCode", msg("sessionCodes.stdinTheMfaCode"));
      return line;
    },
  };
}

export interface MfaProcessOptions {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  profile: string;
  /** Default: AWSMFA_MFA_PROCESS_TIMEOUT_MS, else 60 s (a hardware key may wait for a touch). */
  timeoutMs?: number;
  /** awsmfa's own interruption (Ctrl-C, SIGTERM): the mfa_process and its children go with it. */
  onSignal?: World["onSignal"];
}

/** The profile's mfa_process (aws-vault's key), run through the shell with a timeout. */
export function processCode(command: string, opts: MfaProcessOptions): CodeSource {
  return {
    kind: "process",
    canRetry: true,
    get: () => runMfaProcess(command, opts),
  };
}

/** After SIGTERM, how long the group gets before SIGKILL. */
const KILL_GRACE_MS = 1000;

/**
 * Runs the command in its own process group (a new session: detached) so that at the deadline, or
 * when awsmfa is interrupted, the whole group is killed: `sh -c 'sleep 1000; …'` forks, and a kill
 * of /bin/sh alone would leave its child holding stdout open, and awsmfa waiting on it.
 */
export function runMfaProcess(command: string, opts: MfaProcessOptions): Promise<string> {
  const timeoutMs = opts.timeoutMs ?? envMilliseconds(opts.env, "AWSMFA_MFA_PROCESS_TIMEOUT_MS", 60_000);
  const fail = (why: Msg) =>
    new AwsMfaError("MfaProcessFailed", msg("sessionCodes.mfaProcessForProfile", { profile: opts.profile, why }), { hint: msg("sessionCodes.runItByHand") });
  const posix = opts.platform !== "win32";
  return new Promise((resolve, reject) => {
    const [sh, flag] = posix ? ["/bin/sh", "-c"] : ["cmd.exe", "/d /s /c"];
    const child = spawn(sh, [...flag.split(" "), command], {
      env: opts.env,
      stdio: ["ignore", "pipe", "inherit"],
      detached: posix,
      windowsVerbatimArguments: !posix,
    });
    let out = "";
    let settled = false;
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    const signal = (sig: NodeJS.Signals | 0) => {
      try {
        // A negative pid is the process group (POSIX); Windows has only the child itself.
        if (posix && child.pid) host().signal(-child.pid, sig);
        else child.kill(sig);
        return true;
      } catch {
        return false; // ESRCH: the group is gone
      }
    };
    /** SIGTERM to the group, SIGKILL to whatever is left after the grace; our pipe end is closed. */
    const killGroup = () => {
      if (!signal("SIGTERM")) return;
      const started = Date.now();
      const poll = setInterval(() => {
        if (!signal(0)) clearInterval(poll); // 0 only asks whether the group still exists
        else if (Date.now() - started >= KILL_GRACE_MS) {
          signal("SIGKILL");
          clearInterval(poll);
        }
      }, 50);
    };
    const finish = (err: AwsMfaError | undefined, code?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe?.();
      if (err) reject(err);
      else resolve(code!);
    };
    const stop = (err: AwsMfaError) => {
      killGroup();
      child.stdout.destroy();
      finish(err);
    };
    const timer = setTimeout(() => stop(fail(msg("sessionCodes.timedOutAfterValue", { value: +(timeoutMs / 1000).toFixed(1) }))), timeoutMs);
    const unsubscribe = opts.onSignal?.((sig) =>
      stop(new AwsMfaError("Aborted", msg("sessionCodes.interruptedSigWhileMfa", { sig, profile: opts.profile }))),
    );
    child.on("error", (e) => finish(fail(msg("sessionCodes.couldNotStartMessage", { message: e.message }))));
    child.on("exit", () => {
      // The shell is done; a background child it left may still hold stdout open. Give the pipe a
      // moment to drain, then end the group rather than wait for it.
      setTimeout(() => {
        if (!settled && child.stdout.readable) {
          killGroup();
          child.stdout.destroy();
          done(child.exitCode, child.signalCode);
        }
      }, 300).unref();
    });
    const done = (code: number | null, sig: NodeJS.Signals | null) => {
      if (code !== 0) return finish(fail(sig ? msg("sessionCodes.killedBy", { sig }) : msg("sessionCodes.exitedWith", { code: String(code) })));
      const c = out.trim();
      if (!isSixDigits(c)) return finish(fail(msg("sessionCodes.printedLengthCharactersNot", { length: c.length })));
      finish(undefined, c);
    };
    child.on("close", done);
  });
}
