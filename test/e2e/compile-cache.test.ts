import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import module from "node:module";
import os from "node:os";
import path from "node:path";
import { CLI, Sandbox } from "../helpers/sandbox.js";

// Issue 11: dist/cli.js turns on Node's compile cache (Node ≥ 22.1) in a folder of its own under
// the temp dir, and only in a folder that is ours alone: a cache file is code Node runs. This file
// runs under both Node versions CI uses; on Node 20 nothing may be written at all.

const hasCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === "function";
let sb: Sandbox;
let tmp: string;
let folder: string;
beforeEach(() => {
  sb = new Sandbox("http://127.0.0.1:9");
  tmp = mkdtempSync(path.join(os.tmpdir(), "awsmfa-cc-"));
  folder = path.join(tmp, `awsmfa-compile-cache-${process.getuid!()}`);
});
afterEach(() => {
  sb.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

const run = (env: Record<string, string> = {}) => sb.exec(process.execPath, [CLI, "--version"], { env: { TMPDIR: tmp, ...env } });
/** Every file below dir, relative. */
const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));

describe("the compile cache", () => {
  it(hasCache ? "is kept in a 0700 folder of ours under TMPDIR, and nowhere in HOME" : "is not used on a Node without one (nothing written)", async () => {
    const r = await run();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+/);
    if (!hasCache) {
      expect(readdirSync(tmp)).toEqual([]);
      return;
    }
    expect(lstatSync(folder).mode & 0o777).toBe(0o700);
    expect(files(folder).length).toBeGreaterThan(0);
    // The user's folders stay as the sandbox made them.
    expect(existsSync(path.join(sb.env.XDG_CACHE_HOME!, "awsmfa"))).toBe(false);
    // A second run reuses the cache: the same files, none rewritten.
    const before = files(folder).map((f) => `${f} ${lstatSync(path.join(folder, f)).mtimeMs}`);
    expect((await run()).code).toBe(0);
    expect(files(folder).map((f) => `${f} ${lstatSync(path.join(folder, f)).mtimeMs}`)).toEqual(before);
  });

  it("is not used in a folder others can write", async () => {
    mkdirSync(folder);
    chmodSync(folder, 0o777);
    const r = await run();
    expect(r.code).toBe(0);
    expect(files(folder)).toEqual([]);
  });

  it("is not used through a symlink planted at its name", async () => {
    const elsewhere = path.join(tmp, "elsewhere");
    mkdirSync(elsewhere, { mode: 0o700 });
    symlinkSync(elsewhere, folder);
    const r = await run();
    expect(r.code).toBe(0);
    expect(files(elsewhere)).toEqual([]);
  });

  it("is off with NODE_DISABLE_COMPILE_CACHE=1", async () => {
    const r = await run({ NODE_DISABLE_COMPILE_CACHE: "1" });
    expect(r.code).toBe(0);
    expect(existsSync(folder) ? files(folder) : []).toEqual([]);
  });
});
