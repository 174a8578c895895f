import { useLanguage } from "./i18n/index.js";
import { report } from "./report.js";
import type { World } from "./world.js";
// The entry installs its Host into this bundle too, as into main.js.
export { installHost } from "./ports/host.js";

// dist/hook.js: `awsmfa hook <shell> --eval`, which a shell's prompt hook runs after every change
// it sees (a cd into a folder with an .awsmfa, a renewed session). The same command module as in
// the full bundle, bundled with only what it uses: main.js holds every command and costs about
// as much as a bare node to load. cli.ts sends here only the plain --eval call; --help and --debug
// go to main.js.
export async function main(world: World): Promise<number> {
  try {
    await useLanguage(world.env);
    const { command } = await import("./commands/hook.js");
    return await command.run(world, world.argv.slice(1));
  } catch (e) {
    return report(world, e, false);
  }
}
