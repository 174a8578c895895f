import { describe, expect, it } from "vitest";
import { printable } from "../../src/core/printable.js";

// Issue 8 defect 12: a folder named `x\e]0;pwned\a` retitled the terminal through the hook's notice.
describe("printable", () => {
  it.each([
    ["/tmp/x\x1b]0;pwned\x07/.awsmfa", "/tmp/x\\x1b]0;pwned\\x07/.awsmfa"],
    ["a\nb\tc\rd", "a\\x0ab\\x09c\\x0dd"],
    ["del\x7f c1\x9b[2J", "del\\x7f c1\\x9b[2J"],
    ["ls\u2028x \u202egnp.exe", "ls\\u2028x \\u202egnp.exe"],
  ])("escapes control characters in %j", (raw, shown) => {
    expect(printable(raw)).toBe(shown);
  });

  it("leaves printable text, Unicode and backslashes alone, so a second pass changes nothing", () => {
    for (const s of ["C:\\Users\\a b\\.awsmfa", "日本語 ünïcødé 🙂", "/home/u/~$x"]) expect(printable(s)).toBe(s);
    const once = printable("a\x1bb\u2066c");
    expect(printable(once)).toBe(once);
  });
});
