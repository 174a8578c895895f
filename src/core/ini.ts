import { AwsMfaError, msg } from "./errors.js";
import { INLINE_COMMENT, SectionIndex, profileOf, readable, readValues, listSections, lineOf, SEARCHES, type IniKind, type ScannedSection } from "./ini-scan.js";

// A lossless document model for ~/.aws/config and ~/.aws/credentials. Pure: text in, text out.
//
// Every byte of the input is kept (BOM, line endings per line, comments, blank lines, spacing, a
// missing final newline), so an unmodified document serialises to exactly the input, and an edit
// only rewrites the lines of the keys asked for.
//
// How the two real readers of these files behave, and what we do (checked against botocore 1.43's
// configloader.py, which uses Python's RawConfigParser, and @smithy/core's shared-ini-file-loader
// parseIni.js that the JS SDK uses):
// - Inline comments. The SDK cuts every line at the first `#` or `;` that starts the line or follows
//   whitespace (`region = x # tokyo` → "x"). botocore has no inline comments: the value is
//   "x # tokyo". `get` follows the SDK (the lenient reading; the design's own examples use inline
//   comments). Because the CLI would read such a line differently, `set` never leaves an inline
//   comment on a line it rewrites: the comment moves to its own line just above, and values that one
//   of the two readers would cut or trim are refused.
// - Whitespace. Both trim around the key and the value.
// - Delimiter. The SDK only knows `=`; botocore also takes `:` (whichever comes first). We read both
//   like botocore and rewrite a `:` line with `=` when we set it, so both readers see our value.
// - Key case. botocore lower-cases keys and rejects a section holding a key twice; the SDK is case
//   sensitive. We match keys case-insensitively so an edit never adds a second spelling (which
//   would make the AWS CLI refuse the whole file), and write the spelling the caller asked for.
// - Indented lines. Like botocore, a line indented deeper than the key line above it continues that
//   key (`s3 =` then `  max_concurrent_requests = 10`); both readers parse such an empty-valued key
//   into sub-properties. Keys indented alike are separate keys.
// - Duplicate sections / keys. botocore refuses the file (DuplicateSectionError); the SDK merges
//   duplicate sections and the last value of a key wins. We read like the SDK (the only reader that
//   accepts the file) and edit where the winning value lives: `set` replaces the last occurrence
//   of the key, or appends to the last section of the profile; `delete` removes every occurrence.
// - `[default]` and `[profile default]` in config: the SDK lets `[profile default]` replace
//   `[default]` wholesale (botocore takes whichever comes later). We follow the SDK: when a
//   `[profile default]` exists, it alone is read and edited; `delete`/`deleteSection` clear both.
// - A UTF-8 BOM is kept, although both readers then miss the first section header.
// Malformed lines (what botocore refuses, or what the two would read differently) raise
// MalformedFile naming FILE:LINE.

export type { IniKind };

interface Line {
  text: string;
  /** "" only for a last line without a final newline, or a line created by an edit. */
  eol: string;
}

interface KeyItem {
  kind: "key";
  line: Line;
  /** The key name, lower-cased (matching is case-insensitive), and the value as the SDK reads it:
   * kept with the line so a lookup does not re-split it (status looks up ~10 keys per profile). */
  id: string;
  value: string;
  /** Lines that continue this key: deeper-indented lines and the blanks/comments between them. */
  cont: Line[];
}

interface OtherItem {
  kind: "blank" | "comment";
  line: Line;
}

type Item = KeyItem | OtherItem;

/**
 * A section of the document. Its lines become items only when something reads or edits them: until
 * then the section is a range of the parsed text, and serialises as that slice. A 50,000-profile
 * file costs one small object per section, not one per line (issue 11: status and login held
 * every line of both files as objects, most of a login's memory), and a command that reads a few
 * profiles parses only theirs. The whole text is still checked line by line when parsed (scan in
 * ini-scan.ts), so a malformed line anywhere fails the parse exactly as before.
 */
