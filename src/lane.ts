import { useLanguage } from "./i18n/index.js";
import { report } from "./report.js";
import type { Command } from "./commands/types.js";
import type { World } from "./world.js";

// A lane: one command bundled alone (dist/cp.js, dist/hook.js), for the calls made most often. The
// same command module and error printer as in the full bundle (main.js holds every command and
// costs about as much as a bare node to load); cli.ts sends a call here only when it has none of
// the flags main.ts handles itself (--help, -h, --debug).
export async function runLane(world: World, load: () => Promise<{ command: Command }>): Promise<number> {
  try {
    await useLanguage(world.env);
    const { command } = await load();
    return await command.run(world, world.argv.slice(1));
  } catch (e) {
    return report(world, e, false);
  }
}
