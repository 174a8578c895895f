import { describe, expect, it } from "vitest";
import { topLevel } from "../../src/core/flags.js";

// What main.ts handles before a command runs, read once for main.ts and for the entry that picks a
// lane (cli.ts): a call the lane takes must be one main.ts would hand straight to the command.
describe("topLevel", () => {
  const cases: [string[], ReturnType<typeof topLevel>][] = [
    [[], { debug: false, name: undefined, args: [], help: false }],
    [["status"], { debug: false, name: "status", args: [], help: false }],
    [["--debug", "status", "--json"], { debug: true, name: "status", args: ["--json"], help: false }],
    [["status", "--debug"], { debug: true, name: "status", args: [], help: false }],
    [["exec", "--", "x", "--debug"], { debug: false, name: "exec", args: ["--", "x", "--debug"], help: false }],
    [["exec", "--", "x", "--help"], { debug: false, name: "exec", args: ["--", "x", "--help"], help: false }],
    [["login", "-h"], { debug: false, name: "login", args: ["-h"], help: true }],
    [["login", "--debug", "--help"], { debug: true, name: "login", args: ["--help"], help: true }],
    [["--help"], { debug: false, name: "--help", args: [], help: false }],
    [["hook", "bash", "--eval"], { debug: false, name: "hook", args: ["bash", "--eval"], help: false }],
  ];
  it.each(cases)("%j", (argv, want) => {
    expect(topLevel(argv)).toEqual(want);
  });
});
