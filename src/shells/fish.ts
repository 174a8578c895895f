import { DOTFILE_MAX_BYTES } from "../core/dotfile.js";
import { MANAGED_VARS, assertName, assertNoNul, type Shell } from "./types.js";

// fish: inside single quotes only \\ and \' are special, so those two are escaped and nothing else.
// Builtins in a command substitution run inside fish itself (no fork), but each substitution still
// costs several builtin calls' worth, so the idle path avoids them: the folder walk is built once
// per $PWD and the clock is /proc/uptime read by \`read\` (see the hook). fish has no clock
// variable; `path mtime --relative STAMP` (fish >= 3.5) is "now minus the stamp's mtime", and
// awsmfa tells us that mtime, which gives the time by builtins alone (where there is no
// /proc/uptime, at every prompt). On an older fish the time-based expiry re-check waits for the
// next real change instead.

const quote = (value: string) => `'${assertNoNul(value).replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

const VARS = MANAGED_VARS.join(" ");

const HOOK = `# awsmfa hook for fish. Install: awsmfa hook fish | source   in ~/.config/fish/config.fish
# At an idle prompt this runs builtins only. It calls awsmfa when the nearest .awsmfa (path or
# content), its trust records, the session files or the expiry clock changed.
if not set -q __awsmfa_installed
    set -g __awsmfa_installed 1
    for v in ready file body trust allow deny stamp stamp_t check_at seen_file seen_exp applied saved watch walk walk_any walk_pwd due_for due_up since
        set -g __awsmfa_$v
    end
end
set -g __awsmfa_has_path
contains path (builtin -n); and set -g __awsmfa_has_path 1
set -g __awsmfa_has_uptime
test -r /proc/uptime; and set -g __awsmfa_has_uptime 1

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
    # The nearest .awsmfa. The candidate paths ($PWD/.awsmfa up to /.awsmfa) change only with
    # $PWD, so they are built once per folder (a \`string replace\` command substitution per level),
    # together with one \`test -f C1 -o -f C2 …\` over all of them: every candidate starts with /,
    # so none can read as an operator. An idle prompt with no .awsmfa above runs that one test;
    # with one, a \`test -f\` per level up to it.
    if test "x$PWD" != "x$__awsmfa_walk_pwd"
        set -g __awsmfa_walk_pwd $PWD
        set -g __awsmfa_walk
        set -g __awsmfa_walk_any
        set -l d $PWD
        while true
            set -a __awsmfa_walk "$d/.awsmfa"
            set -q __awsmfa_walk_any[1]; and set -a __awsmfa_walk_any -o
            set -a __awsmfa_walk_any -f "$d/.awsmfa"
            if test -z "$d" -o "$d" = /
                break
            end
            set d (string replace -r '/[^/]*$' '' -- $d)
        end
    end
    set -l f
    if test $__awsmfa_walk_any
        for c in $__awsmfa_walk
            if test -f "$c"
                set f $c
                break
            end
        end
    end
    # Comparing content (not only mtime and size) catches every edit that changes the trust key.
    # At most ${DOTFILE_MAX_BYTES + 1} characters: awsmfa refuses anything longer, and a huge file must not
    # cost every prompt a full read.
    set -l body
    test -n "$f" -a -r "$f"; and read -z -n ${DOTFILE_MAX_BYTES + 1} body < $f
    # Every other change in ONE test (fish runs each builtin call at several microseconds, and an
    # idle prompt should run few): __awsmfa_since holds the terms for the trust records, the stamp
    # and the watched files, built by __awsmfa_update from what awsmfa last set.
    if test -z "$__awsmfa_ready" -o "x$f" != "x$__awsmfa_file" -o "x$body" != "x$__awsmfa_body" $__awsmfa_since
        __awsmfa_update "$f" "$body"
        return
    end
    # The expiry clock. On Linux, /proc/uptime read by a builtin (no command substitution) is the
    # clock: when check_at changes, it is matched once to the epoch (stamp_t + the stamp's age from
    # \`path mtime\` is now, in whole seconds), giving the uptime at which the check is due.
    # Elsewhere \`path mtime\` (fish >= 3.5) is read at every prompt.
    if test -n "$__awsmfa_due_up" -a "x$__awsmfa_check_at $__awsmfa_stamp_t" = "x$__awsmfa_due_for"
        read -l up _ < /proc/uptime
        test -n "$up" -a "$up" -ge "$__awsmfa_due_up"; and __awsmfa_update "$f" "$body"
    else if test -n "$__awsmfa_check_at" -a -n "$__awsmfa_has_path" -a -n "$__awsmfa_stamp_t"
        set -l age (path mtime --relative -- $__awsmfa_stamp)
        test -n "$age"; or return 0
        set -g __awsmfa_due_for "$__awsmfa_check_at $__awsmfa_stamp_t"
        set -g __awsmfa_due_up
        if test -n "$__awsmfa_has_uptime"
            read -l up _ < /proc/uptime; and set -g __awsmfa_due_up (math "$__awsmfa_check_at - $__awsmfa_stamp_t - $age + $up")
        end
        test (math "$__awsmfa_stamp_t + $age") -ge "$__awsmfa_check_at"; and __awsmfa_update "$f" "$body"
    end
    return 0
end

function __awsmfa_update -a f body
    set -g __awsmfa_ready 1
    set -g __awsmfa_file $f
    set -g __awsmfa_body $body
    set -l outer
    if test -n "$__awsmfa_saved"
        set outer "--outer-profile=$__awsmfa_o_AWS_PROFILE"
    end
    command awsmfa hook fish --eval --pid=$fish_pid "--applied=$__awsmfa_applied" "--seen-file=$__awsmfa_seen_file" "--seen-exp=$__awsmfa_seen_exp" $outer | source
    # What counts as a change from now on: a trust record appearing or vanishing, the stamp
    # vanishing, or a watched file newer than the stamp (awsmfa wrote it just before it last looked
    # at the session files: newer means renewed). Paths awsmfa sets are absolute, so none reads as
    # an operator once spliced into \`test\`.
    set -g __awsmfa_since
    for r in allow:a deny:d
        set -l parts (string split : -- $r)
        set -l file __awsmfa_$parts[1]
        if string match -q "*$parts[2]*" -- "$__awsmfa_trust"
            set -a __awsmfa_since -o ! -e "$$file"
        else
            set -a __awsmfa_since -o -e "$$file"
        end
    end
    if test -n "$__awsmfa_stamp"
        set -a __awsmfa_since -o ! -e "$__awsmfa_stamp"
        for w in $__awsmfa_watch
            set -a __awsmfa_since -o "$w" -nt "$__awsmfa_stamp"
        end
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
