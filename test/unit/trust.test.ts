import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findNearest } from "../../src/ports/trust-store.js";
import type { World } from "../../src/world.js";
import { canonicalPath, denyKey, dotfileCandidates, explicitTarget, recordPaths, shellPath, trustKey, trustState } from "../../src/core/trust.js";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

describe("trust keys", () => {
  it("is sha256(absolute path + newline + content)", () => {
    expect(trustKey("/home/a/p/.awsmfa", "profile = w\n")).toBe(sha("/home/a/p/.awsmfa\nprofile = w\n"));
    expect(trustKey("/x", new TextEncoder().encode("é"))).toBe(sha("/x\né"));
  });
  it("changes when the content or the path changes", () => {
    const k = trustKey("/p/.awsmfa", "profile = a\n");
    expect(trustKey("/p/.awsmfa", "profile = b\n")).not.toBe(k);
    expect(trustKey("/q/.awsmfa", "profile = a\n")).not.toBe(k);
    // The separator keeps path/content boundaries apart.
    expect(trustKey("/p/a", "b")).not.toBe(trustKey("/p/a\nb", ""));
  });
  it("denies by path alone", () => {
    expect(denyKey("/p/.awsmfa")).toBe(sha("/p/.awsmfa"));
  });
  it("deny wins over allow", () => {
    expect(trustState(true, true)).toBe("denied");
    expect(trustState(false, true)).toBe("denied");
    expect(trustState(true, false)).toBe("allowed");
    expect(trustState(false, false)).toBe("notallowed");
  });
  it("puts records under allow/ and deny/", () => {
    const r = recordPaths(path.posix, "/d/awsmfa", "/p/.awsmfa", "x");
    expect(r.allow).toBe(`/d/awsmfa/allow/${trustKey("/p/.awsmfa", "x")}`);
    expect(r.deny).toBe(`/d/awsmfa/deny/${denyKey("/p/.awsmfa")}`);
  });
});

describe("paths (posix)", () => {
  it("lists candidates nearest first up to the root", () => {
    expect(dotfileCandidates(path.posix, "/home/a/p")).toEqual(["/home/a/p/.awsmfa", "/home/a/.awsmfa", "/home/.awsmfa", "/.awsmfa"]);
    expect(dotfileCandidates(path.posix, "/")).toEqual(["/.awsmfa"]);
  });
  it("resolves an explicit FILE or folder against cwd", () => {
    expect(explicitTarget(path.posix, "/w", "sub/.awsmfa", false)).toBe("/w/sub/.awsmfa");
    expect(explicitTarget(path.posix, "/w", "../x", true)).toBe("/x/.awsmfa");
  });
  it("leaves POSIX paths alone for the shell", () => {
    expect(shellPath("linux", "/a b/c")).toBe("/a b/c");
  });
});

describe("paths (win32, as Git Bash users get them)", () => {
  // Node's cwd on Windows is C:\Users\…, even when the shell's $PWD says /c/Users/…
  it("lists candidates nearest first up to the drive root", () => {
    expect(dotfileCandidates(path.win32, "C:\\Users\\Ann\\src\\p")).toEqual([
      "C:\\Users\\Ann\\src\\p\\.awsmfa",
      "C:\\Users\\Ann\\src\\.awsmfa",
      "C:\\Users\\Ann\\.awsmfa",
      "C:\\Users\\.awsmfa",
      "C:\\.awsmfa",
    ]);
  });
  it("walks UNC shares up to the share root", () => {
    expect(dotfileCandidates(path.win32, "\\\\srv\\share\\p")).toEqual(["\\\\srv\\share\\p\\.awsmfa", "\\\\srv\\share\\.awsmfa"]);
  });
  it("spells the drive letter one way, so allow and hook agree on the key", () => {
    expect(canonicalPath(path.win32, "c:\\Users\\Ann")).toBe("C:\\Users\\Ann");
    expect(trustKey(canonicalPath(path.win32, "c:\\p\\.awsmfa"), "x")).toBe(trustKey(canonicalPath(path.win32, "C:\\p\\.awsmfa"), "x"));
  });
  it("resolves FILE arguments with either slash", () => {
    expect(explicitTarget(path.win32, "C:\\Users\\Ann", "src/p", true)).toBe("C:\\Users\\Ann\\src\\p\\.awsmfa");
    expect(explicitTarget(path.win32, "C:\\Users\\Ann", "D:\\x\\.awsmfa", false)).toBe("D:\\x\\.awsmfa");
  });
  it("never takes the shell's $PWD for a path: the nearest file is found from Node's own cwd", async () => {
    // Under Git Bash $PWD reads /c/Users/Ann, which Node would resolve under the current drive.
    // Here $PWD names a real folder with its own .awsmfa, so reading it would pick the wrong file.
    const root = mkdtempSync(path.join(os.tmpdir(), "awsmfa-trust-"));
    try {
      for (const d of ["cwd/sub", "pwd"]) mkdirSync(path.join(root, d), { recursive: true });
      writeFileSync(path.join(root, "cwd", ".awsmfa"), "profile = a\n");
      writeFileSync(path.join(root, "pwd", ".awsmfa"), "profile = b\n");
      const world = { cwd: path.join(root, "cwd", "sub"), env: { PWD: path.join(root, "pwd") }, platform: "linux" } as unknown as World;
      expect(await findNearest(world)).toBe(path.join(root, "cwd", ".awsmfa"));
      const gitBash = { ...world, env: { PWD: "/c/Users/Ann" } } as World;
      expect(await findNearest(gitBash)).toBe(path.join(root, "cwd", ".awsmfa"));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  it("hands the shell forward slashes, which MSYS and Cygwin test builtins accept", () => {
    expect(shellPath("win32", "C:\\Users\\Ann\\AppData\\Roaming\\awsmfa\\allow\\ab")).toBe("C:/Users/Ann/AppData/Roaming/awsmfa/allow/ab");
  });
  it("keys records under the Windows data dir", () => {
    const r = recordPaths(path.win32, "C:\\Users\\Ann\\AppData\\Roaming\\awsmfa", "C:\\p\\.awsmfa", "x");
    expect(r.allow.startsWith("C:\\Users\\Ann\\AppData\\Roaming\\awsmfa\\allow\\")).toBe(true);
  });
});
