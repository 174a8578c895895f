import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import module from "node:module";
import path from "node:path";
import { CLI, Sandbox } from "../helpers/sandbox.js";
import { emulatorCodeCommand, startTestEmulator } from "../helpers/emulator.js";
import { makeIdentities } from "../helpers/identities.js";

// The paths run most often have lanes of their own: a warm credential-process (every AWS CLI call)
// is answered by the thin entry, any other credential-process runs from dist/cp.js, and `hook
// <shell> --eval` (after every cd into a configured folder) from dist/hook.js: one command each,
// bundled with only what it uses (src/lane.ts). Each must print exactly what the full bundle
// (dist/main.js) prints, and load none of the modules that made them slow. Seen from outside: a
// preload records which bundle was required and which of Node's modules were loaded.

let sb: Sandbox;
beforeEach(() => {
  sb = new Sandbox();
  sb.write(sb.configFile, "[profile work]\nmfa_serial = arn:aws:iam::123456789012:mfa/work\nregion = us-east-1\n");
});
afterEach(() => sb.cleanup());

const HEAVY = ["crypto", "fs/promises", "child_process"];
const hasCompileCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === "function";

async function run(args: string[], cwd?: string) {
  const preload = path.join(sb.dir, "record.cjs");
  const out = path.join(sb.dir, "loaded.json");
  writeFileSync(
    preload,
    `const M = require("module"); const load = M._load; const bundles = [];\n` +
      `M._load = function (r, ...a) { const m = /(?:^|\\/)(main|hook|cp)\\.js$/.exec(r); if (m) bundles.push(m[1]); return load.call(this, r, ...a); };\n` +
      `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(out)}, JSON.stringify({ bundles, builtins: process.moduleLoadList.filter((x) => x.startsWith("NativeModule ")).map((x) => x.slice(13)) })));\n`,
  );
  const r = await sb.exec("bash", ["-c", `cd "$0" && exec "$@"`, cwd ?? sb.home, process.execPath, "--require", preload, CLI, ...args]);
  const loaded = existsSync(out) ? (JSON.parse(readFileSync(out, "utf8")) as { bundles: string[]; builtins: string[] }) : { bundles: ["none"], builtins: [] };
  return { ...r, ...loaded };
}

describe("hook <shell> --eval runs from dist/hook.js", () => {
  const evalArgs = (sh: string) => ["hook", sh, "--eval", "--pid=4242", "--applied=", "--seen-file=", "--seen-exp="];

  it("prints what the full bundle prints, in every trust state, for every shell", async () => {
    const dir = path.join(sb.dir, "proj");
    mkdirSync(path.join(dir, "deep"), { recursive: true });
    const cases: [string, () => Promise<unknown>][] = [
      ["no .awsmfa", async () => undefined],
      ["not allowed", async () => writeFileSync(path.join(dir, ".awsmfa"), "profile = work\nregion = eu-west-1\n")],
      ["allowed", async () => expect((await sb.awsmfa(["allow", dir])).code).toBe(0)],
      ["edited after allow", async () => writeFileSync(path.join(dir, ".awsmfa"), "profile = work\n")],
      ["denied", async () => expect((await sb.awsmfa(["deny", dir])).code).toBe(0)],
      ["malformed", async () => writeFileSync(path.join(dir, ".awsmfa"), "profile work\n")],
    ];
    for (const [what, arrange] of cases) {
      await arrange();
      for (const sh of ["bash", "zsh", "fish"]) {
        // --debug is not a lane flag: the same call through dist/main.js.
        const lane = await run(evalArgs(sh), path.join(dir, "deep"));
        const full = await run(["--debug", ...evalArgs(sh)], path.join(dir, "deep"));
        expect(lane.bundles, `${what} ${sh}`).toEqual(["hook"]);
        expect(full.bundles, `${what} ${sh}`).toEqual(["main"]);
        expect({ code: lane.code, stdout: lane.stdout, stderr: lane.stderr }, `${what} ${sh}`).toEqual({ code: full.code, stdout: full.stdout, stderr: full.stderr });
        expect(lane.stdout, `${what} ${sh}`).toContain("__awsmfa_applied");
        expect(lane.builtins.filter((b) => HEAVY.includes(b)), `${what} ${sh}`).toEqual([]);
      }
    }
    // The allowed case did apply the profile (the comparison above is not between two empty outputs).
    writeFileSync(path.join(dir, ".awsmfa"), "profile = work\nregion = eu-west-1\n");
    expect((await sb.awsmfa(["allow", dir])).code).toBe(0);
    expect((await run(evalArgs("bash"), dir)).stdout).toContain("export AWS_PROFILE='work'");
  }, 120_000);

  it("anything else about hook goes to the full bundle (the hook script, --help); a bad call fails alike in both", async () => {
    for (const args of [["hook", "bash"], ["hook", "bash", "--eval", "--help"]]) expect((await run(args)).bundles, args.join(" ")).toEqual(["main"]);
    for (const args of [["hook", "tcsh", "--eval"], ["hook", "bash", "--eval", "--pid"], ["hook", "--eval"]]) {
      const [lane, full] = [await run(args), await run(["--debug", ...args])];
      expect(lane.bundles).toEqual(["hook"]);
      expect(lane.code, args.join(" ")).toBe(2);
      // --debug adds the stack after the message and hint; the rest is the same bytes.
      const shown = lane.stderr.split("\n").length - 1;
      expect(lane.stderr).toMatch(/^awsmfa: /);
      expect({ code: lane.code, stdout: lane.stdout, stderr: lane.stderr }).toEqual({ code: full.code, stdout: full.stdout, stderr: full.stderr.split("\n").slice(0, shown).join("\n") + "\n" });
    }
  });
});

