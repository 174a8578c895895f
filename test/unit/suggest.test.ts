import { describe, expect, it } from "vitest";
import { closest, editDistance } from "../../src/core/suggest.js";
import { parseFlags } from "../../src/core/flags.js";
import { main } from "../../src/main.js";
import type { World } from "../../src/world.js";

describe("edit distance (Damerau–Levenshtein, optimal string alignment)", () => {
  it.each([
    ["", "", 0],
    ["login", "login", 0],
    ["lgoin", "login", 1], // swap of neighbours counts once
    ["logni", "login", 1],
    ["logn", "login", 1],
    ["loginn", "login", 1],
    ["logon", "login", 1],
    ["sttaus", "status", 1],
    ["stauts", "status", 1],
    ["ca", "abc", 3], // optimal string alignment, not unrestricted Damerau (which says 2)
    ["profle", "profile", 1],
    ["porfile", "profile", 1],
    ["prfoile", "profile", 1],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
  ])("%s → %s = %i", (a, b, want) => {
    expect(editDistance(a, b)).toBe(want);
    expect(editDistance(b, a)).toBe(want);
  });
});

describe("closest", () => {
  const commands = ["login", "status", "logout", "credential-process", "exec", "env", "configure", "hook", "allow", "deny", "edit", "direnv", "device", "setup", "emulator", "demo"];
  it.each([
    ["lgoin", "login"],
    ["logni", "login"],
    ["LOGIN", "login"],
    ["stauts", "status"],
    ["sttus", "status"],
    ["logot", "logout"],
    ["devcie", "device"],
    ["deivce", "device"],
    ["emultor", "emulator"],
    ["credential-proces", "credential-process"],
    ["alow", "allow"],
    ["dney", "deny"],
    ["hooks", "hook"],
    ["ev", "env"], // 1 edit, fewer than the 2 letters typed
    ["x", undefined], // one letter is one edit from too much
    ["ls", undefined],
    ["whoami", undefined],
    ["configuration", undefined],
    ["", undefined],
  ])("%s → %s", (typed, want) => {
    expect(closest(typed, commands)).toBe(want);
  });
  it("prefers the nearer name, then the earlier one", () => {
    expect(closest("exac", ["exact", "exec"])).toBe("exact");
    expect(closest("dex", ["demo", "deny"])).toBe("demo");
    expect(closest("dex", ["deny", "demo"])).toBe("deny");
  });
});

describe("did you mean, where the user meets it", () => {
  const spec = { profile: { type: "string", short: "p" }, json: { type: "boolean" }, force: { type: "boolean" } } as const;
  it.each([
    [["--profle", "x"], "unknown flag --profle", "did you mean --profile?"],
    [["--jsno"], "unknown flag --jsno", "did you mean --json?"],
    [["--froce"], "unknown flag --froce", "did you mean --force?"],
    [["--verbose"], "unknown flag --verbose", "see --help"],
    [["--no-json"], "unknown flag --no-json", "see --help"],
  ])("flags %j", (args, message, hint) => {
    expect(() => parseFlags(args, spec)).toThrow(expect.objectContaining({ message, hint, exitCode: 2 }));
  });

  const run = async (argv: string[]) => {
    let stdout = "";
    let stderr = "";
    const world = {
      argv,
      env: {},
      cwd: "/",
      platform: "linux",
      stdout: { write: (s: string) => void (stdout += s) },
      stderr: { write: (s: string) => void (stderr += s) },
      stdinIsTTY: false,
      readStdinLine: async () => undefined,
      now: () => new Date(0),
      selfCommand: () => ["node", "awsmfa"],
    } satisfies World;
    return { code: await main(world), stdout, stderr };
  };
  it.each([
    [["lgoin"], "awsmfa: unknown command 'lgoin'\n  did you mean 'awsmfa login'?\n"],
    [["stauts", "--json"], "awsmfa: unknown command 'stauts'\n  did you mean 'awsmfa status'?\n"],
    [["--verison"], "awsmfa: unknown command '--verison'\n  did you mean 'awsmfa --version'?\n"],
    [["whoami"], "awsmfa: unknown command 'whoami'\n  run 'awsmfa --help' for the list\n"],
    [["constructor"], "awsmfa: unknown command 'constructor'\n  run 'awsmfa --help' for the list\n"],
  ])("commands %j", async (argv, stderr) => {
    expect(await run(argv)).toEqual({ code: 2, stdout: "", stderr });
  });
  it("a mistyped flag of a real command", async () => {
    expect(await run(["logout", "--profle", "work"])).toEqual({ code: 2, stdout: "", stderr: "awsmfa: unknown flag --profle\n  did you mean --profile?\n" });
  });
});
