import { defineCommand } from "./spec.js";

export const spec = defineCommand({
  name: "__complete",
  summary: "values for the completion scripts",
  usage: ["__complete profiles"],
  description: `Used by the scripts 'awsmfa completion' prints: 'profiles' prints the profile names of the AWS
config and credentials files, one a line (not the [P-long-term] sections that hold keys).`,
  flags: {},
  args: [{ name: "WHAT", complete: ["profiles"] }],
  exitCodes: [3],
  examples: ["awsmfa __complete profiles"],
  hidden: true,
});