describe("a warm credential-process stays in the thin entry", () => {
  it("loads neither bundle nor node:crypto, fs/promises or child_process", async () => {
    const emu = await startTestEmulator({ state: makeIdentities(1, "lanes").state });
    try {
      const id = makeIdentities(1, "lanes").ids[0]!;
      const s = new Sandbox(emu.url);
      try {
        s.write(s.configFile, `[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\n`);
        s.write(s.credentialsFile, `[work-long-term]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`);
        expect((await s.awsmfa(["login", "--profile", "work", "--code", emu.emulator.nextCode(id.serial)])).code).toBe(0);
        sb.cleanup();
        sb = s;
        const r = await run(["credential-process", "--profile", "work"]);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain('"SessionToken"');
        expect(r.bundles).toEqual([]);
        expect(r.builtins.filter((b) => HEAVY.includes(b))).toEqual([]);
        // Where Node has no compile cache, the stub does not load node:module to find that out
        // (on Node 20 it is outside the start-up snapshot). run()'s own preload requires it, so
        // this is asked with a preload that does not.
        if (!hasCompileCache) {
          const list = path.join(s.dir, "list.txt");
          const preload = path.join(s.dir, "list.cjs");
          writeFileSync(preload, `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join("\\n")));\n`);
          const q = await s.exec(process.execPath, ["--require", preload, CLI, "credential-process", "--profile", "work"]);
          expect(q.stdout).toContain('"SessionToken"');
          expect(readFileSync(list, "utf8").split("\n")).not.toContain("NativeModule module");
        }
      } finally {
        if (sb !== s) s.cleanup();
      }
    } finally {
      await emu.close();
    }
  });
});

describe("credential-process that the cache cannot answer runs from dist/cp.js", () => {
  it("a refresh through the lane; its failures print what the full bundle prints", async () => {
    const emu = await startTestEmulator({ state: makeIdentities(1, "lanecp").state });
    const id = makeIdentities(1, "lanecp").ids[0]!;
    const s = new Sandbox(emu.url);
    sb.cleanup();
    sb = s;
    try {
      s.write(s.configFile, `[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\nmfa_process = ${emulatorCodeCommand(s.dir, emu.url, id.serial)}\n[profile broken]\nregion = us-east-1\n`);
      s.write(s.credentialsFile, `[work-long-term]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`);
      const cold = await run(["credential-process", "--profile", "work"]);
      expect(cold.code, cold.stderr).toBe(0);
      expect(cold.bundles).toEqual(["cp"]);
      expect(JSON.parse(cold.stdout)).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^ASIA/) });
      expect(emu.counters().GetSessionToken).toBe(1);
      for (const args of [["credential-process", "--profile", "broken"], ["credential-process", "--profile", "nope"], ["credential-process", "--bogus"]]) {
        const [lane, full] = [await run(args), await run(["--debug", ...args])];
        expect(lane.bundles, args.join(" ")).toEqual(["cp"]);
        expect(full.bundles, args.join(" ")).toEqual(["main"]);
        expect(lane.code, args.join(" ")).toBeGreaterThan(1);
        const shown = lane.stderr.split("\n").length - 1;
        expect({ code: lane.code, stdout: lane.stdout, stderr: lane.stderr }, args.join(" ")).toEqual({ code: full.code, stdout: full.stdout, stderr: full.stderr.split("\n").slice(0, shown).join("\n") + "\n" });
      }
    } finally {
      await emu.close();
    }
  }, 60_000);
});
