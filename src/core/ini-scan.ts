import { AwsMfaError, msg, type Msg } from "./errors.js";

// Reading an AWS config or credentials file without a line model: the one scan that checks every
// line and finds the sections (shared by the document model in ini.ts, which makes a section's
// lines into objects only when it is read that way or edited), and IniIndex, a read-only reader
// built on it alone. The rules themselves (inline comments, `:` delimiters, continuation lines,
// duplicate sections, `[profile default]`) are described at the top of ini.ts.
//
// Why not the line model for everything (issue 11): generated configs hold 50,000 profiles, and
// an object per line was most of the time and memory of `status` and `login`. The warm
// credential-process path (the thin entry, run on every AWS CLI call) needs one or two sections
// of the config and must stay small: it uses IniIndex.

export type IniKind = "config" | "credentials";

const PLAIN_PROFILE = /^profile [^\s"'][^\n\r\u2028\u2029]*$/;

// The SDK's inline-comment rule: `#` or `;` at the start or after whitespace ends the line.
export const INLINE_COMMENT = /(^|\s)[;#]/;

export function profileOf(kind: IniKind, name: string): { profile?: string; prefixed: boolean } {
  if (kind === "credentials") return { profile: name, prefixed: false };
  if (name === "default") return { profile: "default", prefixed: false };
  // The usual `profile NAME` (one space, no quote), without the capture below: one of 50,000
  // headers of a generated config. The same answer: the quote group can only be empty here.
  if (PLAIN_PROFILE.test(name)) return { profile: name.slice(8), prefixed: true };
  const m = /^profile\s+(["']?)(.+)\1$/.exec(name);
  return m ? { profile: m[2]!, prefixed: true } : { prefixed: false };
}

// Messages about a line never quote it: in the credentials file it may hold a secret (a pasted
// `aws_secret_access_key wJalr…` lacks its "="), and a config line is no safer to echo.
const malformed = (file: string, line: number, why: Msg) =>
  new AwsMfaError("MalformedFile", msg("ini.fileLineWhy", { file, line, why }), {
    hint: msg("ini.fixThatLineBy"),
  });

/**
 * Names the key of a line that lacks its delimiter, when the first word looks like a key (lower
 * case, as every AWS key is) and something follows it. A lone word might be a pasted secret.
 */
function keyHint(trimmed: string): string {
  const m = /^([a-z][a-z0-9_.-]{0,63})\s+\S/.exec(trimmed);
  return m ? ` for ${m[1]} (the "=" is missing)` : ` (the line has no "=")`;
}

// Whitespace as /\s/ and String.prototype.trim see it (the same set), tested on one character code.
const WS = /\s/;
const isWs = (c: number) => c === 32 || c === 9 || (c < 128 ? c >= 10 && c <= 13 : WS.test(String.fromCharCode(c)));

// The first `=` or `:` of a line, by a sticky regex: a search of the whole text for each (indexOf)
// would cost a pass per line, and a loop per character runs slowly before V8 optimises it.
const DELIM = /[^=:\n]*[=:]/y;
/** The offset of the first `=` or `:` at or after `from` on its line, or -1. */
function delimiterAt(body: string, from: number): number {
  DELIM.lastIndex = from;
  return DELIM.test(body) ? DELIM.lastIndex - 1 : -1;
}

/** A section as the scan found it: offsets into the scanned text (the body, BOM removed). */
export interface ScannedSection {
  /** The text between the brackets, as written. */
  name: string;
  /** The profile this section configures, or undefined (e.g. `[sso-session x]` in config). */
  profile?: string;
  /** Only config: written as `[profile NAME]` (matters for `default`). */
  prefixed: boolean;
  /** 1-based line of the header. */
  lineNo: number;
  /** Start of the header line, end of its text (before its line ending), start of the next line. */
  start: number;
  headerEnd: number;
  bodyStart: number;
  /** Where the next section's header starts (or the end of the text). */
  end: number;
}

/**
 * Checks every line and finds the sections, without making objects for the lines. The rules are
 * the line model's: blank and comment lines; a line indented deeper than the key line above it
 * continues that key; `[` starts a header; anything else must be `key = value` (or `key: value`)
 * inside a section. The first malformed line throws, naming FILE:LINE.
 */
export function scan(body: string, file: string, kind: IniKind): { preambleEnd: number; sections: ScannedSection[] } {
  const sections: ScannedSection[] = [];
  let current: ScannedSection | undefined;
  let preambleEnd = body.length;
  // The indent of the key that deeper-indented lines continue; -1: none.
  let openIndent = -1;
  let n = 0;
  for (let at = 0; at < body.length; ) {
    n++;
    const nl = body.indexOf("\n", at);
    const next = nl === -1 ? body.length : nl + 1;
    const end = nl === -1 ? body.length : nl > at && body.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const lineAt = at;
    at = next;
    let i = lineAt;
    while (i < end && isWs(body.charCodeAt(i))) i++;
    if (i === end) continue; // blank
    const c = body.charCodeAt(i);
    if (c === 35 || c === 59) continue; // # or ;: a comment
    const indent = i - lineAt;
    if (openIndent >= 0 && indent > openIndent && c !== 91) continue; // continues the key above
    openIndent = -1;
    if (c === 91) {
      // [: a section header
      const trimmed = body.slice(lineAt, end).trim();
      const close = trimmed.indexOf("]");
      if (close === -1) throw malformed(file, n, msg("ini.unterminatedSectionHeaderNo"));
      const name = trimmed.slice(1, close);
      if (name.trim() === "") throw malformed(file, n, msg("ini.emptySectionName"));
      const after = trimmed.slice(close + 1);
      if (after !== "" && !/^\s+[#;]/.test(after)) throw malformed(file, n, msg("ini.unexpectedTextAfterSection"));
      // The SDK throws on these two (prototype pollution guard); so do we, rather than half-read the file.
      if (name === "__proto__" || name === "profile __proto__") throw malformed(file, n, msg("ini.invalidProfileNameProto"));
      if (current) current.end = lineAt;
      else preambleEnd = lineAt;
      const p = profileOf(kind, name);
      current = { name, profile: p.profile, prefixed: p.prefixed, lineNo: n, start: lineAt, headerEnd: end, bodyStart: next, end: body.length };
      sections.push(current);
      continue;
    }
    if (!current) throw malformed(file, n, msg("ini.aSettingComesBefore"));
    const delim = delimiterAt(body, i);
    if (delim === -1) throw malformed(file, n, msg("ini.expectedKeyValueTrimmed", { trimmed: keyHint(body.slice(lineAt, end).trim()) }));
    if (delim === i) throw malformed(file, n, msg("ini.missingKeyNameBefore", { delim: body[delim]! }));
    openIndent = indent;
  }
  return { preambleEnd, sections };
}

/**
 * The keys (lower-cased) and values of a section's body (body[from, to), checked by scan), by the
 * rules of the scan and the line model: blank and comment lines skipped, continuation lines belong
 * to the key above (they are not keys), the value as the SDK reads it (inline comment cut,
 * trimmed), the last value of a repeated key wins. Makes no object per line.
 */
export function readValues(body: string, from: number, to: number): Map<string, string> {
  const out = new Map<string, string>();
  let openIndent = -1;
  for (let at = from; at < to; ) {
    const nl = body.indexOf("\n", at);
    const last = nl === -1 || nl >= to; // the section's last line, without an ending
    const next = last ? to : nl + 1;
    const end = last ? to : nl > at && body.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const lineAt = at;
    at = next;
    let i = lineAt;
    while (i < end && isWs(body.charCodeAt(i))) i++;
    if (i === end) continue;
    const c = body.charCodeAt(i);
    if (c === 35 || c === 59) continue;
    const indent = i - lineAt;
    if (openIndent >= 0 && indent > openIndent) continue;
    const delim = delimiterAt(body, i);
    // Sliced once each, whitespace found by index (the key starts at i, a non-blank): a slice
    // then a trim made two strings each, for 50,000 sections. The value's leading blanks are
    // skipped before the comment search: a comment right after them matches at ^ instead.
    let keyEnd = delim;
    while (keyEnd > i && isWs(body.charCodeAt(keyEnd - 1))) keyEnd--;
    let from = delim + 1;
    while (from < end && isWs(body.charCodeAt(from))) from++;
    const right = body.slice(from, end);
    // Nearly no value holds a "#" or ";": two searches of a short string cost less than the regex.
    const m = right.indexOf("#") === -1 && right.indexOf(";") === -1 ? null : INLINE_COMMENT.exec(right);
    out.set(body.slice(i, keyEnd).toLowerCase(), (m ? right.slice(0, m.index) : right).trim());
    openIndent = indent;
  }
  return out;
}

/**
 * The sections reads (and edits) use, out of all the profile's sections in document order: in a
 * config file, a `[profile default]` replaces `[default]` wholesale, as in the SDK.
 */
export function readable<S extends { prefixed: boolean }>(kind: IniKind, profile: string, all: S[]): S[] {
  if (kind === "config" && profile === "default" && all.some((s) => s.prefixed)) return all.filter((s) => s.prefixed);
  return all;
}

/**
 * Sections by profile, in document order (both spellings of default under "default"). A profile
 * with one section (nearly all) holds it directly: an array for each of 50,000 profiles was a
 * good part of a login's memory.
 */
const NONE = Object.freeze([]) as never[];

export class SectionIndex<S extends { profile?: string }> {
  private readonly map = new Map<string, S | S[]>();
  /** Profiles with more than one section (none, in nearly every file). */
  readonly repeated = new Set<string>();

  constructor(sections: S[]) {
    for (const s of sections) this.add(s);
  }

  get(profile: string): S[] {
    const v = this.map.get(profile);
    if (v === undefined) return NONE;
    if (Array.isArray(v)) return v;
    // Asked for: from now on held in an array (a lookup should not make one each time).
    const list = [v];
    this.map.set(profile, list);
    return list;
  }

  /** The profile's section when it has exactly one (nearly all), without making the array get makes. */
  only(profile: string): S | undefined {
    const v = this.map.get(profile);
    return v === undefined || Array.isArray(v) ? (v?.length === 1 ? v[0] : undefined) : v;
  }

  add(s: S): void {
    if (s.profile === undefined) return;
    const v = this.map.get(s.profile);
    if (v === undefined) this.map.set(s.profile, s);
    else if (Array.isArray(v)) v.push(s);
    else {
      this.map.set(s.profile, [v, s]);
      this.repeated.add(s.profile);
    }
  }

  delete(profile: string): void {
    this.map.delete(profile);
    this.repeated.delete(profile);
  }

  profiles(): string[] {
    return [...this.map.keys()];
  }
}

// A line that the warm path's check cannot vouch for by itself: anything but a blank line, a
// comment, a key line (a delimiter with a name before it) or a well-formed section header. One
// native regular-expression search over the whole text: the same rules as scan for every line it
// passes (a continuation line it flags is legal, and scan then says so), at a fraction of the cost
// of scan's loop in a process that runs it once, before V8 has optimised anything.
// A line starts at the text's start or after "\n" only: not /^…$/m, whose ^ and $ also match
// beside "\r", U+2028 and U+2029, which scan reads as part of a line ("[a]\rk = v" is one
// malformed header line to scan, and was two valid lines to /^…$/m).
const DOUBTFUL = /(?:^|\n)(?![^\S\n]*(?:(?![^\n])|[#;]|[^\s#;[=:][^\n=:]*[=:]|\[[^\S\n]*[^\s\]][^\]\n]*\](?:[^\S\n]*(?![^\n])|[^\S\n]+[#;])))/;
/**
 * The start of the first section header line at or after `from` (a line's start), or -1: a line
 * whose first non-blank character is `[` (never a continuation). Found by searching for "[", a
 * native search (in an AWS file nearly every "[" opens a header), then looking back over the
 * blanks before it: a regular expression tried at every line cost thousands of instructions per
 * section of a generated credentials file.
 */
function nextHeader(body: string, from: number): number {
  for (let at = body.indexOf("[", from); at !== -1; at = body.indexOf("[", at + 1)) {
    let i = at;
    while (i > 0 && isBlank(body.charCodeAt(i - 1))) i--;
    if (i === 0 || body.charCodeAt(i - 1) === 10) return i;
  }
  return -1;
}
const isBlank = (c: number) => c !== 10 && isWs(c);
/** The start of the line a match of a pattern beginning `(?:^|\n)` found (at 0, or at the "\n" before the line). */
const lineStart = (body: string, at: number) => (body.charCodeAt(at) === 10 ? at + 1 : at);
/** Where such a search must begin to find lines from the line starting at `start` on. */
const fromLine = (start: number) => (start > 0 ? start - 1 : 0);
/**
 * A vouched header from its "[" (see headers): the profile of a plain `profile NAME`
 * (PLAIN_PROFILE, found in the same match), else the name between the brackets.
 */
const HEADER_NAME = /\[(?:profile (?=[^\s"'\]])([^\]\n\r\u2028\u2029]*)\]|([^\]\n]*)\])/y;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * How many profiles IniIndex finds by searching for their headers (and IniDocument by a pass over
 * its sections) before it indexes all the sections.
 */
export const SEARCHES = 4;

/**
 * The sections of a text whose every line DOUBTFUL passed, as scan would list them (lineNo 0:
 * see lineOf): there, a line whose first non-blank is `[` is a well-formed header, and every
 * other line belongs to the section above. One native search from header to header: scan's loop
 * over every line, in code V8 has not optimised yet, cost more than the rest of a status of
 * 5,000 profiles.
 */
function headers(body: string, kind: IniKind): ScannedSection[] {
  const out: ScannedSection[] = [];
  let last: ScannedSection | undefined;
  for (let start = nextHeader(body, 0); start !== -1; start = nextHeader(body, last.bodyStart)) {
    if (last) last.end = start;
    out.push((last = headerAt(body, kind, start)));
  }
  return out;
}

/**
 * The section whose header line starts at `start`, in a text every line of which passed DOUBTFUL
 * (its end is the text's until the caller finds the next header).
 */
function headerAt(body: string, kind: IniKind, start: number): ScannedSection {
  HEADER_NAME.lastIndex = body.indexOf("[", start);
  // Every header line of a vouched text is well formed (DOUBTFUL), so this matches.
  const m = HEADER_NAME.exec(body)!;
  const close = HEADER_NAME.lastIndex - 1; // the first "]" of the line, as scan finds it
  const nl = body.indexOf("\n", close);
  const bodyStart = nl === -1 ? body.length : nl + 1;
  const headerEnd = nl === -1 ? body.length : body.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
  // A plain `profile NAME` in the config names its profile as it stands; any other name is read by profileOf.
  const plain = m[1];
  // The name as a slice of the text (which holds it just before the "]"), not a new string.
  const name = body.slice(close - (plain === undefined ? m[2]!.length : plain.length + 8), close);
  const p = plain !== undefined && kind === "config" ? undefined : profileOf(kind, name);
  return { name, profile: p ? p.profile : plain, prefixed: p ? p.prefixed : true, lineNo: 0, start, headerEnd, bodyStart, end: body.length };
}

/**
 * Whether every line of the text passed DOUBTFUL, so that headers lists its sections as scan
 * would; then the lines before the first header are scanned (keys there are wrong), and their
 * error thrown. Otherwise the caller must scan the whole text.
 */
function vouched(body: string, file: string, kind: IniKind): boolean {
  if (DOUBTFUL.test(body) || body.includes("__proto__")) return false;
  const first = nextHeader(body, 0);
  // Most files start with a header: scan is then not even compiled (the warm path runs once).
  if (first !== 0) scan(body.slice(0, first === -1 ? body.length : first), file, kind);
  return true;
}

/**
 * scan's answer (its errors too), by headers when every line passed DOUBTFUL: scan's loop over
 * every line was most of parsing a 5,000-profile credentials file for login's edit. Sections found
 * by headers have lineNo 0 (lineOf numbers one when asked).
 */
export function listSections(body: string, file: string, kind: IniKind): { preambleEnd: number; sections: ScannedSection[] } {
  if (!vouched(body, file, kind)) return scan(body, file, kind);
  const sections = headers(body, kind);
  return { preambleEnd: sections.length ? sections[0]!.start : body.length, sections };
}

/** The 1-based line of `body` that `at` is on. */
export function lineOf(body: string, at: number): number {
  let n = 1;
  for (let nl = body.indexOf("\n"); nl !== -1 && nl < at; nl = body.indexOf("\n", nl + 1)) n++;
  return n;
}

type ProfileValues = { profile: string; values: ReadonlyMap<string, string> };

/**
 * IniIndex.profileValues's steps: a plain iterator rather than a generator, whose every step
 * saved and restored the generator's frame. A profile with one section (nearly all) is read from
 * it; one with several (`merged`) at its first.
 */
class ProfileValuesIterator implements IterableIterator<ProfileValues> {
  private i = 0;
  private readonly seen = new Set<string>();
  constructor(
    private readonly body: string,
    private readonly sections: ScannedSection[],
    private readonly repeated: ReadonlySet<string>,
    private readonly merged: (profile: string) => ReadonlyMap<string, string>,
  ) {}

  [Symbol.iterator](): IterableIterator<ProfileValues> {
    return this;
  }

  next(): IteratorResult<ProfileValues> {
    const { sections, repeated } = this;
    while (this.i < sections.length) {
      const s = sections[this.i++]!;
      const p = s.profile;
      if (p === undefined) continue;
      // An object, not a pair: taking a pair apart in a for-of is an iteration of its own.
      if (repeated.size === 0 || !repeated.has(p)) return { done: false, value: { profile: p, values: readValues(this.body, s.bodyStart, s.end) } };
      if (!this.seen.has(p)) {
        this.seen.add(p);
        return { done: false, value: { profile: p, values: this.merged(p) } };
      }
    }
    return { done: true, value: undefined };
  }
}

/**
 * A read-only view of a file, with the same answers as IniDocument (has, get, profiles,
 * sectionLines) and the same MalformedFile errors, for a reader that never edits or serialises:
 * the warm credential-process path, which reads one or two profiles of a config that may hold
 * 50,000. Every line is checked when it is made (DOUBTFUL, else scan); `get` then finds the
 * profile's sections by searching for their headers, and reads only those. The other lookups use
 * the full list of sections: scan's when it checked the lines, else the headers' (headers); status
 * reads every profile in one pass over it (profileValues).
 */
export class IniIndex {
  private readonly body: string;
  /** The text as given (BOM included). */
  readonly text: string;
  private sections: ScannedSection[] | undefined;
  private index: SectionIndex<ScannedSection> | undefined;
  private readonly found = new Map<string, ScannedSection[]>();
  private lastProfile: string | undefined;
  private lastValues: Map<string, string> | undefined;

  constructor(
    text: string,
    file: string,
    readonly kind: IniKind,
  ) {
    this.text = text;
    this.body = text.startsWith("\uFEFF") ? text.slice(1) : text;
    if (!vouched(this.body, file, kind)) this.sections = scan(this.body, file, kind).sections;
  }

  profiles(): string[] {
    return this.all().profiles();
  }

  has(profile: string): boolean {
    return this.sectionsOf(profile).length > 0;
  }

  sectionLines(profile: string): number[] {
    // One profile's sections, found by their headers (sectionsOf) and numbered only then: login
    // asks this of one [P-long-term] in a credentials file that may hold 50,000 sections, and
    // listing and indexing them all cost it more than the rest of its reading.
    const list = this.sectionsOf(profile);
    for (const s of list) if (!s.lineNo) s.lineNo = lineOf(this.body, s.start);
    return list.map((s) => s.lineNo);
  }

  get(profile: string, key: string): string | undefined {
    // A resolver asks several keys of one profile in a row (status: 50,000 profiles, each read
    // about ten times): the last profile's values are kept at hand, and only those. Kept for every
    // section, they were most of what status's collector copied (a section is re-read in a
    // microsecond should it be asked for again later).
    return this.values(profile).get(key.toLowerCase());
  }

  /** The profile's keys (lower-cased) and values (trimmed) over its readable sections, as get answers. */
  values(profile: string): ReadonlyMap<string, string> {
    if (profile !== this.lastProfile) {
      this.lastValues = this.valuesOf(profile);
      this.lastProfile = profile;
    }
    return this.lastValues!;
  }

  /**
   * Each profile, in the order of profiles(), with its values as values() gives them: one pass
   * over the sections. Looking each of 50,000 profiles up by name cost more than reading it.
   */
  profileValues(): IterableIterator<ProfileValues> {
    const index = this.all();
    return new ProfileValuesIterator(this.body, this.sections!, index.repeated, (p) => this.valuesOf(p));
  }

  /** The profile's keys and values over its readable sections (a later value wins), as get sees them. */
  private valuesOf(profile: string): Map<string, string> {
    // Nearly every profile has one section (which readable always keeps).
    const one = this.sections && this.all().only(profile);
    if (one) return readValues(this.body, one.bodyStart, one.end);
    const list = readable(this.kind, profile, this.sectionsOf(profile));
    if (list.length === 1) return readValues(this.body, list[0]!.bodyStart, list[0]!.end);
    const out = new Map<string, string>();
    for (const s of list) for (const [k, v] of readValues(this.body, s.bodyStart, s.end)) out.set(k, v);
    return out;
  }

  /** The profile's sections in document order: the full list's when made, else found by their headers (lineNo 0 until asked). */
  private sectionsOf(profile: string): ScannedSection[] {
    let list = this.found.get(profile);
    if (list) return list;
    // Each search reads the whole text: past a few profiles (a caller asking has() of every
    // profile it lists), one listing of all the sections costs less than a search for each.
    if (this.sections || this.found.size >= SEARCHES) return this.all().get(profile);
    list = [];
    const body = this.body;
    // Header lines holding the name inside their brackets; each is read as headers reads it.
    const candidates = new RegExp(`(?:^|\\n)[^\\S\\n]*\\[[^\\]\\n]*${escapeRe(profile)}`, "g");
    for (let m = candidates.exec(body); m; m = candidates.exec(body)) {
      const s = headerAt(body, this.kind, lineStart(body, m.index));
      candidates.lastIndex = fromLine(s.bodyStart);
      if (s.profile !== profile) continue;
      const next = nextHeader(body, s.bodyStart);
      if (next !== -1) s.end = next;
      list.push(s);
    }
    this.found.set(profile, list);
    return list;
  }

  private all(): SectionIndex<ScannedSection> {
    // No sections yet: every line passed DOUBTFUL (else scan made them), so its headers are its sections.
    return (this.index ??= new SectionIndex((this.sections ??= headers(this.body, this.kind))));
  }
}
