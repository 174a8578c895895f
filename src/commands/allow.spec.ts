import { defineCommand } from "./spec.js";

export const spec = defineCommand({
  name: "allow",
  summary: "trust an .awsmfa file",
  usage: ["allow [FILE]"],
  description: `Trusts the nearest .awsmfa (this folder or the closest one above it), or FILE (a folder means its
.awsmfa). Trust covers this exact content at this exact path: editing or moving the file withdraws
it, and the shell hook stops applying the file until you allow it again. Allowing also lifts an
earlier 'awsmfa deny' of the path. A file that does not parse is refused.`,
  flags: {},
  args: [{ name: "FILE", optional: true, complete: "file" }],
  exitCodes: [3, 8],
  examples: ["awsmfa allow", "awsmfa allow ~/src/billing", "awsmfa allow ./infra/.awsmfa"],
});
