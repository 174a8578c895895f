import { spec } from "./direnv.spec.js";
import { parseCommand } from "./spec.js";
import type { Command } from "./types.js";

// The snippet is bash evaluated by direnv's stdlib (watch_file, log_error come from there). It never
// prompts: `status` only reads files and `env --no-prompt` fails with the login hint instead.


export const DIRENVRC = `# awsmfa for direnv: \`use awsmfa PROFILE [--credentials]\` in an .envrc.
# Installed with: awsmfa direnv >> ~/.config/direnv/direnvrc
use_awsmfa() {
  local profile= creds= arg json file state=unknown out left=0
  local file_re='"sessionFile"[[:space:]]*:[[:space:]]*"(([^"\\\\]|\\\\.)*)"'
  local state_re='"state"[[:space:]]*:[[:space:]]*"([a-z]+)"'
  local left_re='"remainingSeconds"[[:space:]]*:[[:space:]]*([0-9]+)'
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
    if [[ $json =~ $left_re ]]; then left=\${BASH_REMATCH[1]}; fi
  fi
  export AWSMFA_PROFILE="$profile"
  if [[ $state == unknown ]]; then
    [[ -n $creds ]] || export AWS_PROFILE="$profile" AWS_DEFAULT_PROFILE="$profile"
  elif [[ -n $creds ]]; then
    # Keys only, and only valid ones: direnv keeps what it exported until it loads again, so
    # expired keys would linger. env's output also unsets AWS_PROFILE so nothing competes with them.
    case $state in
      valid | expiring)
        if out=$(awsmfa env --profile "$profile" --format sh --no-prompt); then
          eval "$out"
          if [[ $state == expiring ]]; then
            log_status "awsmfa: the keys for $profile end in $(( (left + 59) / 60 )) min; renew with 'awsmfa login --profile $profile'"
          fi
        fi ;;
      *) log_error "awsmfa: no valid session for $profile, so no keys are exported; run 'awsmfa login --profile $profile'" ;;
    esac
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
  async run(world, args) {
    parseCommand(spec, args);
    world.stdout.write(DIRENVRC);
    return 0;
  },
};
