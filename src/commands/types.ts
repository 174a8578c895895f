import type { World } from "../world.js";

/** Every file in src/commands exports one of these as `command`. */
export interface Command {
  /** Full --help text, with examples. */
  readonly help: string;
  run(world: World, args: string[]): Promise<number>;
}
