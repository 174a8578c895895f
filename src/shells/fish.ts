import { DOTFILE_MAX_BYTES } from "../core/dotfile.js";
import { MANAGED_VARS, assertName, assertNoNul, type Shell } from "./types.js";

// fish: inside single quotes only \\ and \' are special, so those two are escaped and nothing else.
// Builtins in a command substitution run inside fish itself (no fork), so `string` and `path` are
// free at an idle prompt. fish has no clock variable; `path mtime --relative STAMP` (fish ≥ 3.5) is
// "now minus the stamp's mtime", and awsmfa tells us that mtime, which gives the time by builtins
// alone. On an older fish the time-based expiry re-check waits for the next real change instead.

const quote = (value: string) => `'${assertNoNul(value).replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

const VARS = MANAGED_VARS.join(" ");

const HOOK = `# awsmfa hook for fish. Install: awsmfa hook fish | source   in ~/.config/fish/config.fish
# At an idle prompt this runs builtins only. It calls awsmfa when the nearest .awsmfa (path or
# content), its trust records, the session files or the expiry clock changed.
if not set -q __awsmfa_installed
    set -g __awsmfa_installed 1
    for v in ready file body trust allow deny stamp stamp_t check_at seen_file seen_exp applied saved watch
        set -g __awsmfa_$v
    end
end
set -g __awsmfa_has_path
contains path (builtin -n); and set -g __awsmfa_has_path 1

# Remember what the variables were before the first apply, so leaving restores them exactly.
# Only the global scope is saved and restored: a universal value shows through again on leaving.
function __awsmfa_save
    test -n "$__awsmfa_saved"; and return 0
    for v in ${VARS}
        if set -q -g $v
            set -g __awsmfa_h_$v 1
            set -g __awsmfa_o_$v $$v
        else
            set -g __awsmfa_h_$v
            set -g __awsmfa_o_$v
        end
    end
    set -g __awsmfa_saved 1
end

function __awsmfa_put_back -a v
    set -l h __awsmfa_h_$v
    set -l o __awsmfa_o_$v
    if test -n "$$h"
        set -gx $v $$o
    else
        set -e -g $v
    end
    return 0
end

function __awsmfa_restore
    test -n "$__awsmfa_saved"; or return 0
    for v in ${VARS}
        __awsmfa_put_back $v
    end
    set -g __awsmfa_saved
end

function __awsmfa_hook --on-variable PWD --on-event fish_prompt
    # The nearest .awsmfa, by walking up $PWD with the string builtin only.
    set -l d $PWD
    set -l f
    while true
        if test -f "$d/.awsmfa"
            set f "$d/.awsmfa"
            break
        end
        if test -z "$d" -o "$d" = /
            break
        end
        set d (string replace -r '/[^/]*$' '' -- $d)
    end
    # Comparing content (not only mtime and size) catches every edit that changes the trust key.
    # At most ${DOTFILE_MAX_BYTES + 1} characters: awsmfa refuses anything longer, and a huge file must not
    # cost every prompt a full read.
    set -l body
    if test -n "$f" -a -r "$f"
        read -z -n ${DOTFILE_MAX_BYTES + 1} body < $f
    end
    set -l t
    if test -n "$__awsmfa_allow"; and test -e "$__awsmfa_allow"
        set t a
    end
    if test -n "$__awsmfa_deny"; and test -e "$__awsmfa_deny"
        set t "$t"d
    end
    set -l changed
    if test -z "$__awsmfa_ready"; or test "x$f" != "x$__awsmfa_file"; or test "x$body" != "x$__awsmfa_body"; or test "x$t" != "x$__awsmfa_trust"
        set changed 1
    else if test -n "$__awsmfa_stamp"
        # awsmfa wrote the stamp just before it last looked at the session files: newer means renewed.
        if not test -e "$__awsmfa_stamp"
            set changed 1
        else
            for w in $__awsmfa_watch
                if test "$w" -nt "$__awsmfa_stamp"
                    set changed 1
                    break
                end
            end
        end
    end
    if test -z "$changed" -a -n "$__awsmfa_check_at" -a -n "$__awsmfa_has_path" -a -n "$__awsmfa_stamp_t"
        set -l age (path mtime --relative -- $__awsmfa_stamp)
        if test -n "$age"; and test (math "$__awsmfa_stamp_t + $age") -ge "$__awsmfa_check_at"
            set changed 1
        end
    end
    if test -n "$changed"
        set -g __awsmfa_ready 1
        set -g __awsmfa_file $f
        set -g __awsmfa_body $body
        set -l outer
        if test -n "$__awsmfa_saved"
            set outer "--outer-profile=$__awsmfa_o_AWS_PROFILE"
        end
        command awsmfa hook fish --eval --pid=$fish_pid "--applied=$__awsmfa_applied" "--seen-file=$__awsmfa_seen_file" "--seen-exp=$__awsmfa_seen_exp" $outer | source
    end
end
`;

export const fish: Shell = {
  name: "fish",
  quote,
  export: (name, value) => `set -gx ${assertName(name)} ${quote(value)}`,
  unset: (name) => `set -e ${assertName(name)}`,
  setState: (name, value) =>
    typeof value === "string" ? `set -g ${assertName(name)} ${quote(value)}` : `set -g ${[assertName(name), ...value.map(quote)].join(" ")}`,
  call: (fn, ...args) => [assertName(fn), ...args.map(quote)].join(" "),
  hook: () => HOOK,
};
