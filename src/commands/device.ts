import { AwsMfaError } from "../core/errors.js";
import type { Command } from "./types.js";

// Placeholder until this command is built; it fails loudly rather than pretending.
export const command: Command = {
  help: "awsmfa device: not built yet",
  run: async () => {
    throw new AwsMfaError("Internal", "'device' is not built yet");
  },
};
