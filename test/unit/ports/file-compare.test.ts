import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fileHoldsText, readTextSync, writeFileAtomic } from "../../../src/ports/atomic-write.js";
import { joinsTo } from "../../../src/ports/aws-files.js";

// Issue 11: the check before an AWS file's rename, and the locked re-read, compare the file with a
// text a chunk at a time (bytes first, then decoded), and a long text is written a piece at a time.
// Both must answer exactly as the whole-file versions: readTextSync(file) === text, and the file's
// bytes === the text in UTF-8.

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "awsmfa-cmp-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// Lengths around the 16 Ki / 64 Ki character pieces, with multi-byte characters and surrogate
// pairs placed across their boundaries.
const texts = (): string[] => {
  const out: string[] = ["", "a", "[x]\nk = v\n", "\uFEFF[x]\nk = v\n"];
  for (const n of [16 * 1024, 64 * 1024, 200_000]) {
    for (const filler of ["a", "é", "€", "😀", "a😀", "ab😀"]) {
      let s = "";
      while (s.length < n + 5) s += filler;
      out.push(s.slice(0, n - 1), s.slice(0, n), s.slice(0, n + 1), s.slice(0, n + 3));
    }
  }
  return out;
};

describe("fileHoldsText", () => {
  it("answers like readTextSync(file) === text, for equal, cut, longer and changed files", () => {
    const f = path.join(dir, "f");
    let checked = 0;
    for (const t of texts()) {
      // Lone surrogates cannot come from a read: every text compared is one a read could return.
      writeFileSync(f, t);
      const read = readTextSync(f)!;
      const variants = [read, read.slice(0, -1), read + "x", read.length ? "y" + read.slice(1) : "z", read.slice(0, read.length >> 1) + "\n" + read.slice(read.length >> 1)];
      for (const v of variants) {
        expect(fileHoldsText(f, v), `${t.length} chars`).toBe(readTextSync(f) === v);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it("a file with invalid UTF-8 holds the text a read decodes it to (bytes differ, text is the same)", () => {
    const f = path.join(dir, "bad");
    const bytes = Buffer.concat([Buffer.from("[x]\nk = "), Buffer.from([0xff, 0xe2, 0x82]), Buffer.from("\n".repeat(70_000)), Buffer.from([0xc3])]);
    writeFileSync(f, bytes);
    const read = readTextSync(f)!;
    expect(Buffer.from(read).equals(bytes)).toBe(false);
    expect(fileHoldsText(f, read)).toBe(true);
    expect(fileHoldsText(f, read.replace("\uFFFD", "?"))).toBe(false);
  });

  it("invalid bytes that decode to more bytes than the limit are not refused (only the file's own size counts)", () => {
    const f = path.join(dir, "bad-big");
    writeFileSync(f, Buffer.alloc(900, 0xff));
    const read = readTextSync(f, 1000)!;
    expect(Buffer.byteLength(read)).toBe(2700);
    expect(fileHoldsText(f, read, 1000)).toBe(true);
  });

  it("a missing file holds only undefined; an existing one never does", () => {
    const f = path.join(dir, "missing");
    expect(fileHoldsText(f, undefined)).toBe(true);
    expect(fileHoldsText(f, "")).toBe(false);
    writeFileSync(f, "");
    expect(fileHoldsText(f, undefined)).toBe(false);
    expect(fileHoldsText(f, "")).toBe(true);
  });

  it("refuses a folder and an oversized file as readTextSync does", () => {
    expect(() => fileHoldsText(dir, "x")).toThrow(/is a folder/);
    const f = path.join(dir, "big");
    writeFileSync(f, "x".repeat(2000));
    expect(() => fileHoldsText(f, "x".repeat(2000), 1000)).toThrow(/too large/);
  });
});

describe("writeFileAtomic with a long text", () => {
  it("writes pieces exactly as their join, whatever their sizes", async () => {
    const f = path.join(dir, "p");
    const ts = texts();
    for (let i = 0; i + 3 < ts.length; i += 3) {
      const pieces = [ts[i]!, "\n", ts[i + 1]!, "", "[x]\nk = €\n", ts[i + 2]!, ...Array.from({ length: 50 }, (_, k) => `line ${k} 😀\n`)];
      await writeFileAtomic(f, pieces);
      expect(readFileSync(f).equals(Buffer.from(pieces.join(""), "utf8")), `piece set ${i}`).toBe(true);
    }
  });

  it("writes exactly the text's UTF-8 bytes, whatever falls on a piece boundary", async () => {
    const f = path.join(dir, "w");
    for (const t of texts()) {
      await writeFileAtomic(f, t);
      expect(readFileSync(f).equals(Buffer.from(t, "utf8")), `${t.length} chars`).toBe(true);
    }
  });
});

describe("joinsTo", () => {
  it.each([
    [[], "", true],
    [["", ""], "", true],
    [["ab", "c"], "abc", true],
    [["ab", "c"], "abcd", false],
    [["ab", "cd"], "abc", false],
    [["a", "xc"], "abc", false],
    [[], "a", false],
  ])("%j joins to %j: %s", (pieces, text, want) => expect(joinsTo(pieces, text)).toBe(want));
});
