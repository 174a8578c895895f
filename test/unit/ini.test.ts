import { profileOf } from "../../src/core/ini-scan.js";
import { describe, expect, it } from "vitest";
import { AwsMfaError } from "../../src/core/errors.js";
import { emptyIni, parseIni, type IniKind } from "../../src/core/ini.js";

const BOM = "\uFEFF";

const roundTrips: Array<[string, string, IniKind]> = [
  ["empty file", "", "config"],
  ["only a newline", "\n", "config"],
  ["comments and blanks only", "# top\n; also\n\n", "credentials"],
  ["simple config", "[default]\nregion = us-east-1\n\n[profile work]\nmfa_serial = arn:aws:iam::1:mfa/a\n", "config"],
  ["comments everywhere", "# head\n[default] # main\n; x\nregion=eu-west-1 # inline\n  # indented comment\n\n# tail\n", "config"],
  ["CRLF", "[default]\r\nregion = us-east-1\r\n\r\n[profile a]\r\nx = 1\r\n", "config"],
  ["mixed line endings", "[a]\r\nx = 1\ny = 2\r\n", "credentials"],
  ["BOM", BOM + "[default]\nregion = x\n", "config"],
  ["BOM + CRLF + no final newline", BOM + "[default]\r\nregion = x", "config"],
  ["missing final newline", "[a]\naws_access_key_id = AKIA", "credentials"],
  ["whitespace around =", "[a]\nk1=v\nk2   =    v  \n\tk3\t=\tv\nk4 =\n", "credentials"],
  ["sub-properties", "[default]\ns3 =\n  max_concurrent_requests = 10\n  addressing_style = path\nregion = x\n", "config"],
  ["sub-properties with blank and comment inside", "[default]\ns3 =\n  a = 1\n\n  # c\n  b = 2\n\nregion = x\n", "config"],
  ["indented keys alike", "[profile a]\n  region = x\n  output = json\n", "config"],
  ["other sections", "[sso-session corp]\nsso_region = us-east-1\n[services dev]\ns3 =\n  endpoint_url = http://x\n[profile a]\nx=1\n", "config"],
  ["colon delimiter", "[a]\nurl: http://x=1\n", "config"],
  ["duplicate sections", "[a]\nx = 1\n[b]\n[a]\nx = 2\n", "credentials"],
  ["trailing spaces and tabs on lines", "[a]  \nx = 1\t\n \n", "credentials"],
  ["lone CR inside a line", "[a]\nx = a\rb\n", "credentials"],
  [
    "combo: BOM, CRLF, comments, sub-properties, spacing, no final newline",
    BOM + "; top\r\n\r\n[default] # d\r\nregion   =  x ; c\r\ns3 =\r\n    max_concurrent_requests = 10\r\n\r\n\t# note\r\n[profile w]\r\n  a=1",
    "config",
  ],
];

describe("parseIni round trip", () => {
  it.each(roundTrips)("%s", (_name, text, kind) => {
    const doc = parseIni(text, "f", kind);
    expect(doc.toString()).toBe(text);
    expect(doc.changed).toBe(false);
  });
});

describe("reading", () => {
  const config = [
    "# c",
    "[default]",
    "region = us-east-1 # tokyo? no",
    "s3 =",
    "  max_concurrent_requests = 10",
    "[profile work]",
    "mfa_serial = arn:aws:iam::123456789012:mfa/alice",
    "duration_seconds=43200",
    "Output = json;not-a-comment",
    "[sso-session corp]",
    "sso_region = eu-west-1",
    "[profile 'quoted']",
    "x = 1",
    "",
  ].join("\n");
  const doc = parseIni(config, "config", "config");

  it.each([
    ["default", "region", "us-east-1"], // SDK cuts inline comments (botocore would not; see ini.ts)
    ["default", "s3", ""],
    ["work", "mfa_serial", "arn:aws:iam::123456789012:mfa/alice"],
    ["work", "duration_seconds", "43200"],
    ["work", "output", "json;not-a-comment"], // case-insensitive key; `;` without whitespace is a value
    ["work", "missing", undefined],
    ["nope", "region", undefined],
    ["quoted", "x", "1"],
  ])("get(%s, %s)", (p, k, v) => expect(doc.get(p, k)).toBe(v));

  it("lists profiles, not other sections", () => {
    expect(doc.profiles()).toEqual(["default", "work", "quoted"]);
    expect(doc.has("corp")).toBe(false);
    expect(doc.sectionNames()).toContain("sso-session corp");
  });

  it("keys and entries", () => {
    expect(doc.keys("work")).toEqual(["mfa_serial", "duration_seconds", "Output"]);
    expect(doc.entries("default")).toEqual([
      ["region", "us-east-1"],
      ["s3", ""],
    ]);
  });

  it("sub-properties", () => {
    expect(doc.getSub("default", "s3")).toEqual({ max_concurrent_requests: "10" });
    expect(doc.getSub("default", "region")).toBeUndefined();
  });

  it("duplicate sections merge, last value wins (SDK)", () => {
    const d = parseIni("[a]\nx = 1\ny = 1\n[a]\nx = 2\n", "c", "credentials");
    expect(d.get("a", "x")).toBe("2");
    expect(d.get("a", "y")).toBe("1");
    expect(d.entries("a")).toEqual([
      ["x", "2"],
      ["y", "1"],
    ]);
  });

  it("[profile default] replaces [default] in config (SDK)", () => {
    const d = parseIni("[default]\nregion = a\nx = 1\n[profile default]\nregion = b\n", "c", "config");
    expect(d.get("default", "region")).toBe("b");
    expect(d.get("default", "x")).toBeUndefined();
    expect(d.profiles()).toEqual(["default"]);
  });

  it("credentials sections are profile names as written", () => {
    const d = parseIni("[work-long-term]\naws_access_key_id = AKIA\n[profile x]\n", "c", "credentials");
    expect(d.profiles()).toEqual(["work-long-term", "profile x"]);
    expect(d.get("work-long-term", "aws_access_key_id")).toBe("AKIA");
  });
});

