import { runLane } from "./lane.js";
import type { World } from "./world.js";
// The entry installs its Host into this bundle too, as into main.js.
export { installHost } from "./ports/host.js";

// dist/cp.js: a `credential-process` the thin entry could not answer from the cache (a refresh,
// or a wait on another process's), as for a burst of AWS CLI processes on an expired session.
export const main = (world: World) => runLane(world, () => import("./commands/credential-process.js"));
