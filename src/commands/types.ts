import type { World } from "../world.js";

/**
 * Every command file in src/commands exports one of these as `command`; its definition (flags,
 * help text) lives beside it in <name>.spec.ts.
 */
export interface Command {
  run(world: World, args: string[]): Promise<number>;
}
