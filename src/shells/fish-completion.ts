import { PROFILES_COMMAND, type CompletionModel, type FlagModel, type Values } from "./completion.js";

// fish: one `complete` line per command, flag and argument, each with a condition on the words
// typed so far (fish's own __fish_use_subcommand and __fish_seen_subcommand_from).

const q = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

function valueArgs(v: Values): string {
  switch (v.kind) {
    case "profile":
      return ` -x -a ${q(`(${PROFILES_COMMAND})`)}`;
    case "file":
      return " -r -F";
    case "command":
      return ` -x -a ${q("(__fish_complete_command)")}`;
    case "words":
      return ` -x -a ${q(v.words.join(" "))}`;
    default:
      return " -x";
  }
}

function flagLine(cond: string, f: FlagModel): string {
  const short = f.short ? ` -s ${f.short}` : "";
  const value = f.takesValue ? valueArgs(f.values) : "";
  return `complete -c awsmfa -n ${q(cond)}${short} -l ${f.long}${value} -d ${q(f.brief)}`;
}

export function fishCompletion(m: CompletionModel): string {
  const lines = [
    "# awsmfa completion for fish. Install: awsmfa completion fish > ~/.config/fish/completions/awsmfa.fish",
    "complete -c awsmfa -e",
    "complete -c awsmfa -f",
    ...m.global.map((f) => flagLine("__fish_use_subcommand", f)),
  ];
  for (const c of m.commands) {
    const seen = `__fish_seen_subcommand_from ${c.name}`;
    lines.push(`complete -c awsmfa -n __fish_use_subcommand -a ${c.name} -d ${q(c.summary)}`);
    if (c.subcommands.length) {
      const names = c.subcommands.map((s) => s.name).join(" ");
      for (const s of c.subcommands) lines.push(`complete -c awsmfa -n ${q(`${seen}; and not __fish_seen_subcommand_from ${names}`)} -a ${s.name} -d ${q(s.summary)}`);
      for (const s of c.subcommands)
        for (const f of c.flags.filter((f) => s.flags.includes(f.long))) lines.push(flagLine(`${seen}; and __fish_seen_subcommand_from ${s.name}`, f));
      continue;
    }
    for (const f of c.flags) lines.push(flagLine(seen, f));
    // Arguments: fish has no positions, so only the first argument's kind is offered.
    const arg = c.args[0] ?? c.rest;
    if (arg && arg.kind !== "none") {
      const v = valueArgs(arg).replace(/ -[rx]\b/, "");
      lines.push(`complete -c awsmfa -n ${q(seen)}${v}`);
    }
  }
  return lines.join("\n") + "\n";
}
