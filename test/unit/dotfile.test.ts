import { describe, expect, it } from "vitest";
import { parseDotfile } from "../../src/core/dotfile.js";
import { AwsMfaError, renderMsg } from "../../src/core/errors.js";

describe("parseDotfile", () => {
  const ok: Array<[string, string, { profile: string; region?: string; warnings?: number }]> = [
    ["minimal", "profile = work\n", { profile: "work" }],
    ["no spaces, no newline", "profile=work", { profile: "work" }],
    ["with region", "profile = work\nregion = ap-northeast-1\n", { profile: "work", region: "ap-northeast-1" }],
    ["comments and blanks", "# mine\n\n; also a comment\nprofile = w.x@y+z=1,2_3-4   # trailing\n", { profile: "w.x@y+z=1,2_3-4" }],
    ["CRLF and BOM", "\uFEFFprofile = work\r\nregion = us-gov-west-1\r\n", { profile: "work", region: "us-gov-west-1" }],
    ["key case", "Profile = work\n", { profile: "work" }],
    ["unknown key warns", "profile = work\ncolour = blue\n", { profile: "work", warnings: 1 }],
  ];
  for (const [name, text, want] of ok) {
    it(`accepts: ${name}`, () => {
      const d = parseDotfile(text, "/p/.awsmfa");
      expect(d.profile).toBe(want.profile);
      expect(d.region).toBe(want.region);
      expect(d.warnings).toHaveLength(want.warnings ?? 0);
    });
  }

  it("names file and line in a warning", () => {
    expect(renderMsg(parseDotfile("profile = a\n\nfoo = 1\n", "/p/.awsmfa").warnings[0]!)).toBe("/p/.awsmfa:3: unknown key 'foo' ignored");
  });

  const bad: Array<[string, string, string]> = [
    ["shell syntax in profile", "profile = $(rm -rf ~)\n", "/p/.awsmfa:1:"],
    ["quote in profile", "profile = it's\n", "/p/.awsmfa:1:"],
    ["space inside profile", "profile = my work\n", "/p/.awsmfa:1:"],
    ["backtick", "\nprofile = `id`\n", "/p/.awsmfa:2:"],
    ["hash glued to value", "profile = work#x\n", "/p/.awsmfa:1:"],
    ["non-ASCII profile", "profile = wörk\n", "/p/.awsmfa:1:"],
    ["empty profile", "profile =\n", "/p/.awsmfa:1:"],
    ["missing profile", "region = eu-west-1\n", "no 'profile = NAME'"],
    ["bad region", "profile = w\nregion = EU_WEST;1\n", "/p/.awsmfa:2:"],
    ["no equals", "profile work\n", "/p/.awsmfa:1:"],
    ["duplicate", "profile = a\nprofile = b\n", "/p/.awsmfa:2: 'profile' is already set on line 1"],
    ["NUL byte", "profile = a\0b\n", "NUL"],
    ["newline smuggling via CR", "profile = a\rb\n", "/p/.awsmfa:1:"],
  ];
  for (const [name, text, msg] of bad) {
    it(`rejects: ${name}`, () => {
      let err: unknown;
      try {
        parseDotfile(text, "/p/.awsmfa");
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AwsMfaError);
      expect((err as AwsMfaError).code).toBe("InvalidDotfile");
      expect((err as AwsMfaError).exitCode).toBe(8);
      expect((err as AwsMfaError).message).toContain(msg);
    });
  }
});
