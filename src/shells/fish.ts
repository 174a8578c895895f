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
    for v in ready file body trust allow deny stamp stamp_t check_at seen_file seen_exp applied saved watch walk walk_any walk_pwd due_for due_up
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
    # Conditions are joined into one \`test\` where they can be: at an idle prompt every builtin
    # call counts, and fish runs each one at a few microseconds.
    set -l body
    test -n "$f" -a -r "$f"; and read -z body < $f
    set -l t
    # test -e "" is false: an unset record path is "no record".
    test -e "$__awsmfa_allow"; and set t a
    test -e "$__awsmfa_deny"; and set t "$t"d
    set -l changed
    if test -z "$__awsmfa_ready" -o "x$f" != "x$__awsmfa_file" -o "x$body" != "x$__awsmfa_body" -o "x$t" != "x$__awsmfa_trust"
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
        if test -n "$__awsmfa_has_uptime"
            # Linux: /proc/uptime, read by a builtin with no command substitution, is the clock.
            # When check_at changes, it is matched once to the epoch (stamp_t + the stamp's age,
            # from \`path mtime\`, is now in whole seconds): due = the uptime at check_at.
            set -l up
            if test "x$__awsmfa_check_at $__awsmfa_stamp_t" != "x$__awsmfa_due_for"
                set -g __awsmfa_due_for "$__awsmfa_check_at $__awsmfa_stamp_t"
                set -g __awsmfa_due_up
                set -l age (path mtime --relative -- $__awsmfa_stamp)
                read up _ < /proc/uptime
                test -n "$age" -a -n "$up"; and set -g __awsmfa_due_up (math "$__awsmfa_check_at - $__awsmfa_stamp_t - $age + $up")
            else
                read up _ < /proc/uptime
            end
            test -n "$__awsmfa_due_up" -a -n "$up" -a "$up" -ge "$__awsmfa_due_up"; and set changed 1
        else
            set -l age (path mtime --relative -- $__awsmfa_stamp)
            if test -n "$age"; and test (math "$__awsmfa_stamp_t + $age") -ge "$__awsmfa_check_at"
                set changed 1
            end
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
