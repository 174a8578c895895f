import { describe, expect, it } from "vitest";
import { paint, useColor } from "../../src/core/color.js";
import { main } from "../../src/main.js";
import type { Env, World } from "../../src/world.js";

describe("when colour is used", () => {
  it.each<[Env, boolean, boolean]>([
    // env, stream is a TTY, colour
    [{}, true, true],
    [{}, false, false],
    [{ TERM: "xterm-256color" }, true, true],
    [{ TERM: "dumb" }, true, false],
    [{ NO_COLOR: "1" }, true, false],
    [{ NO_COLOR: "0" }, true, false], // any value: "0" is not a way to say "colour please"
    [{ NO_COLOR: "false" }, true, false],
    [{ NO_COLOR: "" }, true, true], // empty = unset (no-color.org)
    [{ NO_COLOR: "1", FORCE_COLOR: "1" }, true, false], // the person's standing choice wins
    [{ NO_COLOR: "1", FORCE_COLOR: "1" }, false, false],
    [{ FORCE_COLOR: "1" }, false, true],
    [{ FORCE_COLOR: "3" }, false, true],
    [{ FORCE_COLOR: "" }, false, true],
    [{ FORCE_COLOR: "true" }, false, true],
    [{ FORCE_COLOR: "1", TERM: "dumb" }, false, true],
    [{ FORCE_COLOR: "0" }, true, false],
    [{ FORCE_COLOR: "false" }, true, false],
    [{ FORCE_COLOR: "FALSE" }, true, false],
  ])("%j tty=%s → %s", (env, tty, want) => {
    expect(useColor(env, tty)).toBe(want);
  });

  it("paints foreground only, or not at all", () => {
    expect(paint(true).red("x")).toBe("\x1b[31mx\x1b[39m");
    expect(paint(true).yellow("x")).toBe("\x1b[33mx\x1b[39m");
    expect(paint(true).green("x")).toBe("\x1b[32mx\x1b[39m");
    expect(paint(false).red("x")).toBe("x");
    expect(paint(false).green("x")).toBe("x");
  });
});

describe("the error line", () => {
  const run = async (env: Env, stderrIsTTY: boolean | undefined) => {
    let stderr = "";
    const world: World = {
      argv: ["lgoin"],
      env,
      cwd: "/",
      platform: "linux",
      stdout: { write: () => {} },
      stderr: { write: (s) => void (stderr += s) },
      stdinIsTTY: false,
      ...(stderrIsTTY === undefined ? {} : { stderrIsTTY }),
      readStdinLine: async () => undefined,
      now: () => new Date(0),
      selfCommand: () => ["node", "awsmfa"],
    };
    return { code: await main(world), stderr };
  };
  const red = "\x1b[31mawsmfa:\x1b[39m unknown command 'lgoin'\n  did you mean 'awsmfa login'?\n";
  const plain = "awsmfa: unknown command 'lgoin'\n  did you mean 'awsmfa login'?\n";
  it.each<[Env, boolean | undefined, string]>([
    [{}, true, red],
    [{}, false, plain],
    [{}, undefined, plain],
    [{ NO_COLOR: "1" }, true, plain],
    [{ FORCE_COLOR: "1" }, false, red],
  ])("%j tty=%s", async (env, tty, stderr) => {
    expect(await run(env, tty)).toEqual({ code: 2, stderr });
  });
});