type Edit = (d: ReturnType<typeof parseIni>) => void;
const edits: Array<[string, IniKind, string, Edit, string]> = [
  ["replace in place keeps spacing", "credentials", "[a]\nx   =  1\ny=2\n", (d) => d.set("a", "x", "9"), "[a]\nx   =  9\ny=2\n"],
  ["replace compact", "credentials", "[a]\nx=1\n", (d) => d.set("a", "x", "9"), "[a]\nx=9\n"],
  ["same value is no change", "credentials", "[a]\nx = 1\n", (d) => d.set("a", "x", "1"), "[a]\nx = 1\n"],
  ["replace moves inline comment above", "config", "[default]\nregion = a # note\n", (d) => d.set("default", "region", "b"), "[default]\n# note\nregion = b\n"],
  ["replace colon line with =", "config", "[default]\nregion: a\n", (d) => d.set("default", "region", "b"), "[default]\nregion = b\n"],
  ["replace other-case key writes our spelling", "config", "[default]\nRegion = a\n", (d) => d.set("default", "region", "b"), "[default]\nregion = b\n"],
  ["replace nested key drops its sub-lines", "config", "[default]\ns3 =\n  a = 1\nregion = x\n", (d) => d.set("default", "s3", "v"), "[default]\ns3 = v\nregion = x\n"],
  [
    "append after last key, before trailing blank and comments",
    "credentials",
    "[a]\nx = 1\n\n# about b\n[b]\ny = 2\n",
    (d) => d.set("a", "z", "3"),
    "[a]\nx = 1\nz = 3\n\n# about b\n[b]\ny = 2\n",
  ],
  ["append after sub-properties", "config", "[default]\ns3 =\n  a = 1\n\n", (d) => d.set("default", "region", "x"), "[default]\ns3 =\n  a = 1\nregion = x\n\n"],
  ["append follows section style", "credentials", "[a]\n  x=1\n", (d) => d.set("a", "y", "2"), "[a]\n  x=1\n  y=2\n"],
  ["append into empty section", "credentials", "[a]\n\n[b]\n", (d) => d.set("a", "y", "2"), "[a]\ny = 2\n\n[b]\n"],
  ["new section at end with blank line", "credentials", "[a]\nx = 1\n", (d) => d.set("b", "y", "2"), "[a]\nx = 1\n\n[b]\ny = 2\n"],
  ["new section after existing blank", "credentials", "[a]\nx = 1\n\n", (d) => d.set("b", "y", "2"), "[a]\nx = 1\n\n[b]\ny = 2\n"],
  ["new profile section in config", "config", "[default]\nregion = x\n", (d) => d.set("work", "mfa_serial", "arn"), "[default]\nregion = x\n\n[profile work]\nmfa_serial = arn\n"],
  ["new default section in config", "config", "", (d) => d.set("default", "region", "x"), "[default]\nregion = x\n"],
  ["new section in empty file", "credentials", "", (d) => d.set("w", "k", "v"), "[w]\nk = v\n"],
  ["new section after comment-only file", "credentials", "# hi\n", (d) => d.set("w", "k", "v"), "# hi\n\n[w]\nk = v\n"],
  ["no final newline kept on append", "credentials", "[a]\nx = 1", (d) => d.set("a", "y", "2"), "[a]\nx = 1\ny = 2"],
  ["no final newline kept on new section", "credentials", "[a]\nx = 1", (d) => d.set("b", "y", "2"), "[a]\nx = 1\n\n[b]\ny = 2"],
  ["CRLF on append", "credentials", "[a]\r\nx = 1\r\n", (d) => d.set("a", "y", "2"), "[a]\r\nx = 1\r\ny = 2\r\n"],
  ["CRLF on new section", "credentials", "[a]\r\nx = 1\r\n", (d) => d.set("b", "y", "2"), "[a]\r\nx = 1\r\n\r\n[b]\r\ny = 2\r\n"],
  ["CRLF on replace", "credentials", "[a]\r\nx = 1\r\n", (d) => d.set("a", "x", "2"), "[a]\r\nx = 2\r\n"],
  ["BOM kept on edit", "credentials", BOM + "[a]\nx = 1\n", (d) => d.set("a", "x", "2"), BOM + "[a]\nx = 2\n"],
  ["BOM + CRLF kept on new section", "credentials", BOM + "[a]\r\nx = 1\r\n", (d) => d.set("b", "y", "2"), BOM + "[a]\r\nx = 1\r\n\r\n[b]\r\ny = 2\r\n"],
  ["duplicate sections: replace the winning (last) key", "credentials", "[a]\nx = 1\n[a]\nx = 2\n", (d) => d.set("a", "x", "3"), "[a]\nx = 1\n[a]\nx = 3\n"],
  ["duplicate sections: replace where the key lives", "credentials", "[a]\nx = 1\n[a]\ny = 2\n", (d) => d.set("a", "x", "3"), "[a]\nx = 3\n[a]\ny = 2\n"],
  ["duplicate sections: append to the last", "credentials", "[a]\nx = 1\n[a]\ny = 2\n", (d) => d.set("a", "z", "3"), "[a]\nx = 1\n[a]\ny = 2\nz = 3\n"],
  ["[profile default] is where edits go", "config", "[default]\nx = 1\n[profile default]\ny = 2\n", (d) => d.set("default", "x", "3"), "[default]\nx = 1\n[profile default]\ny = 2\nx = 3\n"],
  ["delete a key", "credentials", "[a]\n# keep\nx = 1\ny = 2\n", (d) => d.delete("a", "x"), "[a]\n# keep\ny = 2\n"],
  ["delete a nested key with its sub-lines", "config", "[default]\ns3 =\n  a = 1\nregion = x\n", (d) => d.delete("default", "s3"), "[default]\nregion = x\n"],
  ["delete from every duplicate section", "credentials", "[a]\nx = 1\n[a]\nx = 2\ny = 3\n", (d) => d.delete("a", "x"), "[a]\n[a]\ny = 3\n"],
  ["delete missing key is no change", "credentials", "[a]\nx = 1\n", (d) => d.delete("a", "z"), "[a]\nx = 1\n"],
  ["delete middle section", "credentials", "[a]\nx = 1\n\n[b]\ny = 2\n\n[c]\nz = 3\n", (d) => d.deleteSection("b"), "[a]\nx = 1\n\n[c]\nz = 3\n"],
  ["delete last section", "credentials", "[a]\nx = 1\n\n[b]\ny = 2\n", (d) => d.deleteSection("b"), "[a]\nx = 1\n"],
  ["delete only section", "credentials", "# c\n\n[b]\ny = 2\n", (d) => d.deleteSection("b"), "# c\n"],
  ["delete both defaults", "config", "[default]\nx = 1\n[profile default]\ny = 2\n[profile a]\n", (d) => d.deleteSection("default"), "[profile a]\n"],
  [
    "combo edit: BOM, CRLF, sub-properties, no final newline",
    "config",
    BOM + "[default]\r\ns3 =\r\n  a = 1\r\n# tail\r\n[profile w]\r\nx=1",
    (d) => {
      d.set("default", "region", "r");
      d.set("w", "x", "2");
      d.set("n", "k", "v");
    },
    BOM + "[default]\r\ns3 =\r\n  a = 1\r\nregion = r\r\n# tail\r\n[profile w]\r\nx=2\r\n\r\n[profile n]\r\nk = v",
  ],
  ["edits leave other sections alone", "config", "[sso-session s]\nx = 1 # c\n[profile a]\nregion=a\n", (d) => d.set("a", "region", "b"), "[sso-session s]\nx = 1 # c\n[profile a]\nregion=b\n"],
];

