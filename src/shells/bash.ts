import { DOTFILE_MAX_BYTES } from "../core/dotfile.js";
import { MANAGED_VARS, assertName, assertNoNul, type Shell } from "./types.js";

// bash: single quotes keep every byte literal; a single quote itself is closed, escaped, reopened.
// The hook avoids `$(…)` and external commands on the idle path (a command substitution forks), and
// stays within bash 3.2 syntax so macOS's /bin/bash can use it (EPOCHSECONDS needs 5.0, `%(…)T` 4.2;
// without either the time-based expiry re-check simply waits for the next real change).

const quote = (value: string) => `'${assertNoNul(value).replace(/'/g, `'\\''`)}'`;

const VARS = MANAGED_VARS.join(" ");

const HOOK = `# awsmfa hook for bash. Install: eval "$(awsmfa hook bash)" in ~/.bashrc
# At an idle prompt this runs builtins only. It calls awsmfa when the nearest .awsmfa (path or
# content), its trust records, the session files or the expiry clock changed.
if [[ -z \${__awsmfa_installed-} ]]; then
  __awsmfa_installed=1 __awsmfa_ready= __awsmfa_file= __awsmfa_body= __awsmfa_trust=
  __awsmfa_allow= __awsmfa_deny= __awsmfa_stamp= __awsmfa_stamp_t= __awsmfa_check_at=
  __awsmfa_seen_file= __awsmfa_seen_exp= __awsmfa_applied= __awsmfa_saved=
  __awsmfa_watch=()
fi

# Remember what the variables were before the first apply, so leaving restores them exactly.
__awsmfa_save() {
  [[ -n $__awsmfa_saved ]] && return 0
  local v
  for v in ${VARS}; do
    if [[ -n \${!v+x} ]]; then
      printf -v "__awsmfa_h_$v" '%s' 1
      printf -v "__awsmfa_o_$v" '%s' "\${!v}"
    else
      printf -v "__awsmfa_h_$v" '%s' ''
      printf -v "__awsmfa_o_$v" '%s' ''
    fi
  done
  __awsmfa_saved=1
}

__awsmfa_put_back() {
  local h="__awsmfa_h_$1" o="__awsmfa_o_$1"
  if [[ -n \${!h-} ]]; then export "$1=\${!o-}"; else unset "$1"; fi
}

__awsmfa_restore() {
  [[ -n $__awsmfa_saved ]] || return 0
  local v
  for v in ${VARS}; do __awsmfa_put_back "$v"; done
  __awsmfa_saved=
}

__awsmfa_hook() {
  local rc=$? d=$PWD f= body= t= w= now= changed=
  # The nearest .awsmfa, by walking up $PWD with string operations only.
  while :; do
    if [[ -f $d/.awsmfa ]]; then f=$d/.awsmfa; break; fi
    [[ -n $d && $d != / ]] || break
    d=\${d%/*}
  done
  # Comparing content (not only mtime and size) catches every edit that changes the trust key.
  # At most ${DOTFILE_MAX_BYTES + 1} characters: awsmfa refuses anything longer, and a huge file must not
  # cost every prompt a full read.
  if [[ -n $f && -r $f ]]; then IFS= read -r -d '' -n ${DOTFILE_MAX_BYTES + 1} body < "$f"; fi
  if [[ -n $__awsmfa_allow && -e $__awsmfa_allow ]]; then t=a; fi
  if [[ -n $__awsmfa_deny && -e $__awsmfa_deny ]]; then t+=d; fi
  if [[ -z $__awsmfa_ready || $f != "$__awsmfa_file" || $body != "$__awsmfa_body" || $t != "$__awsmfa_trust" ]]; then
    changed=1
  elif [[ -n $__awsmfa_stamp ]]; then
    # awsmfa wrote the stamp just before it last looked at the session files: newer means renewed.
    if [[ ! -e $__awsmfa_stamp ]]; then
      changed=1
    else
      for w in \${__awsmfa_watch[@]+"\${__awsmfa_watch[@]}"}; do
        if [[ $w -nt $__awsmfa_stamp ]]; then changed=1; break; fi
      done
    fi
  fi
  if [[ -z $changed && -n $__awsmfa_check_at ]]; then
    if [[ -n \${EPOCHSECONDS-} ]]; then now=$EPOCHSECONDS
    else printf -v now '%(%s)T' -1 2>/dev/null || now=
    fi
    if [[ -n $now ]] && (( now >= __awsmfa_check_at )); then changed=1; fi
  fi
  if [[ -n $changed ]]; then
    __awsmfa_ready=1 __awsmfa_file=$f __awsmfa_body=$body
    eval "$(command awsmfa hook bash --eval --pid="$$" --applied="$__awsmfa_applied" --seen-file="$__awsmfa_seen_file" --seen-exp="$__awsmfa_seen_exp" \${__awsmfa_saved:+"--outer-profile=\${__awsmfa_o_AWS_PROFILE-}"})"
  fi
  return $rc
}

# Run first, so prompt code that shows AWSMFA_PROFILE sees the new value; keep any existing entries.
if [[ ";\${PROMPT_COMMAND[*]-};" != *";__awsmfa_hook;"* && " \${PROMPT_COMMAND[*]-} " != *" __awsmfa_hook "* ]]; then
  if [[ "$(declare -p PROMPT_COMMAND 2>/dev/null)" == "declare -a"* ]]; then
    PROMPT_COMMAND=(__awsmfa_hook "\${PROMPT_COMMAND[@]}")
  else
    PROMPT_COMMAND="__awsmfa_hook\${PROMPT_COMMAND:+;$PROMPT_COMMAND}"
  fi
fi
`;

export const bash: Shell = {
  name: "bash",
  quote,
  export: (name, value) => `export ${assertName(name)}=${quote(value)}`,
  unset: (name) => `unset ${assertName(name)}`,
  setState: (name, value) =>
    typeof value === "string" ? `${assertName(name)}=${quote(value)}` : `${assertName(name)}=(${value.map(quote).join(" ")})`,
  call: (fn, ...args) => [assertName(fn), ...args.map(quote)].join(" "),
  hook: () => HOOK,
};
