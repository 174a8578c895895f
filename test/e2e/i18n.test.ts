import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, Sandbox } from "../helpers/sandbox.js";
import { emulatorCodeCommand, startTestEmulator, type TestEmulator } from "../helpers/emulator.js";
import { makeIdentities, type TestIdentity } from "../helpers/identities.js";
import { COMMANDS, allSpecs } from "../../src/commands/index.js";
import { exampleComment } from "../../src/commands/spec.js";
import { usageLines } from "../../src/commands/help.js";

// Issue 10 §5, from outside: the built CLI speaks Japanese when the locale (or AWSMFA_LANG) says so,
// machine output and exit codes are byte-identical in every language, and no text a user reads
// bypasses the catalogues (the test-only pseudo-language qps wraps every catalogue text in ⟦…⟧).

let emu: TestEmulator;
let sb: Sandbox;
let id: TestIdentity;
const { state, ids } = makeIdentities(4, "i18n");
const JA = { LANG: "ja_JP.UTF-8", LC_ALL: undefined, LC_MESSAGES: undefined, AWSMFA_LANG: undefined };
const C = { LANG: "C", LC_ALL: undefined, LC_MESSAGES: undefined, AWSMFA_LANG: undefined };
const QPS = { AWSMFA_LANG: "qps" };

