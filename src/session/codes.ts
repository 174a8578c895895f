import { spawn } from "node:child_process";
import { AwsMfaError } from "../core/errors.js";
import { isSixDigits } from "../core/totp.js";
import type { Terminal } from "../ports/terminal.js";

// Where an MFA code comes from. Each source knows whether it can give another code on a retry:
// a person at a terminal or an mfa_process can; a --code flag or one stdin line cannot.

export interface CodeSource {
  readonly kind: "flag" | "terminal" | "stdin" | "process";
  /** attempt is 1-based; `why` says why we ask again. */
  get(attempt: number, why?: string): Promise<string>;
  readonly canRetry: boolean;
}

export function flagCode(code: string): CodeSource {
  if (!isSixDigits(code)) throw new AwsMfaError("BadFlag", `--code: '${code.length > 12 ? code.slice(0, 12) + "…" : code}' is not a 6-digit code`);
  return {
    kind: "flag",
    canRetry: false,
    get: async (attempt) => {
      if (attempt > 1) throw new AwsMfaError("InvalidCode", "the MFA code given with --code was rejected");
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
      throw new AwsMfaError("Aborted", "cancelled at the MFA prompt");
    }
    if (isSixDigits(answer)) return answer;
    if (!opts.other?.(answer)) term.say("a code is 6 digits; try again");
  }
  throw new AwsMfaError("InvalidCode", "no valid 6-digit MFA code was entered");
}

export function terminalCode(term: Terminal, label: string): CodeSource {
  return {
    kind: "terminal",
    canRetry: true,
    get: async (_attempt, why) => {
      if (why) term.say(why);
      return askCode(term, `MFA code for ${label}: `);
    },
  };
}

/** One line from a pipe on stdin (`echo 123456 | awsmfa login`). */
export function stdinCode(readLine: () => Promise<string | undefined>, emptyMessage: string): CodeSource {
  return {
    kind: "stdin",
    canRetry: false,
    get: async (attempt) => {
      if (attempt > 1) throw new AwsMfaError("InvalidCode", "the MFA code read from stdin was rejected");
      const line = (await readLine())?.trim();
      if (line === undefined || line === "")
        throw new AwsMfaError("NoTerminal", emptyMessage, { hint: "pass --code 123456, or pipe the code on stdin" });
      if (!isSixDigits(line)) throw new AwsMfaError("InvalidCode", "stdin: the MFA code must be 6 digits");
      return line;
    },
  };
}

/** The profile's mfa_process (aws-vault's key), run through the shell with a timeout. */
export function processCode(command: string, opts: { env: NodeJS.ProcessEnv; platform: NodeJS.Platform; profile: string; timeoutMs?: number }): CodeSource {
  return {
    kind: "process",
    canRetry: true,
    get: () => runMfaProcess(command, opts),
  };
}

export function runMfaProcess(
  command: string,
  opts: { env: NodeJS.ProcessEnv; platform: NodeJS.Platform; profile: string; timeoutMs?: number },
): Promise<string> {
  const timeoutMs = opts.timeoutMs ?? 60_000; // a hardware key may wait for a touch
  const fail = (why: string) =>
    new AwsMfaError("MfaProcessFailed", `mfa_process for profile ${opts.profile} ${why}`, { hint: "run it by hand to see what it prints" });
  return new Promise((resolve, reject) => {
    const [sh, flag] = opts.platform === "win32" ? ["cmd.exe", "/d /s /c"] : ["/bin/sh", "-c"];
    const child = spawn(sh, [...flag.split(" "), command], { env: opts.env, stdio: ["ignore", "pipe", "inherit"], windowsVerbatimArguments: opts.platform === "win32" });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(fail(`timed out after ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(fail(`could not start: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return reject(fail(signal ? `was killed by ${signal}` : `exited with status ${code}`));
      const c = out.trim();
      if (!isSixDigits(c)) return reject(fail(`printed ${c.length} characters, not a 6-digit code`));
      resolve(c);
    });
  });
}