describe("edits", () => {
  it.each(edits)("%s", (_name, kind, before, edit, after) => {
    const doc = parseIni(before, "f", kind);
    edit(doc);
    expect(doc.toString()).toBe(after);
    expect(doc.changed).toBe(before !== after);
    // What we wrote parses again and reads back.
    expect(parseIni(doc.toString(), "f", kind).toString()).toBe(after);
  });

  it("set then get reads back", () => {
    const doc = emptyIni("c", "credentials");
    doc.set("work", "aws_session_token", "IQoJb3JpZ2luX2VjE+/=");
    expect(doc.get("work", "aws_session_token")).toBe("IQoJb3JpZ2luX2VjE+/=");
    expect(doc.changed).toBe(true);
  });

  it.each([
    ["line break", "a\nb"],
    ["leading space", " a"],
    ["trailing space", "a "],
    ["SDK inline comment", "ykman code -s x #1"],
    ["SDK inline comment ;", "a ;b"],
  ])("refuses a value with a %s", (_n, value) => {
    const doc = emptyIni("c", "config");
    expect(() => doc.set("a", "k", value)).toThrow(AwsMfaError);
    expect(doc.changed).toBe(false);
  });

  it.each([["with space"], ["a]b"], ["__proto__"], [""]])("refuses to create a section named %j", (name) => {
    expect(() => emptyIni("c", "credentials").set(name, "k", "v")).toThrow(AwsMfaError);
  });
});

