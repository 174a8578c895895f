import { PROFILES_COMMAND, type CommandModel, type CompletionModel, type FlagModel, type Values } from "./completion.js";

// zsh: `_arguments` per command, so flags show their descriptions and a flag given once is not
// offered again. The script works both sourced (`eval "$(awsmfa completion zsh)"` after compinit)
// and as an autoloaded `_awsmfa` file in $fpath.

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** _arguments reads `[`, `]` and `:` in a description as syntax. */
const esc = (s: string) => s.replace(/([\\[\]:])/g, "\\$1");

function action(v: Values): string {
  switch (v.kind) {
    case "profile":
      return "_awsmfa_profiles";
    case "file":
      return "_files";
    case "command":
      return "_command_names -e";
    case "words":
      return `(${v.words.join(" ")})`;
    default:
      return " ";
  }
}

function flagSpecs(flags: FlagModel[]): string[] {
  return flags.map((f) => {
    const value = f.takesValue ? `:${f.long}:${action(f.values)}` : "";
    const body = `[${esc(f.brief)}]${value}`;
    return f.short ? `${q(`(-${f.short} --${f.long})`)}{-${f.short},--${f.long}}${q(body)}` : q(`--${f.long}${body}`);
  });
}

function argSpecs(c: CommandModel): string[] {
  const out = c.args.map((a, i) => q(`${i + 1}:arg:${action(a)}`));
  if (c.rest) out.push(q(`*::command:_normal`));
  return out;
}

function commandCase(c: CommandModel): string {
  if (!c.subcommands.length) return `    ${c.name}) _arguments -s -S ${[...flagSpecs(c.flags), ...argSpecs(c)].join(" ")} && ret=0 ;;`;
  const subs = c.subcommands.map((s) => q(`${s.name}:${esc(s.summary)}`)).join(" ");
  const cases = c.subcommands.map((s) => `        ${s.name}) _arguments -s ${flagSpecs(c.flags.filter((f) => s.flags.includes(f.long))).join(" ")} && ret=0 ;;`);
  return `    ${c.name})
      _arguments -C ${flagSpecs(c.flags.filter((f) => f.long === "help")).join(" ")} '1: :->sub' '*:: :->subargs' && ret=0
      case $state in
        sub) local -a subs; subs=(${subs}); _describe -t subcommands 'awsmfa ${c.name} subcommand' subs && ret=0 ;;
        subargs)
          case $words[1] in
${cases.map((l) => "    " + l).join("\n")}
          esac ;;
      esac ;;`;
}

export function zshCompletion(m: CompletionModel): string {
  const cmds = m.commands.map((c) => q(`${c.name}:${esc(c.summary)}`)).join(" ");
  return `#compdef awsmfa
# awsmfa completion for zsh. Install: eval "$(awsmfa completion zsh)" in ~/.zshrc after compinit,
# or: awsmfa completion zsh > "\${fpath[1]}/_awsmfa"

_awsmfa_profiles() {
  local -a profiles
  profiles=(\${(f)"$(${PROFILES_COMMAND})"})
  compadd -a profiles
}

_awsmfa() {
  local curcontext=$curcontext state state_descr line ret=1
  typeset -A opt_args
  _arguments -C ${flagSpecs(m.global).join(" ")} '1: :->command' '*:: :->args' && ret=0
  case $state in
    command)
      local -a commands
      commands=(${cmds})
      _describe -t commands 'awsmfa command' commands && ret=0 ;;
    args)
      case $words[1] in
${m.commands.map((c) => "    " + commandCase(c).replace(/\n/g, "\n    ")).join("\n")}
      esac ;;
  esac
  return ret
}

if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then
  _awsmfa "$@"
else
  compdef _awsmfa awsmfa
fi
`;
}
