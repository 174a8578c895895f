import { PROFILES_COMMAND, type CompletionModel, type FlagModel, type Values } from "./completion.js";

// bash: one function registered with `complete -F`. It finds the command (and subcommand) among
// the words typed so far, skipping flag values, then completes a flag, a flag's value or an
// argument. bash splits `--flag=value` at "=" (COMP_WORDBREAKS), which the loop allows for.

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

const kind = (v: Values) => (v.kind === "words" ? `words ${v.words.join(" ")}` : v.kind);

const flagWords = (flags: FlagModel[]) => flags.flatMap((f) => [`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])]).join(" ");

export function bashCompletion(m: CompletionModel): string {
  const names = m.commands.map((c) => c.name).join(" ");
  const flagCases: string[] = [];
  const valueCases: string[] = [];
  const argCases: string[] = [];
  for (const c of m.commands) {
    for (const s of c.subcommands) flagCases.push(`    ${q(`${c.name}/${s.name}`)}) __awsmfa_words=${q(flagWords(c.flags.filter((f) => s.flags.includes(f.long))))} ;;`);
    flagCases.push(`    ${q(c.name)}/*) __awsmfa_words=${q(flagWords(c.flags))} ;;`);
    for (const f of c.flags.filter((f) => f.takesValue))
      valueCases.push(`    ${[`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])].map((w) => q(`${c.name} ${w}`)).join("|")}) __awsmfa_kind=${q(kind(f.values))} ;;`);
    if (c.subcommands.length) argCases.push(`    ${q(c.name)}/-1) __awsmfa_kind=${q(`words ${c.subcommands.map((s) => s.name).join(" ")}`)} ;;`);
    c.args.forEach((a, i) => argCases.push(`    ${q(`${c.name}/${i}`)}) __awsmfa_kind=${q(kind(a))} ;;`));
    if (c.rest) argCases.push(`    ${q(`${c.name}/--`)}) __awsmfa_kind=${q(kind(c.rest))} ;;`);
  }
  return `# awsmfa completion for bash. Install: eval "$(awsmfa completion bash)" in ~/.bashrc
__awsmfa_flags() {
  case $1/$2 in
${flagCases.join("\n")}
    *) __awsmfa_words= ;;
  esac
}

# Sets __awsmfa_kind to what a flag's value completes to; fails for a flag that takes no value.
__awsmfa_value() {
  case "$1 $2" in
${valueCases.join("\n")}
    *) return 1 ;;
  esac
}

__awsmfa_arg() {
  case $1/$2 in
${argCases.join("\n")}
    *) return 1 ;;
  esac
}

__awsmfa_reply() {
  local cur=$2 IFS=$'\\n'
  case $1 in
    profile) COMPREPLY=($(compgen -W "$(${PROFILES_COMMAND})" -- "$cur")) ;;
    file) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
    command) COMPREPLY=($(compgen -c -- "$cur")) ;;
    words\\ *) IFS=$' \\n'; COMPREPLY=($(compgen -W "\${1#words }" -- "$cur")) ;;
    *) COMPREPLY=() ;;
  esac
}

_awsmfa() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev= flag= cmd= sub= subs= skip= rest= n=0 i w __awsmfa_kind= __awsmfa_words=
  ((COMP_CWORD > 0)) && prev=\${COMP_WORDS[COMP_CWORD - 1]}
  if [[ $cur == = ]]; then flag=$prev cur=
  elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then flag=\${COMP_WORDS[COMP_CWORD - 2]}
  else flag=$prev
  fi
  COMPREPLY=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=\${COMP_WORDS[i]}
    if [[ -n $skip ]]; then skip=; continue; fi
    if [[ -n $rest ]]; then ((rest++)); continue; fi
    case $w in
      =) skip=1 ;;
      --) [[ -n $cmd ]] && rest=1 ;;
      --debug) ;;
      -*) [[ -n $cmd ]] && __awsmfa_value "$cmd" "$w" && [[ \${COMP_WORDS[i + 1]} != = ]] && skip=1 ;;
      *)
        if [[ -z $cmd ]]; then
          cmd=$w
          __awsmfa_arg "$cmd" -1 && subs=1
        elif [[ -n $subs && -z $sub ]]; then sub=$w
        else ((n++))
        fi ;;
    esac
  done
  if [[ -z $cmd ]]; then
    if [[ $cur == -* ]]; then __awsmfa_reply ${q(`words ${flagWords(m.global)}`)} "$cur"
    else __awsmfa_reply ${q(`words ${names}`)} "$cur"
    fi
    return 0
  fi
  if [[ -n $rest ]]; then
    if ((rest == 1)) && __awsmfa_arg "$cmd" --; then __awsmfa_reply "$__awsmfa_kind" "$cur"
    else COMPREPLY=($(compgen -f -- "$cur"))
    fi
    return 0
  fi
  if [[ $flag == -?* ]] && __awsmfa_value "$cmd" "$flag"; then
    __awsmfa_reply "$__awsmfa_kind" "$cur"
  elif [[ $cur == -* ]]; then
    __awsmfa_flags "$cmd" "$sub"
    __awsmfa_reply "words $__awsmfa_words" "$cur"
  elif [[ -n $subs && -z $sub ]]; then
    __awsmfa_arg "$cmd" -1 && __awsmfa_reply "$__awsmfa_kind" "$cur"
  elif __awsmfa_arg "$cmd" "$n"; then
    __awsmfa_reply "$__awsmfa_kind" "$cur"
  fi
  return 0
}
complete -F _awsmfa awsmfa
`;
}
