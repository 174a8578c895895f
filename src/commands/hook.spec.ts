import { SHELL_NAMES } from "../shells/types.js";
import { defineCommand } from "./spec.js";

export const spec = defineCommand({
  name: "hook",
  summary: `print the shell hook for ${SHELL_NAMES.slice(0, -1).join(", ")} or ${SHELL_NAMES.at(-1)}`,
  usage: [`hook ${SHELL_NAMES.join("|")}`],
  description: `Add one line to your shell's startup file:
  bash  (~/.bashrc)                    eval "$(awsmfa hook bash)"
  zsh   (~/.zshrc)                     eval "$(awsmfa hook zsh)"
  fish  (~/.config/fish/config.fish)   awsmfa hook fish | source

In a folder with a trusted .awsmfa (or below it) the hook sets AWS_PROFILE, AWS_DEFAULT_PROFILE,
AWSMFA_PROFILE and, when the file names a region, AWS_REGION and AWS_DEFAULT_REGION. Leaving the
folder restores what was there before. A new or edited file applies only after 'awsmfa allow'.
When the active profile's session expires within 10 minutes, or has expired, it says so once.

At an idle prompt the hook runs shell builtins only; awsmfa itself runs only when the nearest
.awsmfa, its trust, the session files or the expiry clock changed.`,
  flags: {
    eval: { type: "boolean", description: "print the variable changes for this folder", internal: true },
    pid: { type: "string", value: "PID", description: "the shell's process id", internal: true },
    applied: { type: "string", value: "S", description: "what the hook applied last", internal: true },
    "seen-file": { type: "string", value: "S", description: "the .awsmfa seen last", internal: true },
    "seen-exp": { type: "string", value: "S", description: "the expiry notice given last", internal: true },
    "outer-profile": { type: "string", value: "P", description: "AWS_PROFILE before the hook applied one", internal: true },
  },
  args: [{ name: "SHELL", complete: "shell" }],
  exitCodes: [],
  examples: ['eval "$(awsmfa hook bash)"', "echo 'profile = work' > .awsmfa && awsmfa allow", "PS1='${AWSMFA_PROFILE:+(aws:$AWSMFA_PROFILE) }\\w\\$ '"],
});
