import { defineCommand } from "./spec.js";

export const spec = defineCommand({
  name: "demo",
  summary: "a guided walk through awsmfa in a sandbox, with no AWS account",
  usage: ["demo [--no-interactive]"],
  description: `Starts the local STS/IAM sandbox and writes throwaway AWS files in a temporary folder (your own
~/.aws is never read or written), then walks through four steps, with the live codes of a sandbox
"authenticator app" (the sandbox's own TOTP):
  1. awsmfa device add: a new virtual MFA device, its QR code, enabled with two codes;
  2. awsmfa login: an MFA session;
  3. per-directory profiles: two folders with .awsmfa files, allowed, and a real bash with the hook
     showing AWS_PROFILE change as it cds between them;
  4. process mode: awsmfa configure --mode process, then the AWS CLI (if one is installed) gets
     its credentials from awsmfa.
Everything is removed afterwards.`,
  flags: {
    "no-interactive": { type: "boolean", description: "run every step at once (CI); otherwise the demo waits for Enter between steps when it runs in a terminal" },
  },
  exitCodes: [[1, "a step failed (its output says which)"]],
  examples: ["awsmfa demo", "awsmfa demo --no-interactive", "npm run demo"],
});
