import { EXIT } from "../core/errors.js";
import { t, th, type MsgId } from "../i18n/index.js";
import { allFlags, exampleComment, HELP_FLAG, helpTexts, type CommandSpec, type FlagDef } from "./spec.js";

// --help, rendered from the one command definition (spec.ts) in the user's language: the English
// text is the definition's own, its translation sits in the catalogue under the keys helpTexts
// derives. A module of its own so that the thin entry, which parses flags through spec.ts, never
// carries a catalogue.

/** The usual meaning of each exit code (README "Exit codes"); a command may say it more precisely. */
export function exitMeaning(code: number): string {
  const id = `exit.${code}` as MsgId;
  return id in EXIT_IDS ? t(id) : "";
}
const EXIT_IDS = Object.fromEntries(Object.values(EXIT).map((c) => [`exit.${c}`, true]));

const WIDTH = 100;

// Japanese has no spaces between words: a line may break between two wide characters (counted as
// two columns each), but not before closing punctuation nor after an opening bracket.
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
const NO_BREAK_BEFORE = /[、。，．）」』】：？！ー)\]]/;
const NO_BREAK_AFTER = /[（「『【(\[]/;
const columns = (s: string) => [...s].reduce((n, c) => n + (WIDE.test(c) ? 2 : 1), 0);

/** A paragraph's unbreakable pieces, each with whether a space came before it. */
function pieces(para: string): Array<{ text: string; space: boolean }> {
  const out: Array<{ text: string; space: boolean }> = [];
  let prev = "";
  let space = false;
  for (const c of para) {
    if (c === " ") {
      space = true;
      prev = "";
      continue;
    }
    const last = out[out.length - 1];
    const breakHere = !last || space || ((WIDE.test(c) || WIDE.test(prev)) && !NO_BREAK_BEFORE.test(c) && !NO_BREAK_AFTER.test(prev));
    if (breakHere) out.push({ text: c, space });
    else last.text += c;
    space = false;
    prev = c;
  }
  return out;
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split("\n")) {
    let line = "";
    for (const { text: piece, space } of pieces(para)) {
      const sep = line && space ? " " : "";
      if (line && columns(line) + sep.length + columns(piece) > width) {
        out.push(line);
        line = piece;
      } else line = line + sep + piece;
    }
    out.push(line);
  }
  return out;
}

export function usageLines(spec: CommandSpec): string[] {
  if (spec.usage) return spec.usage.map((u) => `awsmfa ${u}`);
  return [`awsmfa ${spec.name}`];
}

function flagLabel(name: string, f: FlagDef): string {
  const long = `--${name}${f.type === "string" ? ` ${f.value ?? "VALUE"}` : ""}`;
  return f.short ? `-${f.short}, ${long}` : `    ${long}`;
}

/** --help: the same sections in the same order for every command. */
export function renderHelp(spec: CommandSpec): string {
  const text = new Map(helpTexts(spec));
  const tr = (key: string) => th(key, text.get(key)!);
  const out: string[] = [`awsmfa ${spec.name} — ${tr(`${spec.name}.summary`)}`, ""];
  const usage = usageLines(spec);
  if (usage.length === 1) out.push(`${t("help.usage")} ${usage[0]}`);
  else out.push(t("help.usage"), ...usage.map((u) => `  ${u}`));
  out.push("", tr(`${spec.name}.description`), "", t("help.flags"));
  const flags = allFlags(spec);
  const labels = flags.map(([n, f]) => flagLabel(n, f));
  const col = Math.max(...labels.map((l) => l.length)) + 3;
  flags.forEach(([n, f], i) => {
    const own = n === "help" && f === HELP_FLAG ? t("help.showHelp") : tr(`${spec.name}.flag.${n}`);
    const desc = f.internal ? t("help.internal", { text: own }) : own;
    const lines = wrap(desc, WIDTH - col - 2);
    out.push(`  ${labels[i]!.padEnd(col)}${lines[0]}`, ...lines.slice(1).map((l) => " ".repeat(col + 2) + l));
  });
  out.push("", t("help.exitCodes"));
  const codes = new Map<number, string>();
  for (const c of [EXIT.ok, EXIT.usage, ...spec.exitCodes]) {
    const [code, meaning] = typeof c === "number" ? [c, exitMeaning(c)] : [c[0], tr(`${spec.name}.exit.${c[0]}`)];
    if (typeof c !== "number" || !codes.has(code)) codes.set(code, meaning);
  }
  for (const [code, meaning] of [...codes].sort((a, b) => a[0] - b[0])) out.push(`  ${String(code).padEnd(5)}${meaning}`);
  out.push(
    "",
    t("help.examples"),
    ...spec.examples.map((e, i) => {
      const c = exampleComment(e);
      return `  ${c ? c[0] + tr(`${spec.name}.example.${i}`) : e}`;
    }),
  );
  return out.join("\n") + "\n";
}
