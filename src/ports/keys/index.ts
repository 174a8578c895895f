import { AwsMfaError, msg } from "../../core/errors.js";
import type { World } from "../../world.js";
import type { KeySource, KeySourceKind, LongTermKey } from "./types.js";

export type { KeySource, KeySourceKind, LongTermKey } from "./types.js";
export { KEY_SOURCE_KINDS } from "./types.js";

/**
 * The one factory for key stores. Adapters load lazily: the warm path never opens a key source,
 * only the keyring path loads the native keyring module, and only the file path loads scrypt.
 * Each call returns a fresh adapter; keep it for the whole command, so a passphrase is asked once.
 */
export async function openKeySource(kind: KeySourceKind, world: World): Promise<KeySource> {
  switch (kind) {
    case "credentials":
      return (await import("./credentials.js")).credentialsKeySource(world);
    case "keyring":
      return (await import("./keyring.js")).keyringKeySource(world);
    case "file":
      return (await import("./file.js")).fileKeySource(world);
  }
}

export const sameKey = (a: LongTermKey | undefined, b: LongTermKey) =>
  !!a && a.accessKeyId === b.accessKeyId && a.secretAccessKey === b.secretAccessKey;

/** Write, then read back from the store itself: a store that silently dropped the key must not pass. */
export async function storeAndCheck(store: KeySource, account: string, key: LongTermKey): Promise<void> {
  await store.write(account, key);
  if (!sameKey(await store.read(account), key))
    throw new AwsMfaError("Conflict", msg("keysIndex.accountDoesNotHold", { account: store.describe(account) }), {
      hint: msg("keysIndex.anotherProgramMayBe"),
    });
}

/**
 * Moves `key` between stores so that a crash at any instant leaves the store the profile names
 * holding it: the new copy is written and read back, then the profile is switched to it
 * (`switchProfile`), and only then is the old copy removed.
 */
export async function moveKey(src: KeySource, dst: KeySource, account: string, key: LongTermKey, switchProfile: () => Promise<void>): Promise<void> {
  await storeAndCheck(dst, account, key);
  await switchProfile();
  await src.remove(account);
}
