import { AwsMfaError } from "../core/errors.js";
import type { Command } from "./types.js";

// Placeholder until this command is built; it fails loudly rather than pretending.
export const command: Command = {
  help: "awsmfa exec: not built yet",
  run: async () => {
    throw new AwsMfaError("Internal", "'exec' is not built yet");
  },
};
