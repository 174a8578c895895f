import { badFlag, msg } from "../../core/errors.js";
import { configFile } from "../../core/paths.js";
import { updateIniFile } from "../aws-files.js";
import type { World } from "../../world.js";
import { KEY_SOURCE_KINDS, type KeySourceKind } from "./types.js";

// awsmfa_source in [profile P]: which store holds the profile's long-term key.

export function sourceKind(value: string, where: string): KeySourceKind {
  if ((KEY_SOURCE_KINDS as readonly string[]).includes(value)) return value as KeySourceKind;
  throw badFlag(where, msg("keysConfig.valueIsNotA", { value }));
}

/** Sets awsmfa_source (the default, credentials, is written as no line at all). */
export async function setConfiguredSource(world: Pick<World, "env" | "platform">, name: string, kind: KeySourceKind): Promise<void> {
  await updateIniFile(configFile(world), "config", (doc) => {
    if (kind === "credentials") doc.delete(name, "awsmfa_source");
    else doc.set(name, "awsmfa_source", kind);
  });
}
