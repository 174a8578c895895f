import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, Sandbox } from "../helpers/sandbox.js";

// The command definitions are separate modules so that help and completion never load a command's
// run code, and a command never loads another command's definition. The bundle keeps each module
// behind a lazy initialiser (esbuild's __esm); a copy of the build records which ones run.

const sb = new Sandbox();
const dist = path.join(sb.dir, "dist");
const trace = path.join(sb.dir, "inits.txt");

beforeAll(() => {
  cpSync(path.join(ROOT, "dist"), dist, { recursive: true });
  const marker = "var __esm = (fn, res, err) => function __init() {\n";
  let patched = 0;
  for (const f of readdirSync(dist).filter((n) => n.endsWith(".js"))) {
    const file = path.join(dist, f);
    const text = readFileSync(file, "utf8");
    if (!text.includes(marker)) continue;
    writeFileSync(
      file,
      text.replace(marker, `${marker}  if (fn) require("fs").appendFileSync(process.env.AWSMFA_TEST_INITS, Object.getOwnPropertyNames(fn)[0] + "\\n");\n`),
    );
    patched++;
  }
  expect(patched).toBeGreaterThan(0); // the recorder is in place
});
afterAll(() => sb.cleanup());

async function inits(args: string[]): Promise<string[]> {
  writeFileSync(trace, "");
  await sb.exec(process.execPath, [path.join(dist, "cli.js"), ...args], { env: { AWSMFA_TEST_INITS: trace } });
  return readFileSync(trace, "utf8").split("\n").filter(Boolean);
}

const SHARED = new Set(["src/commands/index.ts", "src/commands/spec.ts", "src/commands/types.ts", "src/commands/common-flags.ts"]);
const specs = (mods: string[]) => mods.filter((m) => /^src\/commands\/.*\.spec\.ts$/.test(m));
const runModules = (mods: string[]) => mods.filter((m) => m.startsWith("src/commands/") && !m.endsWith(".spec.ts") && !SHARED.has(m));

describe("lazy loading of command definitions", () => {
  it("credential-process loads its own definition and no other command's code or definition", async () => {
    const mods = await inits(["credential-process", "--profile", "nowhere"]);
    expect(mods).toContain("src/commands/credential-process.ts");
    expect(specs(mods)).toEqual(["src/commands/credential-process.spec.ts"]);
    expect(runModules(mods).sort()).toEqual(["src/commands/credential-process.thin.ts", "src/commands/credential-process.ts"]);
  });
  it("--help loads every definition and no command's run code", async () => {
    const mods = await inits(["--help"]);
    const files = readdirSync(path.join(ROOT, "src", "commands")).filter((f) => f.endsWith(".spec.ts"));
    expect(specs(mods).sort()).toEqual(files.map((f) => `src/commands/${f}`).sort());
    expect(runModules(mods)).toEqual([]);
  });
  it("login --help loads login's definition only", async () => {
    const mods = await inits(["login", "--help"]);
    expect(specs(mods)).toEqual(["src/commands/login.spec.ts"]);
    expect(runModules(mods)).toEqual([]);
  });
  it("completion loads the definitions, and of the run code only its own", async () => {
    const mods = await inits(["completion", "bash"]);
    expect(specs(mods).length).toBeGreaterThan(15);
    expect(runModules(mods)).toEqual(["src/commands/completion.ts"]);
  });
});
