import { AwsMfaError } from "../core/errors.js";
import type { Command } from "./types.js";

// Placeholder until this command is built; it fails loudly rather than pretending.
export const command: Command = {
  help: "awsmfa env: not built yet",
  run: async () => {
    throw new AwsMfaError("Internal", "'env' is not built yet");
  },
};
