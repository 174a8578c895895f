import { SHELL_NAMES } from "../shells/types.js";
import { defineCommand } from "./spec.js";

export const spec = defineCommand({
  name: "completion",
  summary: `print the tab-completion script for ${SHELL_NAMES.slice(0, -1).join(", ")} or ${SHELL_NAMES.at(-1)}`,
  usage: [`completion ${SHELL_NAMES.join("|")}`],
  description: `Completes commands, subcommands, flags, shell names and fixed values as printed, and profile
names as they are in your AWS files when you press Tab (it runs 'awsmfa __complete profiles').
Install it once:
  bash  (~/.bashrc)                    eval "$(awsmfa completion bash)"
  zsh   (~/.zshrc, after compinit)     eval "$(awsmfa completion zsh)"
        or, in a folder of $fpath:     awsmfa completion zsh > "\${fpath[1]}/_awsmfa"
  fish                                 awsmfa completion fish > ~/.config/fish/completions/awsmfa.fish
Run the line again after upgrading awsmfa, so new commands and flags complete too.`,
  flags: {},
  args: [{ name: "SHELL", complete: "shell" }],
  exitCodes: [],
  examples: ['eval "$(awsmfa completion bash)"', "awsmfa completion fish > ~/.config/fish/completions/awsmfa.fish"],
});
