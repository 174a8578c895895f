import type { Command } from "./types.js";
export const command: Command = { help: "login (stub)", run: async (w) => { w.stdout.write("stub\n"); return 0; } };
