// The seam between "which key does this profile use" (the resolver, core/) and "where is that key
// kept" (one adapter file per store). Adding a store means adding one adapter file here and one
// entry in the factory (index.ts); no command changes.
//
// `account` is the profile that owns the long-term key: the MFA source profile, never a role
// profile. Profiles that share a key via source_profile therefore share its storage.

export interface LongTermKey {
  accessKeyId: string;
  secretAccessKey: string;
}

import type { KeySource as KeySourceKind } from "../../core/profile.js";
export type { KeySourceKind };
export { KEY_SOURCE_KINDS } from "../../core/profile.js";

export interface KeySource {
  readonly kind: KeySourceKind;
  /** Where the key for `account` lives, for messages: a section, a keyring entry, a file. Never a secret. */
  describe(account: string): string;
  /** The stored key, or undefined when this store has none for `account`. Typed errors for a locked/absent store. */
  read(account: string): Promise<LongTermKey | undefined>;
  /** Store (or replace) the key for `account`. */
  write(account: string, key: LongTermKey): Promise<void>;
  /** Remove it; false when there was nothing to remove. */
  remove(account: string): Promise<boolean>;
}
