// The language choice and the template filling, pure (table-tested in test/unit/i18n.test.ts).
// The catalogues themselves live in src/i18n/ (en.ts, ja.ts) and are read through src/i18n/index.ts;
// nothing here imports them, so the thin entry (dist/cli.js) never carries a catalogue.

/** "qps" is a pseudo-language for tests only: every catalogue text comes out wrapped in ⟦…⟧. */
export type Lang = "en" | "ja" | "qps";

type Env = Readonly<Record<string, string | undefined>>;

/** "ja", "ja_JP", "ja_JP.UTF-8", "ja_JP@x" → ja; "en…" → en; anything else (C, POSIX, fr_FR) → undefined. */
function localeLang(value: string): "en" | "ja" | undefined {
  const base = value.trim().split(/[_.@-]/)[0]!.toLowerCase();
  return base === "ja" ? "ja" : base === "en" ? "en" : undefined;
}

/**
 * AWSMFA_LANG wins (ja, en, or the test-only qps); otherwise gettext's order: the first of LC_ALL,
 * LC_MESSAGES, LANG that is set and non-empty decides, and only a Japanese locale selects Japanese.
 */
export function chooseLanguage(env: Env): Lang {
  const forced = env.AWSMFA_LANG?.trim().toLowerCase();
  if (forced === "qps") return "qps";
  if (forced) {
    const l = localeLang(forced);
    if (l) return l;
  }
  for (const name of ["LC_ALL", "LC_MESSAGES", "LANG"] as const) {
    const v = env[name];
    if (v) return localeLang(v) ?? "en";
  }
  return "en";
}

/** Fills `{name}` placeholders; a name with no value stays as written (a catalogue test catches it). */
export function fill(template: string, params: Readonly<Record<string, string>> | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (Object.hasOwn(params, name) ? params[name]! : m));
}

/** The pseudo-language: each non-empty line wrapped, so a test sees which text came from a catalogue. */
export function pseudo(text: string): string {
  return text
    .split("\n")
    .map((l) => (l.trim() === "" ? l : `⟦${l}⟧`))
    .join("\n");
}

/** The `{name}` placeholders of a template, sorted (both catalogues must agree on them). */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}
