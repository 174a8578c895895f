import { parseFlags } from "../core/flags.js";
import type { Command } from "./types.js";

// The snippet is bash evaluated by direnv's stdlib (watch_file, log_error come from there). It never
// prompts: `status` only reads files and `env --no-prompt` fails with the login hint instead.

const help = `awsmfa direnv — print a direnvrc snippet defining \`use awsmfa\`

Install once:
  awsmfa direnv >> ~/.config/direnv/direnvrc

Then in a project's .envrc:
  use awsmfa PROFILE                  exports AWS_PROFILE, AWS_DEFAULT_PROFILE and AWSMFA_PROFILE
  use awsmfa PROFILE --credentials    exports the cached session's keys instead (for tools that
                                      do not read ~/.aws), via 'awsmfa env --no-prompt'

direnv reloads by itself when 'awsmfa login' (or a refresh) rewrites the session, so the keys in the
environment never go stale and the .envrc never needs editing. Nothing prompts inside direnv: with
no valid session it prints the hint to run 'awsmfa login'.

Examples:
  awsmfa direnv >> ~/.config/direnv/direnvrc
  echo 'use awsmfa work' > .envrc && direnv allow
`;

export const DIRENVRC = `# awsmfa for direnv: \`use awsmfa PROFILE [--credentials]\` in an .envrc.
# Installed with: awsmfa direnv >> ~/.config/direnv/direnvrc
use_awsmfa() {
  local profile= creds= arg json file state=unknown out
  local file_re='"sessionFile"[[:space:]]*:[[:space:]]*"(([^"\\\\]|\\\\.)*)"'
  local state_re='"state"[[:space:]]*:[[:space:]]*"([a-z]+)"'
  for arg in "$@"; do
    case $arg in
      --credentials) creds=1 ;;
      -*) log_error "use awsmfa: unknown option $arg"; return 1 ;;
      *)
        if [[ -n $profile ]]; then log_error "use awsmfa: one PROFILE only"; return 1; fi
        profile=$arg ;;
    esac
  done
  if [[ ! $profile =~ ^[A-Za-z0-9_.@+=,-]+$ ]]; then
    log_error "usage: use awsmfa PROFILE [--credentials]"
    return 1
  fi
  # Reload when the session is renewed: awsmfa rewrites this file (atomically) on every login.
  # A failing status has printed why (say, no mfa_serial); the same cause would only repeat below.
  if json=$(awsmfa status --profile "$profile" --json); then
    state=none
    if [[ $json =~ $file_re ]]; then
      # JSON string escapes that can occur in a path; \\x01 stands in for an escaped backslash.
      file=\${BASH_REMATCH[1]}
      file=\${file//\\\\\\\\/$'\\x01'}
      file=\${file//\\\\\\"/\\"}
      file=\${file//\\\\\\//\\/}
      file=\${file//$'\\x01'/\\\\}
      watch_file "$file"
    fi
    if [[ $json =~ $state_re ]]; then state=\${BASH_REMATCH[1]}; fi
  fi
  export AWSMFA_PROFILE="$profile"
  if [[ $state == unknown ]]; then
    [[ -n $creds ]] || export AWS_PROFILE="$profile" AWS_DEFAULT_PROFILE="$profile"
  elif [[ -n $creds ]]; then
    # Keys only: env's output also unsets AWS_PROFILE so no other profile competes with them.
    if out=$(awsmfa env --profile "$profile" --format sh --no-prompt); then
      eval "$out"
    fi
  else
    export AWS_PROFILE="$profile" AWS_DEFAULT_PROFILE="$profile"
    case $state in
      valid | expiring) ;;
      *) log_error "awsmfa: no valid session for $profile; run 'awsmfa login --profile $profile'" ;;
    esac
  fi
}
`;

export const command: Command = {
  help,
  async run(world, args) {
    parseFlags(args, {}, { command: "direnv" });
    world.stdout.write(DIRENVRC);
    return 0;
  },
};
