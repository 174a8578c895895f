import { defineCommand } from "./spec.js";

export const spec = defineCommand({
  name: "demo",
  summary: "try awsmfa end to end against the local sandbox",
  usage: ["demo [--no-interactive]"],
  description: `Starts the local STS/IAM sandbox, writes throwaway AWS files in a temporary folder, shows the
demo device's current code (playing the authenticator app), runs 'awsmfa login' and
'awsmfa status', then — if an AWS CLI is installed — 'aws sts get-caller-identity' with the new
session. Everything is removed afterwards; your own ~/.aws is never read or written.`,
  flags: {
    "no-interactive": { type: "boolean", description: "never wait for a key press (for CI)" },
  },
  exitCodes: [[1, "a step failed (its output says which)"]],
  examples: ["awsmfa demo", "npm run demo"],
});