beforeAll(async () => {
  emu = await startTestEmulator({ state });
  sb = new Sandbox(emu.url);
  id = ids.shift()!;
  sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\nmfa_process = ${emulatorCodeCommand(sb.dir, emu.url, id.serial)}\n\n[profile plain]\nregion = eu-west-1\n\n[profile other]\nmfa_serial = arn:aws:iam::123456789012:mfa/other\n`);
  sb.write(sb.credentialsFile, `[work-long-term]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`);
  const login = await sb.awsmfa(["login", "--profile", "work"]);
  expect(login.code, login.stderr).toBe(0);
});
afterAll(async () => {
  sb?.cleanup();
  await emu?.close();
});

describe("the language is chosen from the environment", () => {
  it("Japanese for a Japanese locale or AWSMFA_LANG=ja, English otherwise", async () => {
    const bad = ["login", "--bogus"];
    const ja = await sb.awsmfa(bad, { env: JA });
    expect(ja.stderr).toBe("awsmfa: 不明なフラグ --bogus\n  --help を参照してください\n");
    const en = await sb.awsmfa(bad, { env: C });
    expect(en.stderr).toBe("awsmfa: unknown flag --bogus\n  see --help\n");
    expect((await sb.awsmfa(bad, { env: { ...C, LC_MESSAGES: "ja_JP.UTF-8" } })).stderr).toBe(ja.stderr);
    expect((await sb.awsmfa(bad, { env: { ...JA, LC_ALL: "C" } })).stderr).toBe(en.stderr);
    expect((await sb.awsmfa(bad, { env: { ...JA, AWSMFA_LANG: "en" } })).stderr).toBe(en.stderr);
    expect((await sb.awsmfa(bad, { env: { ...C, AWSMFA_LANG: "ja" } })).stderr).toBe(ja.stderr);
    // Help too, headings included, with the flag names kept.
    const help = await sb.awsmfa(["login", "--help"], { env: JA });
    expect(help.stdout).toContain("awsmfa login — プロファイルの MFA セッションを取得します\n");
    expect(help.stdout).toMatch(/\n使い方: awsmfa login .*\n[\s\S]*\nフラグ:\n[\s\S]*--verify +現在のセッション[\s\S]*\n終了コード:\n[\s\S]*\n例:\n/);
    expect((await sb.awsmfa(["--help"], { env: JA })).stdout).toContain("コマンド:\n");
  });
});

describe("the Japanese catalogue is loaded only when Japanese is selected", () => {
  it("dist/ja.js is read by a Japanese run only, and never by the thin entry's warm path", async () => {
    const out = path.join(sb.dir, "loaded.txt");
    const preload = path.join(sb.dir, "record-ja.cjs");
    writeFileSync(
      preload,
      `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(out)}, Object.keys(require.cache).some((k) => /[\\/]dist[\\/]ja\\.js$/.test(k)) ? "ja" : "none"));\n`,
    );
    const loaded = async (args: string[], env: Record<string, string | undefined>) => {
      await sb.exec(process.execPath, ["--require", preload, CLI, ...args], { env });
      return readFileSync(out, "utf8");
    };
    expect(await loaded(["login", "--bogus"], C)).toBe("none");
    expect(await loaded(["login", "--help"], C)).toBe("none");
    expect(await loaded(["login", "--bogus"], JA)).toBe("ja");
    expect(await loaded(["status"], { ...C, AWSMFA_LANG: "ja" })).toBe("ja");
    // The warm credential-process is answered by dist/cli.js, which carries no catalogue at all.
    expect(await loaded(["credential-process", "--profile", "work"], JA)).toBe("none");
    const thin = readFileSync(CLI, "utf8");
    expect(thin).not.toContain("不明なフラグ");
    expect(thin).not.toContain("fix that line by hand");
  });
});

describe("machine output and exit codes do not change with the language", () => {
  // Seconds tick between two runs; everything else must be byte for byte the same.
  const steady = (s: string) => s.replace(/"remainingSeconds":\d+/g, '"remainingSeconds":N');
  const outputs: string[][] = [
    ["env", "--profile", "work"],
    ["env", "--profile", "work", "--format", "json"],
    ["env", "--profile", "work", "--format", "fish"],
    ["env", "--profile", "work", "--format", "pwsh"],
    ["env", "--profile", "work", "--format", "dotenv"],
    ["credential-process", "--profile", "work"],
    ["status", "--json"],
    ["status", "--profile", "work"],
    ["keys", "list", "--json"],
    ["device", "list", "--profile", "work", "--json"],
    ["hook", "bash"],
    ["hook", "zsh"],
    ["hook", "fish"],
    ["completion", "bash"],
    ["completion", "zsh"],
    ["completion", "fish"],
    ["__complete", "profiles"],
    ["direnv"],
    ["--version"],
  ];
  it.each(outputs)("%s …", async (...args) => {
    const en = await sb.awsmfa(args, { env: C });
    const ja = await sb.awsmfa(args, { env: JA });
    expect(en.code, en.stderr).toBe(0);
    expect(en.stdout).not.toBe("");
    expect(ja.code).toBe(en.code);
    expect(steady(ja.stdout)).toBe(steady(en.stdout));
  });
  it("doctor --json keeps its English messages; failures keep their exit codes", async () => {
    const doc = await Promise.all([C, JA].map((env) => sb.awsmfa(["doctor", "--json", "--offline"], { env })));
    expect(doc[1]!.code).toBe(doc[0]!.code);
    expect(JSON.parse(doc[1]!.stdout)).toEqual(JSON.parse(doc[0]!.stdout));
    for (const args of FAILING) {
      const [en, ja, qps] = await Promise.all([C, JA, QPS].map((env) => sb.awsmfa(args, { env })));
      expect([ja!.code, qps!.code, ja!.stdout, qps!.stdout], args.join(" ")).toEqual([en!.code, en!.code, en!.stdout, en!.stdout]);
      expect(en!.code, args.join(" ")).not.toBe(0);
      expect(ja!.stderr, args.join(" ")).not.toBe(en!.stderr);
    }
  });
});

/** A broad set of failing invocations, one per kind of error (usage, config, MFA, trust, no terminal). */
const FAILING: string[][] = [
  ["nosuch"],
  ["logn"],
  ["--bogus"],
  ...Object.keys(COMMANDS).map((c) => [c, "--bogus-flag"]),
  ["login", "--profle", "work"],
  ["login", "-z"],
  ["login", "--force=yes"],
  ["login", "--profile"],
  ["login", "--profile", "work", "stray"],
  ["login", "--profile", "work", "--code", "abc"],
  ["login", "--profile", "work", "--duration", "5x"],
  ["login", "--profile", "work", "--duration", "10"],
  ["login", "--profile", "work", "--force", "--verify"],
  ["login", "--profile", "plain"],
  ["login", "--profile", "nobody", "--code", "123456"],
  ["env", "--profile", "work", "--format", "xml"],
  ["env", "--profile", "plain", "--no-prompt"],
  ["credential-process", "--profile", "plain", "--no-prompt"],
  ["exec", "--profile", "work", "true"],
  ["hook", "tcsh"],
  ["hook"],
  ["completion", "tcsh"],
  ["configure", "--profile", "work", "--mode", "sideways"],
  ["configure", "--profile", "work"],
  ["device", "frobnicate"],
  ["device", "lsit"],
  ["device"],
  ["device", "add", "--profile", "work", "--serial", "x"],
  ["device", "add", "--profile", "work", "--type", "fido"],
  ["device", "add", "--profile", "work", "--type", "hardware"],
  ["device", "resync", "--profile", "work", "--code1", "111111"],
  ["keys", "frob"],
  ["keys"],
  ["keys", "move", "--profile", "work"],
  ["keys", "add", "--profile", "work", "--to", "cloud"],
  ["keys", "add", "--profile", "work"],
  ["setup", "--profile", "work", "--serial", "x", "--create-device"],
  ["setup", "--profile", "work", "--mode", "both"],
  ["allow"],
  ["allow", "/nonexistent/.awsmfa"],
  ["edit", "a", "b"],
  ["emulator", "--port", "99999"],
  ["emulator", "--state", "/nonexistent.json"],
  ["__complete", "bogus"],
];

describe("no user-facing text bypasses the catalogues (pseudo-language qps)", async () => {
  const specs = await allSpecs();
  // What a help page may hold outside the catalogue: its syntax (usage lines, flag labels, exit code
  // numbers, command names) and its examples' commands.
  const syntax = new Set<string>([
    ...specs.flatMap((s) => usageLines(s).flatMap((u) => u.split("\n").map((l) => l.trim()))),
    ...specs.flatMap((s) => s.examples.map((e) => (exampleComment(e)?.[0] ?? e).trim())),
    ...specs.map((s) => s.name),
    "awsmfa login --profile work",
    "awsmfa status",
    "awsmfa exec --profile work -- terraform plan",
  ]);
  /** Removes every ⟦…⟧ (nested ones too) and returns the lines of what is left, trimmed. */
  const outside = (text: string) => {
    let s = text;
    for (let prev = ""; prev !== s; ) [prev, s] = [s, s.replace(/⟦[^⟦⟧]*⟧/g, "")];
    return s.split("\n").map((l) => l.trim());
  };
  const FLAG = /^(-\w, )?--[\w-]+( [A-Z0-9.]+)?$/;
  const isSyntax = (l: string) =>
    l === "" || FLAG.test(l) || /^\d+$/.test(l) || syntax.has(l) || /^awsmfa [\w-]+ —$/.test(l) || l === "awsmfa <command> [flags]     awsmfa <command> --help" || l === "awsmfa —";

  it.each(["", ...Object.keys(COMMANDS)])("awsmfa %s --help", async (name) => {
    const r = await sb.awsmfa(name ? [name, "--help"] : ["--help"], { env: QPS });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("⟦");
    expect(outside(r.stdout).filter((l) => !isSyntax(l))).toEqual([]);
  });

  it("every error line of a broad set of failing invocations", async () => {
    for (const args of FAILING) {
      const r = await sb.awsmfa(args, { env: QPS });
      expect(r.stderr, args.join(" ")).toContain("⟦");
      // `awsmfa:` is the one prefix main.ts puts before every message.
      expect(outside(r.stderr).filter((l) => l !== "" && l !== "awsmfa:"), `${args.join(" ")}\n${r.stderr}`).toEqual([]);
    }
  });

  it("setup without a terminal: its plan, its notices and the first login's output", async () => {
    const other = ids.shift()!;
    const sb2 = new Sandbox(emu.url);
    try {
      sb2.write(sb2.configFile, "[profile fresh]\nregion = us-east-1\n");
      sb2.write(sb2.credentialsFile, `[fresh]\naws_access_key_id = ${other.accessKeyId}\naws_secret_access_key = ${other.secretAccessKey}\n`);
      const r = await sb2.awsmfa(["setup", "--profile", "fresh", "--serial", other.serial, "--code", emu.emulator.nextCode(other.serial), "--yes"], { env: QPS });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr.split("\n").filter((l) => l.includes("⟦")).length).toBeGreaterThan(5);
      expect(outside(r.stderr).filter((l) => l !== "")).toEqual([]);
      expect(outside(r.stdout).filter((l) => l !== "")).toEqual([]);
    } finally {
      sb2.cleanup();
    }
  });

  it("notices and command output too: allow, deny, logout", async () => {
    const dir = path.join(sb.home, "proj");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, ".awsmfa"), "profile = work\n");
    const r = await sb.awsmfa(["allow", dir], { env: QPS });
    expect(r.code, r.stderr).toBe(0);
    expect(outside(r.stderr).filter((l) => l !== "")).toEqual([]);
    const denied = await sb.awsmfa(["deny", dir], { env: QPS });
    expect(outside(denied.stderr).filter((l) => l !== "")).toEqual([]);
    const logout = await sb.awsmfa(["logout", "--profile", "other"], { env: QPS });
    expect(logout.code).toBe(0);
    expect(outside(logout.stdout).filter((l) => l !== "")).toEqual([]);
  });
});