class Section {
  private parsed: Item[] | undefined;
  /** While raw: the section's keys (lower-cased) and values as the SDK reads them, made on first get. */
  private values: Map<string, string> | undefined;
  private headerLine: Line | undefined;
  /**
   * Where the section lies in the parsed text (src), header line to the next header, and its
   * name: the scan's own record, kept rather than copied (50,000 sections in a login's edit).
   */
  private readonly at: ScannedSection;

  /** A section as scanned from src, or (a string) one added by an edit: its header text. */
  constructor(
    kind: IniKind,
    from: ScannedSection | string,
    private readonly src = "",
  ) {
    if (typeof from === "string") {
      const p = profileOf(kind, from);
      this.at = { name: from, profile: p.profile, prefixed: p.prefixed, lineNo: 0, start: 0, headerEnd: 0, bodyStart: 0, end: 0 };
      this.headerLine = { text: `[${from}]`, eol: "" };
      this.parsed = [];
      return;
    }
    this.at = from;
  }

  /** The profile this section configures, or undefined (e.g. `[sso-session x]` in config). */
  get profile(): string | undefined {
    return this.at.profile;
  }
  /** Only config: written as `[profile NAME]` (matters for `default`). */
  get prefixed(): boolean {
    return this.at.prefixed;
  }
  /** The text between the brackets, as written. */
  get name(): string {
    return this.at.name;
  }
  /** 1-based line of the header as parsed (numbered when first asked); 0 for a section added by an edit. */
  get lineNo(): number {
    if (this.at.lineNo === 0 && this.src) this.at.lineNo = lineOf(this.src, this.at.start);
    return this.at.lineNo;
  }
  get start(): number {
    return this.at.start;
  }
  get end(): number {
    return this.at.end;
  }
  private get bodyStart(): number {
    return this.at.bodyStart;
  }
  private get headerEnd(): number {
    return this.at.headerEnd;
  }

  /** The header line (made on first use, like the items). */
  get header(): Line {
    return (this.headerLine ??= { text: this.src.slice(this.start, this.headerEnd), eol: this.src.slice(this.headerEnd, this.bodyStart) });
  }

  get items(): Item[] {
    if (this.parsed === undefined) {
      this.parsed = buildItems(splitLines(this.src, this.bodyStart, this.end));
      this.values = undefined; // the items answer from now on (edits change them)
    }
    return this.parsed;
  }

  /**
   * The value of a key (lower-cased id) in this section, the last one when repeated. A raw
   * section answers from a map of its keys, without making items for its lines: status reads a
   * few keys of every profile, and items for 50,000 sections were most of its time and memory.
   */
  value(id: string): string | undefined {
    if (this.parsed === undefined) return (this.values ??= readValues(this.src, this.bodyStart, this.end)).get(id);
    let v: string | undefined;
    for (const it of this.parsed) if (it.kind === "key" && it.id === id) v = it.value;
    return v;
  }

  set items(items: Item[]) {
    this.parsed = items;
  }

  /** The section's text as parsed, while its lines have not been made into items (which any edit does). */
  get raw(): boolean {
    return this.parsed === undefined;
  }
}

interface KeyParts {
  indent: string;
  name: string;
  beforeDelim: string;
  delim: "=" | ":";
  afterDelim: string;
  /** Everything after the delimiter's trailing whitespace, inline comment included. */
  rest: string;
}

const BOM = "\uFEFF";
function splitKey(text: string): KeyParts | undefined {
  const eq = text.indexOf("=");
  const colon = text.indexOf(":");
  const at = eq === -1 ? colon : colon === -1 ? eq : Math.min(eq, colon);
  if (at === -1) return undefined;
  const left = text.slice(0, at);
  const right = text.slice(at + 1);
  const indent = /^\s*/.exec(left)![0];
  const name = left.trim();
  const beforeDelim = left.slice(indent.length + name.length);
  const afterDelim = /^\s*/.exec(right)![0];
  return { indent, name, beforeDelim, delim: text[at] as "=" | ":", afterDelim, rest: right.slice(afterDelim.length) };
}

