import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AwsMfaError } from "../../src/core/errors.js";
import { IniDocument, parseIni, type IniKind } from "../../src/core/ini.js";
import { IniIndex, lineOf, listSections, scan } from "../../src/core/ini-scan.js";

// Issue 8's proof suite (fuzzing) and issue 11's INI index, on documents fast-check generates:
// - every generated document round-trips byte for byte;
// - setting one key changes that key's line and nothing else;
// - any text at all either parses (and round-trips) or fails with a typed MalformedFile naming a line;
// - the section index answers exactly like the linear scan it replaced, duplicates and both
//   spellings of default included, before and after edits.
// The run counts are printed so the closing note can quote them.

const ROUND_TRIP_RUNS = 10_000;
const EDIT_RUNS = 2_000;
const BYTES_RUNS = 5_000;
const INDEX_RUNS = 1_000;
// One fixed seed by default, so a CI run is repeatable; FUZZ_SEED=random explores new documents
// (fast-check prints the seed and path of any counterexample, to replay with FUZZ_SEED=that).
const SEED = process.env.FUZZ_SEED === "random" ? undefined : Number(process.env.FUZZ_SEED ?? 20261125);
let casesRun = 0;

// Small alphabets make collisions (duplicate sections, a key set twice, `[profile default]` beside
// `[default]`) common, which is where the semantics live.
const profileName = fc.constantFrom("default", "work", "ops", "a.b", "x-long-term", "Work");
const keyName = fc.constantFrom("region", "mfa_serial", "Region", "output", "s3", "aws_access_key_id", "k_1");
const safeValue = fc.stringMatching(/^[A-Za-z0-9:/_.+=@-]{0,12}$/);
const ws = fc.constantFrom("", " ", "  ", "\t");
const eol = fc.constantFrom("\n", "\r\n");

const header = (kind: IniKind) =>
  fc
    .tuple(
      kind === "config"
        ? fc.oneof(profileName.map((p) => (p === "default" ? "default" : `profile ${p}`)), profileName.map((p) => `profile ${p}`), fc.constant("sso-session corp"))
        : profileName,
      ws,
      fc.constantFrom("", " # note", "\t; c"),
    )
    .map(([name, pad, comment]) => `${pad}[${name}]${comment}`);

const keyLine = fc
  .tuple(ws, keyName, ws, fc.constantFrom("=", "=", ":"), ws, safeValue, fc.constantFrom("", "", " # inline", " ;x"))
  .map(([indent, k, b, d, a, v, c]) => `${indent}${k}${b}${d}${a}${v}${c}`);
const subLine = fc.tuple(fc.constantFrom("  ", "    ", "\t"), keyName, safeValue).map(([i, k, v]) => `${i}${k} = ${v}`);
const otherLine = fc.constantFrom("", "   ", "# comment", "; comment", "  # indented comment");

const bodyLine = fc.oneof({ weight: 5, arbitrary: keyLine }, { weight: 1, arbitrary: subLine }, { weight: 2, arbitrary: otherLine });

