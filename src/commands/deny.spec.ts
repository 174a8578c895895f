import { defineCommand } from "./spec.js";

export const spec = defineCommand({
  name: "deny",
  summary: "block an .awsmfa file",
  usage: ["deny [FILE]"],
  description: `Blocks the nearest .awsmfa (or FILE; a folder means its .awsmfa) by its path, whatever it contains
now or later, and forgets earlier 'allow's of it. The shell hook then ignores the file quietly and
restores your previous AWS variables. Deny wins over allow; run 'awsmfa allow' to undo it.
The file need not exist: you can block a path before a checkout creates it.`,
  flags: {},
  args: [{ name: "FILE", optional: true, complete: "file" }],
  exitCodes: [3],
  examples: ["awsmfa deny", "awsmfa deny ~/src/untrusted-repo"],
});
