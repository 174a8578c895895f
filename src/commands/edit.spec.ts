import { defineCommand } from "./spec.js";

export const spec = defineCommand({
  name: "edit",
  summary: "edit the nearest .awsmfa file and re-allow it",
  usage: ["edit [FILE]"],
  description: `Opens the nearest .awsmfa (or FILE) in $VISUAL, else $EDITOR, else vi (notepad on Windows). With no
.awsmfa above this folder it starts a new one here. When the editor exits successfully the file is
checked and allowed, so the shell hook applies it at your next prompt. A new file you leave
unchanged is removed again.`,
  flags: {},
  args: [{ name: "FILE", optional: true, complete: "file" }],
  exitCodes: [3, 8, [130, "the editor failed or was interrupted; the file was not allowed"]],
  examples: ["awsmfa edit", "EDITOR='code --wait' awsmfa edit"],
});
