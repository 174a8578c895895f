import { AwsMfaError, msg } from "../core/errors.js";
import type { IniDocument } from "../core/ini.js";
import { longTermSectionFor, type IniReader, type LongTermKey } from "../core/profile.js";
import { isLongTermKeyId } from "../core/session.js";

// Where `setup` finds the long-term key and how it moves it to [P-long-term]. Pure: documents in,
// edits out; the command does the locking, writing and reading back between the steps.

export type KeyLocation =
  /** Already in [P-long-term]; `plainCopy` when [P] still holds the very same key. */
  | { where: "long-term"; key: LongTermKey; plainCopy: boolean }
  /** Only in [P], as the seed left it: it must move before a session can live in [P]. */
  | { where: "plain"; key: LongTermKey };

function keyIn(doc: IniReader, section: string): LongTermKey | undefined {
  const id = doc.get(section, "aws_access_key_id")?.trim();
  const secret = doc.get(section, "aws_secret_access_key")?.trim();
  return id && secret ? { accessKeyId: id, secretAccessKey: secret } : undefined;
}

const same = (a: LongTermKey, b: LongTermKey) => a.accessKeyId === b.accessKeyId && a.secretAccessKey === b.secretAccessKey;

/** A long-term key in [P] is one with an AKIA id; an ASIA id there is a session (ours, or stale). */
function plainKeyIn(doc: IniReader, profile: string): LongTermKey | undefined {
  const k = keyIn(doc, profile);
  return k && isLongTermKeyId(k.accessKeyId) ? k : undefined;
}

export function locateLongTermKey(creds: IniReader, profile: string, file: string): KeyLocation {
  const ltSection = longTermSectionFor(profile);
  const lt = keyIn(creds, ltSection);
  const plain = plainKeyIn(creds, profile);
  if (lt && plain && !same(lt, plain))
    // Two different keys: picking one could strand the other (maybe the only working one).
    throw new AwsMfaError("Conflict", msg("deviceKeymove.fileProfileAndLtsection", { file, profile, ltSection }), {
      hint: msg("deviceKeymove.keepTheOneThat", { ltSection, profile }),
    });
  if (lt) return { where: "long-term", key: lt, plainCopy: !!plain };
  if (plain) return { where: "plain", key: plain };
  throw new AwsMfaError("MissingLongTermKey", msg("deviceKeymove.fileNoLongTerm", { file, profile, ltSection }), {
    hint: msg("deviceKeymove.putTheIamUser", { profile }),
  });
}

/** Step 1: write the key to its new place. [P] is left alone until the new copy has been read back. */
export function writeLongTermKey(doc: IniDocument, profile: string, key: LongTermKey): void {
  const section = longTermSectionFor(profile);
  doc.set(section, "aws_access_key_id", key.accessKeyId);
  doc.set(section, "aws_secret_access_key", key.secretAccessKey);
}

/** Step 2's check: the new place holds exactly this key. */
export function holdsLongTermKey(doc: IniReader, profile: string, key: LongTermKey): boolean {
  const k = keyIn(doc, longTermSectionFor(profile));
  return !!k && same(k, key);
}

/**
 * Step 3: remove the plaintext copy from [P], but only if [P] still holds this very key and the
 * new place does too (both re-checked on the document read under the lock). Only the two key
 * lines go; the header, comments and any other keys stay where they were.
 */
export function removePlainKey(doc: IniDocument, profile: string, key: LongTermKey): boolean {
  if (!holdsLongTermKey(doc, profile, key)) return false;
  const k = keyIn(doc, profile);
  if (!k || !same(k, key)) return false;
  doc.delete(profile, "aws_access_key_id");
  doc.delete(profile, "aws_secret_access_key");
  return true;
}

/**
 * After the key was stored (and read back) in the keyring or the encrypted file: remove every
 * plaintext copy of this very key, from [P] and from [P-long-term] (whose header goes too when
 * nothing else is left in it). A different key is never touched.
 */
export function removePlaintextCopies(doc: IniDocument, profile: string, key: LongTermKey): boolean {
  let changed = false;
  for (const section of [profile, longTermSectionFor(profile)]) {
    const k = keyIn(doc, section);
    if (!k || !same(k, key)) continue;
    doc.delete(section, "aws_access_key_id");
    doc.delete(section, "aws_secret_access_key");
    if (section !== profile) doc.deleteEmptySection(section);
    changed = true;
  }
  return changed;
}

/** True when the document still holds this key in [P] or [P-long-term]. */
export const holdsPlaintextCopy = (doc: IniReader, profile: string, key: LongTermKey) =>
  [profile, longTermSectionFor(profile)].some((s) => {
    const k = keyIn(doc, s);
    return !!k && same(k, key);
  });

/** AKIAIOSFODNN7EXAMPLE → AKIA…MPLE: enough to recognise a key, never enough to leak one. */
export const maskKeyId = (id: string) => (id.length > 8 ? `${id.slice(0, 4)}…${id.slice(-4)}` : "…");
