import type { World } from "../world.js";

// Owned by the lead: where a profile's current session stands, for the shell hook's expiry notice.
// Reads local files only; never prompts, never touches the network.
export async function findSessionExpiry(_world: World, _profile: string): Promise<Date | undefined> {
  return undefined; // wired to the session cache by issue 3's work
}
