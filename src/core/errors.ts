// Typed errors: every failure the user can meet has a stable code and a documented exit code.
// Only main.ts prints them (one line on stderr); --debug adds the stack.
//
// An error holds a catalogue message (id + params), not text: the text is rendered in the user's
// language when read (src/i18n/index.ts installs the renderer). The modules the thin entry shares
// (ini, resolve, profile) build errors too, and must not carry a catalogue into dist/cli.js.
import type { MsgId } from "../i18n/en.js";

export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2, // bad flag, bad flag value, unknown command
  config: 3, // malformed file, missing mfa_serial / long-term key, refusing to overwrite a long-term key
  mfa: 4, // MFA code rejected, reused, wrong serial, no code available
  auth: 5, // AWS refused the key: InvalidClientTokenId, SignatureDoesNotMatch, clock skew, ExpiredToken
  network: 6, // endpoint unreachable, timeout, throttling or 5xx after retries
  noTerminal: 7, // a code is needed and there is no terminal, stdin or mfa_process to get it from
  trust: 8, // an .awsmfa file is invalid (allow, edit)
  cannotExecute: 126, // exec: the command exists but cannot be run (as env and sudo report it)
  commandNotFound: 127, // exec: no such command (as env and sudo report it)
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type ErrorCode =
  | "Usage"
  | "BadFlag"
  | "MalformedFile"
  | "MissingMfaSerial"
  | "MissingLongTermKey"
  | "KeyStoreUnavailable"
  | "KeyFileRejected"
  | "LongTermKeyInSessionSection"
  | "StaticKeysBeatProcess"
  | "InvalidCode"
  | "CodeReused"
  | "WrongSerial"
  | "MfaProcessFailed"
  | "NoTerminal"
  | "InvalidClientTokenId"
  | "SignatureDoesNotMatch"
  | "ClockSkew"
  | "ExpiredToken"
  | "AccessDenied"
  | "Throttled"
  | "ServiceError"
  | "Network"
  | "InvalidDotfile"
  | "Nested"
  | "NotFound"
  | "Conflict"
  | "FileAccess"
  | "Aborted"
  | "CannotExecute"
  | "CommandNotFound"
  | "Internal";

const exitFor: Record<ErrorCode, ExitCode> = {
  Usage: EXIT.usage,
  BadFlag: EXIT.usage,
  MalformedFile: EXIT.config,
  MissingMfaSerial: EXIT.config,
  MissingLongTermKey: EXIT.config,
  KeyStoreUnavailable: EXIT.config,
  KeyFileRejected: EXIT.config,
  LongTermKeyInSessionSection: EXIT.config,
  StaticKeysBeatProcess: EXIT.config,
  InvalidCode: EXIT.mfa,
  CodeReused: EXIT.mfa,
  WrongSerial: EXIT.mfa,
  MfaProcessFailed: EXIT.mfa,
  NoTerminal: EXIT.noTerminal,
  InvalidClientTokenId: EXIT.auth,
  SignatureDoesNotMatch: EXIT.auth,
  ClockSkew: EXIT.auth,
  ExpiredToken: EXIT.auth,
  AccessDenied: EXIT.auth,
  Throttled: EXIT.network,
  ServiceError: EXIT.network,
  Network: EXIT.network,
  InvalidDotfile: EXIT.trust,
  Nested: EXIT.usage,
  NotFound: EXIT.config,
  Conflict: EXIT.config,
  FileAccess: EXIT.config, // a folder, FIFO or huge file where a file should be; permissions; a symlink loop
  Aborted: EXIT.interrupted,
  CannotExecute: EXIT.cannotExecute,
  CommandNotFound: EXIT.commandNotFound,
  Internal: EXIT.internal,
};

/** A parameter: plain text (names, paths, numbers) or another message, rendered in turn. */
export type Param = string | number | Msg;
export type Params = Readonly<Record<string, Param>>;
/** A catalogue message: its id in src/i18n/en.ts (a typo is a compile error) and its values. */
export interface Msg {
  readonly id: MsgId;
  readonly params?: Params;
}

export const msg = (id: MsgId, params?: Params): Msg => (params ? { id, params } : { id });

// Until src/i18n/index.ts installs the catalogue renderer (it does on import, main.ts imports it):
// the id and values, never an empty message.
let renderer: (m: Msg) => string = (m) => (m.params ? `${m.id} ${JSON.stringify(m.params)}` : m.id);

export function setMessageRenderer(render: (m: Msg) => string): void {
  renderer = render;
}

export function renderMsg(m: Msg): string {
  return renderer(m);
}

export class AwsMfaError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;
  readonly msg: Msg;
  readonly hintMsg?: Msg;
  declare readonly hint?: string;
  constructor(code: ErrorCode, message: Msg, opts: { hint?: Msg; cause?: unknown } = {}) {
    super(undefined, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "AwsMfaError";
    this.code = code;
    this.exitCode = exitFor[code];
    this.msg = message;
    this.hintMsg = opts.hint;
  }
}
// Accessors on the prototype: the text is rendered in the language chosen when it is read.
Object.defineProperty(AwsMfaError.prototype, "message", {
  get(this: AwsMfaError) {
    return renderer(this.msg);
  },
});
/** A second line of advice printed after the message (still no secrets). */
Object.defineProperty(AwsMfaError.prototype, "hint", {
  get(this: AwsMfaError) {
    return this.hintMsg && renderer(this.hintMsg);
  },
});

export const usage = (message: Msg, hint?: Msg) => new AwsMfaError("Usage", message, { hint });
export const badFlag = (flag: string, why: Msg) => new AwsMfaError("BadFlag", msg("flag.bad", { flag, why }));

export function isAwsMfaError(e: unknown): e is AwsMfaError {
  return e instanceof AwsMfaError;
}
