// The one way user-facing text is produced: t(id, params) for messages, th(key, english) for help
// text from a command definition. The language is chosen once per run (main.ts calls useLanguage
// before anything prints); the Japanese catalogue is loaded only when Japanese is selected.
import { chooseLanguage, fill, pseudo, type Lang } from "../core/i18n.js";
import { renderMsg, setMessageRenderer, type Msg, type Params } from "../core/errors.js";
import { en, type MsgId } from "./en.js";

export type { MsgId };

declare const require: ((id: string) => unknown) | undefined;
// Set by build.mjs in the bundles only.
declare const __AWSMFA_BUNDLE__: true | undefined;

let lang: Lang = "en";
let table: Readonly<Record<MsgId, string>> = en;
let help: Readonly<Record<string, string>> = {};

function render(template: string, params: Params | undefined): string {
  const values = params && Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === "object" ? renderMsg(v) : String(v)]));
  const text = fill(template, values);
  return lang === "qps" ? pseudo(text) : text;
}

/** A catalogue message in the chosen language. */
export function t(id: MsgId, params?: Params): string {
  return render(table[id], params);
}

/** Help text of a command definition: the English as written, or its translation under `key`. */
export function th(key: string, english: string): string {
  return lang === "qps" ? pseudo(english) : (help[key] ?? english);
}

export function language(): Lang {
  return lang;
}

/**
 * Machine output (--json) never changes with the language: the messages it carries (an error text
 * in `keys list --json`, a check's message in `doctor --json`) are English. A command that prints
 * JSON calls this before it builds the output; its errors on stderr are then English too.
 */
export function machineOutput(): void {
  lang = "en";
  table = en;
  help = {};
}

/** Chooses the language from the environment (AWSMFA_LANG, then LC_ALL, LC_MESSAGES, LANG). */
export async function useLanguage(env: Readonly<Record<string, string | undefined>>): Promise<Lang> {
  lang = chooseLanguage(env);
  if (lang === "ja") {
    // Bundled, this is CommonJS and dist/ja.js a file beside it: require() it, as an import() would
    // start Node's ES module loader (~25 ms). The sources run as ES modules in the tests.
    const ja = typeof __AWSMFA_BUNDLE__ !== "undefined" && require ? (require("./ja.js") as typeof import("./ja.js")) : await import("./ja.js");
    table = ja.ja;
    help = ja.jaHelp;
  } else {
    table = en;
    help = {};
  }
  return lang;
}

setMessageRenderer((m: Msg) => t(m.id, m.params));
