import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { quoteArg } from "../../src/core/process-line.js";

// credential_process is split by two parsers: the AWS CLI (botocore's shlex.split on POSIX) and
// the JS SDK (child_process.exec, i.e. /bin/sh -c). A quoted word must come back whole from both.
const WORDS = ["plain/path-1.0", "/opt/my tools/awsmfa", "it's", "$HOME", "a\"b", "back\\slash", "`id`", "tab\there", "ünïcode dir", "!bang", "semi;colon", "*glob?"];

describe("quoteArg on POSIX: shlex.split and sh read the same word back", () => {
  const line = WORDS.map((w) => quoteArg(w, "linux")).join(" ");
  it("python's shlex.split (the AWS CLI)", () => {
    const out = execFileSync("python3", ["-c", "import json,shlex,sys; print(json.dumps(shlex.split(sys.argv[1])))", line], { encoding: "utf8" });
    expect(JSON.parse(out)).toEqual(WORDS);
  });
  it("/bin/sh (the JS SDK's exec)", () => {
    const out = execFileSync("/bin/sh", ["-c", `for w in ${line}; do printf '%s\\0' "$w"; done`], { encoding: "utf8" });
    expect(out.split("\0").slice(0, -1)).toEqual(WORDS);
  });
  it("leaves plain words bare", () => {
    expect(quoteArg("/usr/bin/node")).toBe("/usr/bin/node");
    expect(quoteArg("/opt/my tools/awsmfa")).toBe("'/opt/my tools/awsmfa'");
    expect(quoteArg("it's")).toBe("'it'\\''s'");
  });
});

describe("quoteArg on Windows", () => {
  it("double quotes (cmd.exe and botocore's Windows splitter; a path cannot hold a \")", () => {
    expect(quoteArg("C:\\Program Files\\nodejs\\awsmfa.cmd", "win32")).toBe('"C:\\Program Files\\nodejs\\awsmfa.cmd"');
    expect(quoteArg("C:\\tools\\awsmfa.cmd", "win32")).toBe('"C:\\tools\\awsmfa.cmd"');
  });
});
