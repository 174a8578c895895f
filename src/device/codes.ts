import { AwsMfaError, msg, type Msg } from "../core/errors.js";
import type { Terminal } from "../ports/terminal.js";
import type { World } from "../world.js";
import { askCode } from "../session/codes.js";
import { checkTwoCodes } from "./otpauth.js";
import { t as tr } from "../i18n/index.js";

// Where the two consecutive codes of EnableMFADevice / ResyncMFADevice come from: flags (scripts),
// the terminal (a person, who may retry), or two lines of stdin (a pipe).

export interface TwoCodeSource {
  readonly kind: "flag" | "terminal" | "stdin";
  readonly canRetry: boolean;
  get(attempt: number, why?: string): Promise<[string, string]>;
}

export interface TwoCodeOptions {
  code1?: string;
  code2?: string;
  /** The device, named in prompts. */
  label: string;
  /** On the terminal, typing `s` at the first prompt shows this (the seed of a new virtual device). */
  secret?: string;
  noInputMessage: Msg;
}

export function chooseTwoCodes(world: World, term: Terminal | undefined, o: TwoCodeOptions): TwoCodeSource {
  if (o.code1 !== undefined || o.code2 !== undefined) {
    if (o.code1 === undefined || o.code2 === undefined) throw new AwsMfaError("BadFlag", msg("deviceCodes.codeAndCodeGo"));
    const codes = checkTwoCodes(o.code1, o.code2, "--code1/--code2");
    return {
      kind: "flag",
      canRetry: false,
      get: async (attempt) => {
        if (attempt > 1) throw new AwsMfaError("InvalidCode", msg("deviceCodes.theCodesGivenWith"));
        return codes;
      },
    };
  }
  if (term) return terminalTwoCodes(term, o);
  if (!world.stdinIsTTY)
    return {
      kind: "stdin",
      canRetry: false,
      get: async (attempt) => {
        if (attempt > 1) throw new AwsMfaError("InvalidCode", msg("deviceCodes.theCodesReadFrom"));
        const c1 = (await world.readStdinLine())?.trim();
        const c2 = (await world.readStdinLine())?.trim();
        if (!c1 || !c2) throw new AwsMfaError("NoTerminal", o.noInputMessage, { hint: msg("deviceCodes.passCodeAndCode") });
        return checkTwoCodes(c1, c2, "stdin");
      },
    };
  throw new AwsMfaError("NoTerminal", o.noInputMessage, { hint: msg("deviceCodes.passCodeAndCode") });
}

function terminalTwoCodes(term: Terminal, o: TwoCodeOptions): TwoCodeSource {
  const showSecret = (a: string) => {
    if (!o.secret || !/^s(ecret)?$/i.test(a)) return false;
    // Shown on the terminal only: stdout may be a log, and a seed there is a stolen device.
    term.say(tr("deviceCodes.secretKeyTypeIt", { secret: o.secret }));
    return true;
  };
  const ask = (q: string, allowSecret: boolean) => askCode(term, q, { tries: 5, other: allowSecret ? showSecret : undefined });
  return {
    kind: "terminal",
    canRetry: true,
    get: async (_attempt, why) => {
      if (why) term.say(why);
      const c1 = await ask(tr(o.secret ? "deviceCodes.firstCodeOrSecret" : "deviceCodes.firstCode", { label: o.label }), true);
      term.say(tr("deviceCodes.nowWaitUntilThe"));
      for (;;) {
        const c2 = await ask(tr("deviceCodes.nextCode", { label: o.label }), false);
        if (c2 !== c1) return [c1, c2];
        term.say(tr("deviceCodes.thatIsTheSame"));
      }
    },
  };
}

/** Enable/Resync with retries at the terminal; each try asks for two fresh codes. */
export async function withTwoCodes(source: TwoCodeSource, call: (c1: string, c2: string) => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const [c1, c2] = await source.get(attempt, attempt > 1 ? "AWS rejected those codes; try two new consecutive codes" : undefined);
    try {
      return await call(c1, c2);
    } catch (e) {
      if (!(e instanceof AwsMfaError) || e.code !== "InvalidCode" || !source.canRetry || attempt >= 3) throw e;
    }
  }
}
