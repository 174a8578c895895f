import { AwsMfaError } from "../../core/errors.js";
import type { World } from "../../world.js";
import type { KeySource, KeySourceKind } from "./types.js";

export type { KeySource, KeySourceKind, LongTermKey } from "./types.js";

/**
 * The one factory for key stores. Adapters load lazily: the warm path never opens a key source,
 * and only the keyring path may load the native keyring module.
 * (Seam placeholder: the credentials-file, keyring and file adapters land in this folder.)
 */
export async function openKeySource(kind: KeySourceKind, world: World): Promise<KeySource> {
  void world;
  throw new AwsMfaError("MissingLongTermKey", `awsmfa_source = ${kind} is not supported yet`);
}
