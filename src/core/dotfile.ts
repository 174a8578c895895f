import { AwsMfaError, msg, type Msg } from "./errors.js";

// The per-directory `.awsmfa` file is declarative data, never code: two known keys, one value each.
// Everything here is validated so strictly that a value can never carry shell syntax, and the shells
// quote it on top of that (defence in depth: quoting bugs and validation bugs must both happen).

export const DOTFILE_NAME = ".awsmfa";

export interface Dotfile {
  profile: string;
  region?: string;
  /** One line each, already prefixed with file:line, e.g. unknown keys. */
  warnings: Msg[];
}

/** The characters AWS allows in profile names that are safe everywhere we put them. */
export const PROFILE_RE = /^[A-Za-z0-9_.@+=,-]{1,128}$/;
/** Region ids: lowercase words joined by dashes (us-east-1, us-gov-west-1, or an emulator's "local"). */
export const REGION_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_REGION = 32;

const KNOWN = new Set(["profile", "region"]);

/**
 * A real `.awsmfa` is a few lines. The shell hooks read at most this much (+1, to see that there is
 * more) at every prompt to notice edits, and the loader refuses a larger file, so a huge or endless
 * file in a cloned repo cannot slow each prompt down. 8 KiB: fish's `read -n` reads byte by byte,
 * ~0.5 ms per KiB, and only the pathological file pays it.
 */
export const DOTFILE_MAX_BYTES = 8192;

export function isValidProfileName(s: string): boolean {
  return PROFILE_RE.test(s);
}

export function isValidRegion(s: string): boolean {
  return s.length <= MAX_REGION && REGION_RE.test(s);
}

function invalid(file: string, line: number, why: Msg): AwsMfaError {
  return new AwsMfaError("InvalidDotfile", msg("dotfile.fileLineWhy", { file, line, why }), {
    hint: msg("dotfile.theFileHoldsProfile"),
  });
}

/** A safe rendering of a user's value inside an error message (it may hold control characters). */
const show = (s: string) => JSON.stringify(s);

/** Parses the file's raw bytes: anything but UTF-8 text is refused as InvalidDotfile. */
export function parseDotfileBytes(content: Uint8Array, file: string): Dotfile {
  if (content.length > DOTFILE_MAX_BYTES)
    throw new AwsMfaError("InvalidDotfile", msg("dotfile.fileLargerThanValue", { file, value: DOTFILE_MAX_BYTES / 1024 }), {
      hint: msg("dotfile.theFileHoldsProfile"),
    });
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(content);
  } catch {
    throw new AwsMfaError("InvalidDotfile", msg("dotfile.fileNotUtfText", { file }));
  }
  return parseDotfile(text, file);
}

/**
 * Parses `.awsmfa` text. `file` only labels messages. Throws InvalidDotfile naming file:line.
 * Comments start with `#` or `;` (whole line, or after whitespace at the end of a line).
 */
export function parseDotfile(text: string, file: string): Dotfile {
  if (text.includes("\0")) throw invalid(file, 1, msg("dotfile.theFileContainsA"));
  const src = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const values = new Map<string, { value: string; line: number }>();
  const warnings: Msg[] = [];
  const lines = src.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    // Inline comments need whitespace before the marker so a value like `a#b` is not cut silently;
    // it then fails validation loudly instead.
    const text = raw.replace(/(^|\s)[#;].*$/, "").trim();
    if (text === "") return;
    const eq = text.indexOf("=");
    if (eq === -1) throw invalid(file, line, msg("dotfile.expectedKeyValueFound", { text: show(text) }));
    const key = text.slice(0, eq).trim().toLowerCase();
    const value = text.slice(eq + 1).trim();
    if (!/^[a-z_][a-z0-9_]*$/.test(key)) throw invalid(file, line, msg("dotfile.badKeyKey", { key: show(key) }));
    if (!KNOWN.has(key)) {
      warnings.push(msg("dotfile.fileLineUnknownKey", { file, line, key }));
      return;
    }
    const prev = values.get(key);
    if (prev) throw invalid(file, line, msg("dotfile.keyIsAlreadySet", { key, line: prev.line }));
    values.set(key, { value, line });
  });
  const profile = values.get("profile");
  if (!profile) throw invalid(file, lines.length, msg("dotfile.noProfileNameLine"));
  if (!isValidProfileName(profile.value)) {
    throw invalid(file, profile.line, msg("dotfile.profileValueMayOnly", { value: show(profile.value) }));
  }
  const region = values.get("region");
  if (region && !isValidRegion(region.value)) {
    throw invalid(file, region.line, msg("dotfile.regionValueIsNot", { value: show(region.value) }));
  }
  return region ? { profile: profile.value, region: region.value, warnings } : { profile: profile.value, warnings };
}