describe("malformed input", () => {
  const cases: Array<[string, string, number, RegExp]> = [
    ["key before any section", "# c\nregion = x\n[default]\n", 2, /before any \[section\]/],
    ["garbage line", "[default]\nregion = x\njust words\n", 3, /expected "key = value"/],
    ["unterminated header", "[default]\nx = 1\n\n[profile a\n", 4, /unterminated/],
    ["empty header", "[]\n", 1, /empty section/],
    ["text after header", "[default]x\n", 1, /after section header/],
    ["missing key name", "[a]\n= 1\n", 2, /missing key name/],
    ["indented garbage after a header", "[a]\n  foo\n", 2, /expected "key = value"/],
    ["__proto__", "[profile __proto__]\n", 1, /__proto__/],
    ["line counted after CRLF and BOM", BOM + "[a]\r\nx = 1\r\noops\r\n", 3, /has no "="/],
  ];
  it.each(cases)("%s", (_name, text, line, why) => {
    let err: unknown;
    try {
      parseIni(text, "/home/u/.aws/config", "config");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AwsMfaError);
    const e = err as AwsMfaError;
    expect(e.code).toBe("MalformedFile");
    expect(e.message.startsWith(`/home/u/.aws/config:${line}: `)).toBe(true);
    expect(e.message).toMatch(why);
  });

  // Issue 8 defect 3: a credentials line missing its "=" was echoed whole, secret included.
  it.each([
    ["a key and its secret, no =", "[work-long-term]\naws_session_token wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKEY\n", /for aws_session_token \(the "=" is missing\)$/],
    ["a lone pasted secret", "[work-long-term]\nwJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKEY\n", /has no "="\)$/],
    ["a secret before any section", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKEY = x\n[a]\n", /before any \[section\]$/],
    ["a secret in a broken header", "[wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKEY\n", /unterminated section header/],
    ["a secret after a header", "[a] wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKEY\n", /after section header$/],
  ])("never echoes the line: %s", (_name, text, why) => {
    const err = (() => {
      try {
        parseIni(text, "/h/.aws/credentials", "credentials");
      } catch (e) {
        return e as AwsMfaError;
      }
    })();
    expect(err?.code).toBe("MalformedFile");
    expect(err?.message).toMatch(why);
    expect(err?.message).not.toMatch(/wJalr|EXAMPLEKEY/);
    expect(err?.hint ?? "").not.toMatch(/wJalr|EXAMPLEKEY/);
  });

  it("an indented line deeper than a key continues it, not an error", () => {
    const d = parseIni("[a]\nx = 1\n  more text\n", "f", "credentials");
    expect(d.get("a", "x")).toBe("1");
    expect(d.toString()).toBe("[a]\nx = 1\n  more text\n");
  });
});

describe("profileOf", () => {
  // The SDK's rule for a config header, as one regular expression: profileOf answers the same
  // (it skips the capture for the usual `profile NAME`).
  const bySdkRule = (name: string) => {
    if (name === "default") return { profile: "default", prefixed: false };
    const m = /^profile\s+(["']?)(.+)\1$/.exec(name);
    return m ? { profile: m[2]!, prefixed: true } : { prefixed: false };
  };
  const parts = ["profile", "profile ", "profile  ", "profile\t", "Profile ", " ", "a", "b-1", '"', "'", "\r", "\n", "\u2028", "\u00a0", "x y", "default", "#", ""];
  it("answers like the SDK's rule for every combination of tricky parts", () => {
    let n = 0;
    for (const a of parts) for (const b of parts) for (const c of parts) {
      const name = a + b + c;
      expect(profileOf("config", name), JSON.stringify(name)).toEqual(bySdkRule(name));
      n++;
    }
    expect(n).toBe(parts.length ** 3);
    expect(profileOf("credentials", "profile x")).toEqual({ profile: "profile x", prefixed: false });
  });
});