/** A valid document: optional BOM, a preamble of comments, sections of keys, any line endings. */
const document = (kind: IniKind) =>
  fc
    .tuple(
      fc.boolean(),
      fc.array(otherLine, { maxLength: 2 }),
      fc.array(fc.tuple(header(kind), fc.array(bodyLine, { maxLength: 6 })), { maxLength: 6 }),
      fc.boolean(),
      fc.array(eol, { minLength: 60, maxLength: 60 }),
    )
    .map(([bom, pre, sections, finalNewline, eols]) => {
      // A continuation line directly under a header would be garbage, not a key: make it a key.
      const lines = [...pre, ...sections.flatMap(([h, body]) => [h, ...body.map((l, i) => (i === 0 && /^\s/.test(l) && !/^\s*(#|$)/.test(l) ? l.trimStart() : l))])];
      let text = bom ? "\uFEFF" : "";
      lines.forEach((l, i) => (text += l + (i === lines.length - 1 && !finalNewline ? "" : eols[i % eols.length])));
      return text;
    });

const kindArb = fc.constantFrom<IniKind>("config", "credentials");
const docArb = kindArb.chain((kind) => document(kind).map((text) => ({ kind, text })));

// INI-ish tokens reach the parser's corners far more often than uniform random text does.
const token = fc.constantFrom("[", "]", "=", ":", "#", ";", " ", "\t", "\n", "\r\n", "\r", "profile ", "default", "k", "v", "\uFEFF", "\0", "\x1b", "__proto__", "é");
const anyText = fc.oneof(
  fc.array(token, { maxLength: 40 }).map((t) => t.join("")),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString("utf8")),
);

/** Lines with their endings; the BOM is no part of the first line. */
const lines = (text: string) => {
  const body = text.replace(/^\uFEFF/, "");
  return body === "" ? [] : body.split(/(?<=\n)/);
};

describe("INI fuzzing (issue 8 proof suite)", () => {
  it(`${ROUND_TRIP_RUNS} generated documents round-trip byte for byte`, () => {
    fc.assert(
      fc.property(docArb, ({ kind, text }) => {
        casesRun++;
        const doc = parseIni(text, "f", kind);
        expect(doc.toString()).toBe(text);
        expect(doc.changed).toBe(false);
      }),
      { numRuns: ROUND_TRIP_RUNS, seed: SEED },
    );
  });

  it(`setting one existing key changes only that key's line (${EDIT_RUNS} documents)`, () => {
    fc.assert(
      fc.property(docArb, profileName, keyName, safeValue.filter((v) => v !== ""), ({ kind, text }, profile, key, value) => {
        casesRun++;
        const doc = parseIni(text, "f", kind);
        if (doc.get(profile, key) === undefined) return; // only existing keys here
        const others = snapshot(doc, profile, key);
        doc.set(profile, key, value);
        expect(doc.get(profile, key)).toBe(value);
        expect(snapshot(doc, profile, key)).toEqual(others);
        const before = lines(text);
        const after = lines(doc.toString());
        let a = 0;
        while (a < before.length && a < after.length && before[a] === after[a]) a++;
        let b = 0;
        while (b < before.length - a && b < after.length - a && before[before.length - 1 - b] === after[after.length - 1 - b]) b++;
        const oldMid = before.slice(a, before.length - b);
        const newMid = after.slice(a, after.length - b);
        if (oldMid.length === 0 && newMid.length === 0) return; // it already had that value
        // Only continuation lines went (`k=_` kept, its indented `\tregion=` dropped): the diff
        // then starts after the key line; count the key line in, on both sides.
        const isKeyLine = (l: string | undefined) => l !== undefined && l.split(/[=:]/)[0]!.trim().toLowerCase() === key.toLowerCase();
        if (a > 0 && !isKeyLine(oldMid[0]) && isKeyLine(before[a - 1])) {
          oldMid.unshift(before[a - 1]!);
          newMid.unshift(after[a - 1]!);
        }
        // One key line (plus the lines it continued) became one line, or a moved inline comment and the line.
        expect(oldMid.length).toBeGreaterThanOrEqual(1);
        expect(oldMid[0]!.split(/[=:]/)[0]!.trim().toLowerCase()).toBe(key.toLowerCase());
        for (const l of oldMid.slice(1)) expect(/^\s/.test(l) || /^\s*([#;]|\r?\n?$)/.test(l)).toBe(true);
        expect(newMid.length === 1 || (newMid.length === 2 && /^\s*[#;]/.test(newMid[0]!))).toBe(true);
        expect(newMid.at(-1)!.replace(/\r?\n$/, "")).toMatch(new RegExp(`^\\s*${key}\\s*=\\s*${escapeRe(value)}$`));
      }),
      { numRuns: EDIT_RUNS, seed: SEED },
    );
  });

  it(`adding a key only inserts lines (${EDIT_RUNS} documents)`, () => {
    fc.assert(
      fc.property(docArb, profileName, keyName, safeValue.filter((v) => v !== ""), ({ kind, text }, profile, key, value) => {
        casesRun++;
        const doc = parseIni(text, "f", kind);
        if (doc.get(profile, key) !== undefined) return;
        const others = snapshot(doc, profile, key);
        doc.set(profile, key, value);
        expect(doc.get(profile, key)).toBe(value);
        expect(snapshot(doc, profile, key)).toEqual(others);
        // Every old line is still there, in order (a last line may have gained its newline).
        const after = lines(doc.toString()).map((l) => l.replace(/\r?\n$/, ""));
        let j = 0;
        for (const l of lines(text).map((x) => x.replace(/\r?\n$/, ""))) {
          while (j < after.length && after[j] !== l) j++;
          expect(j).toBeLessThan(after.length);
          j++;
        }
        expect(parseIni(doc.toString(), "f", kind).get(profile, key)).toBe(value);
      }),
      { numRuns: EDIT_RUNS, seed: SEED },
    );
  });


  it(`arbitrary text never crashes the parser: it round-trips or fails as MalformedFile with a line (${BYTES_RUNS} inputs)`, () => {
    fc.assert(
      fc.property(anyText, kindArb, (text, kind) => {
        casesRun++;
        let doc: IniDocument | undefined;
        try {
          doc = parseIni(text, "/h/.aws/x", kind);
        } catch (e) {
          expect(e).toBeInstanceOf(AwsMfaError);
          const err = e as AwsMfaError;
          expect(err.code).toBe("MalformedFile");
          const m = /^\/h\/\.aws\/x:(\d+): \S/.exec(err.message);
          expect(m).not.toBeNull();
          const n = Number(m![1]);
          expect(n).toBeGreaterThanOrEqual(1);
          expect(n).toBeLessThanOrEqual(text.split("\n").length);
          return;
        }
        expect(doc.toString()).toBe(text);
        for (const p of doc.profiles()) for (const k of doc.keys(p)) expect(typeof doc.get(p, k)).toBe("string");
      }),
      { numRuns: BYTES_RUNS, seed: SEED },
    );
  });
});

/** Every (profile, key) answer except the one being edited. */
function snapshot(doc: IniDocument, profile: string, key: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of doc.profiles())
    for (const [k, v] of doc.entries(p)) if (!(p === profile && k.toLowerCase() === key.toLowerCase())) out[`${p}\0${k.toLowerCase()}`] = v;
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The reference: the linear scan that `allSections` did before the index (issue 11). Replacing the
 * private method on one instance keeps everything else — the SDK semantics of readSections,
 * lastKey, set, delete — shared between the two documents under comparison.
 */
function linear(doc: IniDocument): IniDocument {
  const d = doc as unknown as { sections: Array<{ profile?: string }>; allSections: (p: string) => unknown[] };
  d.allSections = function (this: typeof d, p: string) {
    return this.sections.filter((s) => s.profile === p);
  };
  return doc;
}

type Op = { op: "set"; p: string; k: string; v: string } | { op: "delete"; p: string; k: string } | { op: "deleteSection"; p: string };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("set" as const), p: profileName, k: keyName, v: safeValue }),
  fc.record({ op: fc.constant("delete" as const), p: profileName, k: keyName }),
  fc.record({ op: fc.constant("deleteSection" as const), p: profileName }),
);

const answers = (doc: IniDocument) => {
  const out: unknown[] = [doc.profiles(), doc.sectionNames()];
  for (const p of ["default", "work", "ops", "a.b", "x-long-term", "Work", "nope"]) {
    out.push(p, doc.has(p), doc.entries(p), doc.keys(p));
    for (const k of ["region", "REGION", "mfa_serial", "s3", "output", "missing"]) out.push(doc.get(p, k), doc.getSub(p, k));
  }
  return out;
};

describe("the section index (issue 11)", () => {
  it(`answers like a linear scan on generated documents, across edits (${INDEX_RUNS} documents)`, () => {
    fc.assert(
      fc.property(docArb, fc.array(opArb, { maxLength: 8 }), ({ kind, text }, ops) => {
        casesRun++;
        const indexed = parseIni(text, "f", kind);
        const scanned = linear(parseIni(text, "f", kind));
        // Edited before anything indexes it (a login's edit asks of one or two profiles): its
        // lookups by a pass over the sections, until past SEARCHES profiles.
        const fresh = parseIni(text, "f", kind);
        expect(answers(indexed)).toEqual(answers(scanned));
        for (const o of ops) {
          const apply = (d: IniDocument) => (o.op === "set" ? d.set(o.p, o.k, o.v) : o.op === "delete" ? d.delete(o.p, o.k) : d.deleteSection(o.p));
          const want = apply(scanned);
          expect(apply(indexed)).toEqual(want);
          expect(apply(fresh)).toEqual(want);
          expect(answers(indexed)).toEqual(answers(scanned));
          expect(indexed.toString()).toBe(scanned.toString());
          expect([fresh.has(o.p), fresh.get(o.p, "k"), fresh.sectionLines(o.p).length, fresh.toString()]).toEqual([scanned.has(o.p), scanned.get(o.p, "k"), scanned.sectionLines(o.p).length, scanned.toString()]);
        }
        expect(answers(fresh)).toEqual(answers(scanned));
      }),
      { numRuns: INDEX_RUNS, seed: SEED },
    );
  });

  it("keeps the SDK's rules: [profile default] replaces [default]; duplicate sections merge, the last value wins", () => {
    const text = "[default]\nregion = a\noutput = json\n[profile default]\nregion = b\n[profile work]\nx = 1\n[profile work]\nx = 2\ny = 3\n";
    for (const doc of [parseIni(text, "f", "config"), linear(parseIni(text, "f", "config"))]) {
      expect(doc.get("default", "region")).toBe("b");
      expect(doc.get("default", "output")).toBeUndefined();
      expect(doc.entries("work")).toEqual([["x", "2"], ["y", "3"]]);
      doc.deleteSection("default");
      expect(doc.has("default")).toBe(false);
      doc.set("default", "region", "c");
      expect(doc.toString()).toContain("[default]\nregion = c\n");
      expect(doc.get("default", "region")).toBe("c");
    }
  });

  // Issue 11, second part: a section stays a slice of the text until something reads its lines
  // (scan checks every line without making objects; get answers a raw section from a map of its
  // keys). Both must answer exactly like the line model they stand in for.
  it(`a section not yet read (and IniIndex) answers like one made into lines, and serialises alike (${INDEX_RUNS} documents and ${INDEX_RUNS} texts)`, () => {
    const texts = fc.oneof(docArb, fc.tuple(anyText, kindArb).map(([text, kind]) => ({ kind, text })));
    fc.assert(
      fc.property(texts, fc.array(profileName, { maxLength: 3 }), ({ kind, text }, touched) => {
        casesRun++;
        let lazy: IniDocument;
        try {
          lazy = parseIni(text, "f", kind);
        } catch {
          return; // the error is checked against the reference below
        }
        const lines = parseIni(text, "f", kind);
        const profiles = lines.profiles();
        const keys = new Set(["region", "REGION", "mfa_serial", "s3", "missing", "k", ""]);
        for (const p of profiles) for (const k of lines.keys(p)) keys.add(k); // every section of `lines` is items now
        // IniIndex (the warm path's read-only reader) answers alike too: `found` only ever asked
        // get (it finds a profile's sections by their headers), `index` the other lookups first.
        // `asked` is asked has and sectionLines before anything else lists the sections (login's
        // one [P-long-term]: found by its headers too).
        const found = new IniIndex(text, "f", kind);
        const index = new IniIndex(text, "f", kind);
        const asked = new IniIndex(text, "f", kind);
        expect(index.profiles()).toEqual(profiles);
        for (const p of [...profiles, "nope", "default", "profile default", "a", "b"]) {
          expect(asked.sectionLines(p)).toEqual(lines.sectionLines(p));
          expect(asked.has(p)).toBe(lines.has(p));
          expect(index.has(p)).toBe(lines.has(p));
          expect(index.sectionLines(p)).toEqual(lines.sectionLines(p));
          for (const k of keys) {
            expect(lazy.get(p, k)).toBe(lines.get(p, k));
            expect(index.get(p, k)).toBe(lines.get(p, k));
            expect(found.get(p, k)).toBe(lines.get(p, k));
          }
        }
        // Some sections read as lines, the rest still slices: the text comes back byte for byte.
        const partial = parseIni(text, "f", kind);
        for (const p of touched) partial.entries(p);
        expect(partial.toString()).toBe(text);
        expect(lines.toString()).toBe(text);
      }),
      { numRuns: INDEX_RUNS * 2, seed: SEED },
    );
  });

  it(`the scan refuses exactly the lines the line-by-line rules refuse, at the same line (${BYTES_RUNS} texts)`, () => {
    fc.assert(
      fc.property(fc.oneof(anyText, docArb.map((d) => d.text)), kindArb, (text, kind) => {
        casesRun++;
        let got: string | undefined;
        try {
          parseIni(text, "f", kind);
        } catch (e) {
          got = (e as AwsMfaError).message;
        }
        let byIndex: string | undefined;
        try {
          new IniIndex(text, "f", kind);
        } catch (e) {
          byIndex = (e as AwsMfaError).message;
        }
        expect(byIndex).toBe(got);
        const want = referenceError(text);
        if (want === undefined) expect(got).toBeUndefined();
        else expect(got?.startsWith(`f:${want}`), `${got} vs ${want}`).toBe(true);
      }),
      { numRuns: BYTES_RUNS, seed: SEED },
    );
  });

  it(`listSections (the header search parseIni and IniIndex use) lists what scan lists, or throws what it throws (${BYTES_RUNS} texts)`, () => {
    const run = (f: () => { preambleEnd: number; sections: Array<{ lineNo: number; start: number }> }, body: string) => {
      try {
        const r = f();
        return { ...r, sections: r.sections.map((s) => ({ ...s, lineNo: s.lineNo || lineOf(body, s.start) })) };
      } catch (e) {
        return (e as Error).message;
      }
    };
    let searched = 0;
    fc.assert(
      fc.property(fc.oneof(anyText, docArb.map((d) => d.text)), kindArb, (text, kind) => {
        casesRun++;
        const body = text.replace(/^\uFEFF/, "");
        const got = run(() => listSections(body, "f", kind), body);
        expect(got).toEqual(run(() => scan(body, "f", kind), body));
        // Count the texts the search listed (its sections not numbered by scan): the test must reach them.
        if (typeof got !== "string" && got.sections.length > 0 && listSections(body, "f", kind).sections[0]!.lineNo === 0) searched++;
      }),
      { numRuns: BYTES_RUNS, seed: SEED },
    );
    expect(searched).toBeGreaterThan(BYTES_RUNS / 10);
  });

  it("IniIndex refuses what the document model refuses, and reads continuation lines as it does", () => {
    const cases = [
      "[profile a]\nregion = x\nk v\n", // no delimiter after a header
      "[profile a]\n= x\n", // no key name
      "[profile a]\n  : x\n",
      "[profile a\nk = v\n", // unterminated header
      "[ ]\nk = v\n",
      "[a] x\n",
      "[profile __proto__]\n",
      "# c\nk = v\n[profile a]\n", // a setting before any section
      "[profile a]\ns3 =\n  just text\n  more = 1\nregion = r\n", // continuation lines: valid
      "[profile a]\nk = 1\n   \t\n[profile a] ; c\nk = 2\n",
    ];
    for (const text of cases)
      for (const kind of ["config", "credentials"] as const) {
        let want: unknown, got: unknown;
        try {
          want = parseIni(text, "f", kind).get("a", "k") ?? parseIni(text, "f", kind).get("a", "region");
        } catch (e) {
          want = (e as Error).message;
        }
        try {
          const ix = new IniIndex(text, "f", kind);
          got = ix.get("a", "k") ?? ix.get("a", "region");
        } catch (e) {
          got = (e as Error).message;
        }
        expect(got, text).toEqual(want);
      }
  });

  // "\r", U+2028 and U+2029 end a line for /^…$/m but not for scan: a header after one of them
  // inside a line is text of that line, and a header line they break is malformed.
  it("IniIndex reads lines as scan does: only \"\\n\" ends one, not \"\\r\", U+2028 or U+2029", () => {
    const texts = [];
    for (const sep of ["\r", "\u2028", "\u2029"])
      texts.push(
        `[profile a]${sep}k = v\n`,
        `[profile a]\nk = 1${sep}[profile b]\nk = 2\n[profile c]\nk = 3\n`,
        `# c${sep}[profile a]\nk = 1\n`,
        `[profile a]\nk = 1\n[profile a]${sep}[profile b]\nk = 2\n`,
        `[a]\nk = 1${sep}[b]\n[b]\nk = 2\n`,
      );
    for (const text of texts)
      for (const kind of ["config", "credentials"] as const) {
        const ask = (make: () => IniIndex | IniDocument, listFirst: boolean) => {
          try {
            const d = make();
            const listed = listFirst ? [d.profiles(), ["a", "b", "c"].map((p) => d.sectionLines!(p))] : [];
            return [...["a", "b", "c"].map((p) => d.get(p, "k")), ...listed];
          } catch (e) {
            return (e as Error).message;
          }
        };
        for (const listFirst of [false, true])
          expect(ask(() => new IniIndex(text, "f", kind), listFirst), JSON.stringify(text)).toEqual(ask(() => parseIni(text, "f", kind), listFirst));
      }
  });

  it("IniIndex names each section's profile as the document model does, whatever its header", () => {
    const names = ['profile "a b"', "profile 'x'", "profile  two", "profile\tx", " profile a ", "profile a\u2028b", "profile a\rb", "profile", "profile ", "Profile a", "default", "profile default", "sso-session s", "profile é"];
    for (const kind of ["config", "credentials"] as const) {
      const text = names.map((n, i) => `[${n}]\nk = ${i}\n`).join("");
      let want: unknown, got: unknown;
      try {
        const doc = parseIni(text, "f", kind);
        want = doc.profiles().map((p) => [p, doc.get(p, "k"), doc.sectionLines(p)]);
      } catch (e) {
        want = (e as Error).message;
      }
      try {
        const ix = new IniIndex(text, "f", kind);
        got = ix.profiles().map((p) => [p, ix.get(p, "k"), ix.sectionLines(p)]);
      } catch (e) {
        got = (e as Error).message;
      }
      expect(got, kind).toEqual(want);
      expect(Array.isArray(got) && got.length, kind).toBeGreaterThanOrEqual(5);
    }
  });

  it("reports the cases run", () => {
    console.log(`INI fuzz: ${casesRun} generated cases run`);
    expect(casesRun).toBeGreaterThanOrEqual(ROUND_TRIP_RUNS);
  });
});

/**
 * The reference for the scan's checks: the rules, line by line with regular expressions, as the
 * parser applied them before issue 11. "LINE: start of the message", or undefined when valid.
 */
function referenceError(text: string): string | undefined {
  const body = text.replace(/^\uFEFF/, "");
  const all = body.split("\n");
  if (all.at(-1) === "") all.pop(); // after a final newline there is no further line
  let inSection = false;
  let openIndent = -1;
  for (const [i, raw] of all.entries()) {
    const n = i + 1;
    // A line's ending is "\n" or "\r\n"; a bare "\r" at the very end belongs to the text.
    const t = i < all.length - 1 || body.endsWith("\n") ? raw.replace(/\r$/, "") : raw;
    if (/^\s*$/.test(t) || /^\s*[#;]/.test(t)) continue;
    const indent = /^\s*/.exec(t)![0].length;
    if (openIndent >= 0 && indent > openIndent && !t.trimStart().startsWith("[")) continue;
    openIndent = -1;
    const tr = t.trim();
    if (tr.startsWith("[")) {
      const m = /^\[([^\]]*)\](.*)$/s.exec(tr);
      if (!m) return `${n}: unterminated section header`;
      if (m[1]!.trim() === "") return `${n}: empty section name`;
      if (m[2] !== "" && !/^\s+[#;]/.test(m[2]!)) return `${n}: unexpected text after section header`;
      if (m[1] === "__proto__" || m[1] === "profile __proto__") return `${n}: invalid profile name __proto__`;
      inSection = true;
      continue;
    }
    if (!inSection) return `${n}: a setting comes before any [section]`;
    const k = /^([^=:]*)[=:]/.exec(t);
    if (!k) return `${n}: expected "key = value"`;
    if (k[1]!.trim() === "") return `${n}: missing key name before`;
    openIndent = indent;
  }
  return undefined;
}
