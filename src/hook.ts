import { runLane } from "./lane.js";
import type { World } from "./world.js";
// The entry installs its Host into this bundle too, as into main.js.
export { installHost } from "./ports/host.js";

// dist/hook.js: `awsmfa hook <shell> --eval`, which a shell's prompt hook runs after every change it
// sees (a cd into a folder with an .awsmfa, a renewed session).
export const main = (world: World) => runLane(world, () => import("./commands/hook.js"));
