import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatEnv } from "../../src/shells/index.js";
import { dotenvLine } from "../../src/core/envvars.js";
import { isAwsMfaError } from "../../src/core/errors.js";
import { requireProgram } from "../helpers/programs.js";

// Issue 8 defect 2: `env --format dotenv` wrote AWS_REGION="$(touch pwned)", and `set -a; . FILE`
// ran it. Every format is read back by the real programs that consume it; nothing may run.

const dir = mkdtempSync(path.join(os.tmpdir(), "awsmfa-envfmt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PWNED = path.join(dir, "pwned");

// Values a config could hand us (region, profile) that a shell or a dotenv reader might act on.
const HOSTILE = [
  `\`touch ${PWNED}\``,
  "a;b&c|d>e<f * ? [x] ~ !",
  "# not a comment",
  "x #y",
  'dq"dq',
  "us-east-1",
  "AKIA+/=token/with+base64==",
  "2026-11-25T19:35:00.000Z",
  "",
  "  spaced  ",
  "日本語",
];
const env = (v: string): Array<[string, string]> => [["AWSMFA_T", v]];
const run = (cmd: string, args: string[], extra: Record<string, string> = {}) =>
  execFileSync(cmd, args, { encoding: "utf8", cwd: dir, env: { PATH: process.env.PATH!, LANG: "C.UTF-8", HOME: dir, ...extra } });
const noPwned = () => expect(readdirSync(dir).filter((n) => n === "pwned")).toEqual([]);

// What no dotenv quoting carries to every reader alike: refused, so nothing can run.
const REFUSED = [`$(touch ${PWNED})`, "${HOME} $HOME $((1+1))", "it's", "back\\slash", "line\nbreak", "\x1b]0;x\x07", "cr\r"];

describe("env --format dotenv", () => {
  it.each(["sh", "dash", "bash"])("%s: `set -a; . FILE` runs nothing and exports the value byte for byte", (shell) => {
    requireProgram(shell, ["-c", "true"]);
    for (const v of HOSTILE) {
      const file = path.join(dir, "a.env");
      writeFileSync(file, formatEnv(env(v), [], "dotenv"));
      const out = run(shell, ["-c", `set -a; . ${file}; set +a; node -e 'process.stdout.write(process.env.AWSMFA_T)'`]);
      expect(out).toBe(v);
      noPwned();
    }
  });

  it("node --env-file and python-dotenv read the same bytes", () => {
    requireProgram("python3");
    for (const v of HOSTILE) {
      const file = path.join(dir, "b.env");
      writeFileSync(file, formatEnv(env(v), [], "dotenv"));
      // node trims unquoted values; the bare form never has outer spaces (they force quotes).
      expect(run(process.execPath, [`--env-file=${file}`, "-e", "process.stdout.write(process.env.AWSMFA_T ?? '<unset>')"])).toBe(v);
      const py = `import sys, dotenv; sys.stdout.write(dotenv.dotenv_values(sys.argv[1])["AWSMFA_T"] or "")`;
      expect(run("python3", ["-c", py, file])).toBe(v);
      noPwned();
    }
  });

  it("writes keys, tokens and dates bare, anything else in single quotes", () => {
    expect(dotenvLine("K", "AKIA+/=x")).toBe("K=AKIA+/=x");
    expect(dotenvLine("K", "`id` x;y")).toBe("K='`id` x;y'");
  });

  it("refuses what no quoting carries to every reader the same: $, quotes, backslashes, control characters", () => {
    for (const v of REFUSED) {
      let err: unknown;
      try {
        dotenvLine("AWS_REGION", v);
      } catch (e) {
        err = e;
      }
      expect(isAwsMfaError(err) && err.exitCode).toBe(2);
      expect((err as Error).message).toMatch(/^--format dotenv: the value of AWS_REGION /);
      expect((err as Error).message).not.toContain(v);
    }
  });
});

describe("env --format sh/fish with hostile values", () => {
  const hostile = [...HOSTILE, ...REFUSED];
  it.each([
    ["sh", "sh", (f: string) => ["-c", `. ${f}; node -e 'process.stdout.write(process.env.AWSMFA_T)'`]],
    ["sh", "bash", (f: string) => ["--norc", "-c", `. ${f}; node -e 'process.stdout.write(process.env.AWSMFA_T)'`]],
    ["fish", "fish", (f: string) => ["--no-config", "-c", `source ${f}; node -e 'process.stdout.write(process.env.AWSMFA_T)'`]],
  ] as const)("%s format read by %s", (format, shell, args) => {
    requireProgram(shell, shell === "fish" ? ["--version"] : ["-c", "true"]);
    for (const v of hostile) {
      const file = path.join(dir, `c.${format}`);
      writeFileSync(file, formatEnv(env(v), ["AWS_PROFILE"], format));
      expect(run(shell, args(file), { AWS_PROFILE: "outer" })).toBe(v);
      noPwned();
    }
  });

  it("pwsh: every single-quote character PowerShell knows is doubled inside single quotes", () => {
    // PowerShell's tokenizer ends a '…' string at ' and at the typographic ‘ ’ ‚ ‛ alike.
    const out = formatEnv(env("a'b\u2018c\u2019d\u201Ae\u201Bf$(x)"), [], "pwsh");
    expect(out).toBe("$Env:AWSMFA_T = 'a''b\u2018\u2018c\u2019\u2019d\u201A\u201Ae\u201B\u201Bf$(x)'\n");
  });
});
