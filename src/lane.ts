import { guarded } from "./report.js";
import type { Command } from "./commands/types.js";
import type { World } from "./world.js";

// A lane: one command bundled alone (dist/cp.js, dist/hook.js), for the calls made most often. The
// same command module and error printer as in the full bundle (main.js holds every command and
// costs about as much as a bare node to load); cli.ts sends a call here only when it has none of
// the flags main.ts handles itself (core/flags.ts topLevel: --help, -h, --debug).
export const runLane = (world: World, load: () => Promise<{ command: Command }>): Promise<number> =>
  guarded(world, false, async () => (await load()).command.run(world, world.argv.slice(1)));
