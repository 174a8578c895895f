import { DOTFILE_MAX_BYTES } from "../core/dotfile.js";
import { MANAGED_VARS, assertName, assertNoNul, type Shell } from "./types.js";

// zsh: same single-quote rule as bash (safe with RC_QUOTES too: `'\\''` never leaves two quotes
// inside one quoted word). chpwd applies a profile the moment `cd` runs, so `cd proj && aws …`
// already sees it; precmd catches edits, trust changes and renewed sessions at the next prompt.
// `[[ -nt ]]`, `read` and EPOCHSECONDS (zsh/datetime, a loadable module, not a process) are all
// builtins, so the idle path spawns nothing.

const quote = (value: string) => `'${assertNoNul(value).replace(/'/g, `'\\''`)}'`;

const VARS = MANAGED_VARS.join(" ");

const HOOK = `# awsmfa hook for zsh. Install: eval "$(awsmfa hook zsh)" in ~/.zshrc
# At an idle prompt this runs builtins only. It calls awsmfa when the nearest .awsmfa (path or
# content), its trust records, the session files or the expiry clock changed.
zmodload -F zsh/datetime p:EPOCHSECONDS 2>/dev/null
if (( ! \${+__awsmfa_installed} )); then
  typeset -g __awsmfa_installed=1 __awsmfa_ready= __awsmfa_file= __awsmfa_body= __awsmfa_trust=
  typeset -g __awsmfa_allow= __awsmfa_deny= __awsmfa_stamp= __awsmfa_stamp_t= __awsmfa_check_at=
  typeset -g __awsmfa_seen_file= __awsmfa_seen_exp= __awsmfa_applied= __awsmfa_saved=
  typeset -ga __awsmfa_watch=()
fi

# Remember what the variables were before the first apply, so leaving restores them exactly.
__awsmfa_save() {
  emulate -L zsh
  [[ -n $__awsmfa_saved ]] && return 0
  local v
  for v in ${VARS}; do
    if (( \${(P)+v} )); then
      typeset -g "__awsmfa_h_$v=1" "__awsmfa_o_$v=\${(P)v}"
    else
      typeset -g "__awsmfa_h_$v=" "__awsmfa_o_$v="
    fi
  done
  typeset -g __awsmfa_saved=1
}

__awsmfa_put_back() {
  emulate -L zsh
  local h="__awsmfa_h_$1" o="__awsmfa_o_$1"
  if [[ -n \${(P)h} ]]; then export "$1=\${(P)o}"; else unset "$1"; fi
}

__awsmfa_restore() {
  emulate -L zsh
  [[ -n $__awsmfa_saved ]] || return 0
  local v
  for v in ${VARS}; do __awsmfa_put_back "$v"; done
  typeset -g __awsmfa_saved=
}

__awsmfa_hook() {
  local rc=$?
  emulate -L zsh
  local d=$PWD f= body= t= w= changed=
  # The nearest .awsmfa, by walking up $PWD with string operations only.
  while true; do
    if [[ -f $d/.awsmfa ]]; then f=$d/.awsmfa; break; fi
    [[ -n $d && $d != / ]] || break
    d=\${d%/*}
  done
  # Comparing content (not only mtime and size) catches every edit that changes the trust key.
  # At most ${DOTFILE_MAX_BYTES + 1} characters (-k needs -u 0 to read the file, not the terminal): awsmfa
  # refuses anything longer, and a huge file must not cost every prompt a full read.
  if [[ -n $f && -r $f ]]; then IFS= read -r -d '' -k ${DOTFILE_MAX_BYTES + 1} -u 0 body < $f; fi
  if [[ -n $__awsmfa_allow && -e $__awsmfa_allow ]]; then t=a; fi
  if [[ -n $__awsmfa_deny && -e $__awsmfa_deny ]]; then t+=d; fi
  if [[ -z $__awsmfa_ready || $f != "$__awsmfa_file" || $body != "$__awsmfa_body" || $t != "$__awsmfa_trust" ]]; then
    changed=1
  elif [[ -n $__awsmfa_stamp ]]; then
    # awsmfa wrote the stamp just before it last looked at the session files: newer means renewed.
    if [[ ! -e $__awsmfa_stamp ]]; then
      changed=1
    else
      for w in $__awsmfa_watch; do
        if [[ $w -nt $__awsmfa_stamp ]]; then changed=1; break; fi
      done
    fi
  fi
  if [[ -z $changed && -n $__awsmfa_check_at ]] && (( \${+EPOCHSECONDS} )); then
    if (( EPOCHSECONDS >= __awsmfa_check_at )); then changed=1; fi
  fi
  if [[ -n $changed ]]; then
    typeset -g __awsmfa_ready=1 __awsmfa_file=$f __awsmfa_body=$body
    local -a outer
    [[ -n $__awsmfa_saved ]] && outer=("--outer-profile=\${__awsmfa_o_AWS_PROFILE-}")
    eval "$(command awsmfa hook zsh --eval --pid=$$ --applied=$__awsmfa_applied --seen-file=$__awsmfa_seen_file --seen-exp=$__awsmfa_seen_exp $outer)"
  fi
  return $rc
}

autoload -Uz add-zsh-hook
add-zsh-hook chpwd __awsmfa_hook
add-zsh-hook precmd __awsmfa_hook
`;

export const zsh: Shell = {
  name: "zsh",
  quote,
  // zsh's export is typeset -gx: global even when evaluated inside the hook function.
  export: (name, value) => `export ${assertName(name)}=${quote(value)}`,
  unset: (name) => `unset ${assertName(name)}`,
  setState: (name, value) =>
    typeof value === "string"
      ? `typeset -g ${assertName(name)}=${quote(value)}`
      : `typeset -ga ${assertName(name)}=(${value.map(quote).join(" ")})`,
  call: (fn, ...args) => [assertName(fn), ...args.map(quote)].join(" "),
  hook: () => HOOK,
};