/** The value as the SDK reads it: inline comment cut, whitespace trimmed. */
function valueOf(parts: KeyParts): string {
  const m = INLINE_COMMENT.exec(parts.rest);
  return (m ? parts.rest.slice(0, m.index) : parts.rest).trim();
}

function inlineComment(parts: KeyParts): string | undefined {
  const m = INLINE_COMMENT.exec(parts.rest);
  return m ? parts.rest.slice(m.index).trim() : undefined;
}

const indentWidth = (text: string) => /^\s*/.exec(text)![0].length;
const isBlank = (text: string) => text.trim() === "";
const isComment = (text: string) => /^\s*[#;]/.test(text);

/** Names we are willing to write as a section; anything else could change how the file parses. */
function checkProfileName(name: string): void {
  if (!/^[A-Za-z0-9_.@+%:/-]+$/.test(name) || name === "__proto__")
    throw new AwsMfaError("Usage", msg("ini.profileNameNameCannot", { name: JSON.stringify(name) }), {
      hint: msg("ini.useLettersDigitsAnd"),
    });
}

function checkKey(key: string): void {
  if (!/^[A-Za-z0-9_.-]+$/.test(key)) throw new AwsMfaError("Internal", msg("ini.invalidIniKeyKey", { key: JSON.stringify(key) }));
}

function checkValue(key: string, value: string): void {
  // A value the SDK would cut (inline comment) or either reader would trim would not read back as written.
  if (/[\r\n]/.test(value) || value !== value.trim() || INLINE_COMMENT.test(value))
    throw new AwsMfaError("Usage", msg("ini.theValueForKey", { key }), {
      hint: msg("ini.valuesMayNotContain"),
    });
}

export class IniDocument {
  readonly file: string;
  readonly kind: IniKind;
  private readonly original: string;
  /** The original without its BOM: unread sections serialise as slices of it. */
  private readonly body: string;
  private readonly bom: boolean;
  private readonly finalNewline: boolean;
  private readonly eol: string;
  private preamble: Line[];
  private sections: Section[];
  /**
   * Sections by profile, in document order (both spellings of default under "default"). Built
   * once a few profiles were looked up (allSections) and kept in step by addSection/deleteSection,
   * so a lookup costs the same in a 50,000-profile file as in a 5-profile one (status asks once per
   * profile: a scan per lookup made that quadratic).
   */
  private index: SectionIndex<Section> | undefined;
  /** Before the index: how many profiles were looked up, and the last one's sections. */
  private looked = 0;
  private last: { profile: string; list: Section[] } | undefined;

  /** Use parseIni (or emptyIni) rather than this constructor. */
  constructor(text: string, file: string, kind: IniKind) {
    this.file = file;
    this.kind = kind;
    this.original = text;
    this.bom = text.startsWith(BOM);
    const body = this.bom ? text.slice(1) : text;
    this.body = body;
    this.finalNewline = body === "" || body.endsWith("\n");
    const firstEol = /\r?\n/.exec(body);
    this.eol = firstEol ? firstEol[0] : "\n";
    const parsed = listSections(body, file, kind);
    this.preamble = splitLines(body, 0, parsed.preambleEnd);
    this.sections = parsed.sections.map((s) => new Section(kind, s, body));
  }

  /** Serialise. Byte-identical to the input when nothing was edited. */
  toString(): string {
    return this.pieces().join("");
  }

  /**
   * toString's text as the pieces it is joined from (mostly slices of the input): a writer can
   * write them without making one more copy of a 50,000-profile file.
   */
  pieces(): string[] {
    const parts: string[] = [];
    // Sections nobody read or edited are copied as slices of the input; neighbours as one slice.
    let run: [number, number] | undefined;
    let endsWithLine = false;
    const flush = () => {
      if (run) parts.push(this.body.slice(run[0], run[1]));
      if (run) endsWithLine = false;
      run = undefined;
    };
    // Lines created by edits carry no ending: the file's own (its first line's) is used.
    const line = (l: Line) => {
      flush();
      parts.push(l.text, l.eol || this.eol);
      endsWithLine = true;
    };
    this.preamble.forEach(line);
    for (const s of this.sections) {
      if (s.raw) {
        if (run && run[1] === s.start) run[1] = s.end;
        else {
          flush();
          run = [s.start, s.end];
        }
        continue;
      }
      line(s.header);
      for (const it of s.items) {
        line(it.line);
        if (it.kind === "key") it.cont.forEach(line);
      }
    }
    flush();
    // The file's final-newline habit is kept: without one, the last line ends the text bare.
    if (!this.finalNewline && parts.length > 0) {
      const last = parts.pop()!;
      // A line's ending is a part of its own; a slice may end with one (when it is no longer last).
      if (!endsWithLine) parts.push(last.replace(/\r?\n$/, ""));
    }
    if (this.bom) parts.unshift(BOM);
    return parts;
  }

  /** True when toString() differs from the parsed text. */
  get changed(): boolean {
    return this.toString() !== this.original;
  }

  /** Profile names in order of first appearance. */
  profiles(): string[] {
    const seen = new Set<string>();
    for (const s of this.sections) if (s.profile !== undefined) seen.add(s.profile);
    return [...seen];
  }

  /** Raw section names (the text between brackets), including non-profile sections, in order. */
  sectionNames(): string[] {
    return [...new Set(this.sections.map((s) => s.name))];
  }

  has(profile: string): boolean {
    return this.readSections(profile).length > 0;
  }

  /** Header line numbers of every section of this profile (more than one: a duplicate). */
  sectionLines(profile: string): number[] {
    return this.allSections(profile).map((s) => s.lineNo);
  }

  get(profile: string, key: string): string | undefined {
    const id = key.toLowerCase();
    let v: string | undefined;
    for (const s of this.readSections(profile)) v = s.value(id) ?? v;
    return v;
  }

  /** Sub-properties of a nested key (`s3 =` followed by indented `k = v` lines). */
  getSub(profile: string, key: string): Record<string, string> | undefined {
    const hit = this.lastKey(profile, key);
    if (!hit || hit.item.value !== "") return undefined;
    const sub: Record<string, string> = {};
    for (const l of hit.item.cont) {
      if (isBlank(l.text) || isComment(l.text)) continue;
      const p = splitKey(l.text);
      if (p && p.name) sub[p.name] = valueOf(p);
    }
    return sub;
  }

  /** Keys of a profile in order (first spelling wins), merged over duplicate sections. */
  keys(profile: string): string[] {
    return this.entries(profile).map(([k]) => k);
  }

  /** [key, value] pairs; the last value of a repeated key wins, like the SDK. */
  entries(profile: string): Array<[string, string]> {
    const out = new Map<string, [string, string]>();
    for (const s of this.readSections(profile))
      for (const it of s.items) {
        if (it.kind !== "key") continue;
        const prev = out.get(it.id);
        out.set(it.id, [prev ? prev[0] : splitKey(it.line.text)!.name, it.value]);
      }
    return [...out.values()];
  }

  set(profile: string, key: string, value: string): void {
    checkKey(key);
    checkValue(key, value);
    const hit = this.lastKey(profile, key);
    if (hit) {
      const { item, section } = hit;
      const p = splitKey(item.line.text)!;
      const before = p.beforeDelim === "" && p.delim === ":" ? " " : p.beforeDelim;
      const after = p.afterDelim === "" && before !== "" ? " " : p.afterDelim;
      const text = `${p.indent}${key}${before}=${after}${value}`;
      if (text === item.line.text && item.cont.length === 0) return;
      const comment = inlineComment(p);
      item.line = { text, eol: item.line.eol };
      item.value = value;
      item.cont = [];
      if (comment !== undefined) {
        const idx = section.items.indexOf(item);
        section.items.splice(idx, 0, { kind: "comment", line: { text: p.indent + comment, eol: "" } });
      }
      return;
    }
    let section = this.readSections(profile).at(-1);
    if (!section) section = this.addSection(profile);
    const items = section.items;
    let lastKey = -1;
    items.forEach((it, i) => {
      if (it.kind === "key") lastKey = i;
    });
    // Follow the section's own style (indent, spacing around `=`) when it has keys.
    const model = lastKey >= 0 ? splitKey(items[lastKey]!.line.text)! : undefined;
    const text = model
      ? `${model.indent}${key}${model.beforeDelim || (model.delim === ":" ? " " : "")}=${model.afterDelim || (model.beforeDelim ? " " : "")}${value}`
      : `${key} = ${value}`;
    items.splice(lastKey + 1, 0, { kind: "key", line: { text, eol: "" }, id: key.toLowerCase(), value, cont: [] });
  }

  /** Remove a key from every section of the profile. Returns whether anything was removed. */
  delete(profile: string, key: string): boolean {
    let removed = false;
    for (const s of this.allSections(profile)) {
      const id = key.toLowerCase();
      const keep = s.items.filter((it) => !(it.kind === "key" && it.id === id));
      if (keep.length !== s.items.length) removed = true;
      s.items = keep;
    }
    return removed;
  }

  /** Remove every section of the profile (both spellings of default). Returns whether any existed. */
  deleteSection(profile: string): boolean {
    const doomed = new Set(this.allSections(profile));
    if (doomed.size === 0) return false;
    this.index?.delete(profile);
    if (this.last?.profile === profile) this.last = undefined;
    const wasLast = doomed.has(this.sections.at(-1)!);
    this.sections = this.sections.filter((s) => !doomed.has(s));
    if (wasLast) {
      // Do not leave the blank separator that preceded the removed tail section.
      const prev = this.sections.at(-1);
      if (prev) while (prev.items.at(-1)?.kind === "blank") prev.items.pop();
      else while (this.preamble.length > 0 && isBlank(this.preamble.at(-1)!.text)) this.preamble.pop();
    }
    return true;
  }

  /**
   * Remove the profile's sections that hold no keys any more (header and blank lines), keeping
   * every comment line: a comment below a section's keys is often about the next section.
   */
  deleteEmptySection(profile: string): boolean {
    let removed = false;
    for (const s of this.allSections(profile)) {
      if (s.items.some((it) => it.kind === "key")) continue;
      const i = this.sections.indexOf(s);
      const wasLast = i === this.sections.length - 1;
      const comments = s.items.filter((it) => it.kind === "comment");
      const prev = this.sections[i - 1];
      if (prev) prev.items.push(...comments);
      else this.preamble.push(...comments.map((c) => c.line));
      this.sections.splice(i, 1);
      this.index = this.last = undefined; // rebuilt on the next lookup
      // As deleteSection: a removed tail section takes the blank line that separated it along.
      if (wasLast && comments.length === 0) {
        if (prev) while (prev.items.at(-1)?.kind === "blank") prev.items.pop();
        else while (this.preamble.length > 0 && isBlank(this.preamble.at(-1)!.text)) this.preamble.pop();
      }
      removed = true;
    }
    return removed;
  }

  /** Sections with this profile, whichever spelling, in document order. */
  private allSections(profile: string): Section[] {
    if (this.index) return this.index.get(profile);
    if (this.last?.profile === profile) return this.last.list;
    // An edit asks of one or two profiles of a file that may hold 50,000 (login): a pass over the
    // list for each costs less than indexing them all. Past a few profiles, the index answers.
    if (this.looked < SEARCHES) {
      this.looked++;
      this.last = { profile, list: this.sections.filter((s) => s.profile === profile) };
      return this.last.list;
    }
    this.last = undefined;
    this.index = new SectionIndex(this.sections);
    return this.index.get(profile);
  }

  /** The sections reads and edits use (see the `[profile default]` note at the top). */
  private readSections(profile: string): Section[] {
    return readable(this.kind, profile, this.allSections(profile));
  }

  private lastKey(profile: string, key: string): { item: KeyItem; section: Section } | undefined {
    let hit: { item: KeyItem; section: Section } | undefined;
    const id = key.toLowerCase();
    for (const section of this.readSections(profile))
      for (const item of section.items) if (item.kind === "key" && item.id === id) hit = { item, section };
    return hit;
  }

  private addSection(profile: string): Section {
    checkProfileName(profile);
    const name = this.kind === "config" && profile !== "default" ? `profile ${profile}` : profile;
    const lastSection = this.sections.at(-1);
    const lastLine = lastSection ? (lastSection.items.at(-1)?.line ?? lastSection.header) : this.preamble.at(-1);
    // A blank line separates the new section from whatever precedes it (unless the file is empty).
    if (lastLine && !isBlank(lastLine.text)) {
      const blank: Line = { text: "", eol: "" };
      if (lastSection) lastSection.items.push({ kind: "blank", line: blank });
      else this.preamble.push(blank);
    }
    const s = new Section(this.kind, name);
    this.sections.push(s);
    this.index?.add(s);
    if (this.last?.profile === profile) this.last.list.push(s);
    return s;
  }
}


/** The lines of body[from, to), each with its own ending. Split with indexOf: a lazy regex tried
 * the line ending at every character (a third of the time spent parsing a 50,000-profile file). */
function splitLines(body: string, from: number, to: number): Line[] {
  const lines: Line[] = [];
  for (let at = from; at < to; ) {
    const nl = body.indexOf("\n", at);
    if (nl === -1 || nl >= to) {
      lines.push({ text: body.slice(at, to), eol: "" });
      break;
    }
    const crlf = nl > at && body.charCodeAt(nl - 1) === 13;
    lines.push({ text: body.slice(at, crlf ? nl - 1 : nl), eol: crlf ? "\r\n" : "\n" });
    at = nl + 1;
  }
  return lines;
}

/** The items of a section's body lines (the scan has checked them). */
function buildItems(lines: Line[]): Item[] {
  const items: Item[] = [];
  // The key that deeper-indented lines continue, and blanks/comments seen since it.
  let openKey: { item: KeyItem; indent: number; pending: Item[] } | undefined;
  for (const line of lines) {
    const text = line.text;
    if (isBlank(text) || isComment(text)) {
      const item: OtherItem = { kind: isBlank(text) ? "blank" : "comment", line };
      if (openKey) openKey.pending.push(item);
      else items.push(item);
      continue;
    }
    const indent = indentWidth(text);
    if (openKey && indent > openKey.indent) {
      for (const p of openKey.pending) openKey.item.cont.push(p.line);
      openKey.pending = [];
      openKey.item.cont.push(line);
      continue;
    }
    if (openKey) items.push(...openKey.pending);
    const parts = splitKey(text)!;
    const item: KeyItem = { kind: "key", line, id: parts.name.toLowerCase(), value: valueOf(parts), cont: [] };
    items.push(item);
    openKey = { item, indent, pending: [] };
  }
  if (openKey) items.push(...openKey.pending);
  return items;
}

export function parseIni(text: string, file: string, kind: IniKind): IniDocument {
  return new IniDocument(text, file, kind);
}

/** The document of a file that does not exist yet. */
export function emptyIni(file: string, kind: IniKind): IniDocument {
  return new IniDocument("", file, kind);
}
