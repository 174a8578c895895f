import { chmodSync, existsSync, mkdirSync, openSync, closeSync, ftruncateSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/errors.js";
import { emulatorCodeCommand, startTestEmulator, type TestEmulator } from "../helpers/emulator.js";
import { makeIdentities, type TestIdentity } from "../helpers/identities.js";
import { requireProgram } from "../helpers/programs.js";
import { Sandbox } from "../helpers/sandbox.js";

// Issue 8, hostile input through the built CLI: dotenv that ran code (defect 2), secrets echoed in
// parse errors (3), terminal escapes from folder names (12), a huge .awsmfa (13), exec's exit
// codes and allow's silence about unknown profiles (15).

let emu: TestEmulator;
let sb: Sandbox;
let id: TestIdentity;
const { state, ids } = makeIdentities(12, "hx") // a short prefix keeps the 20-character key ids distinct;

beforeAll(async () => {
  emu = await startTestEmulator({ state });
});
afterAll(async () => emu?.close());
beforeEach(() => {
  id = ids.shift()!;
  sb = new Sandbox(emu.url);
});
afterEach(() => sb.cleanup());

/** A process-mode-free MFA profile whose code comes from the emulator, so env/exec need no terminal. */
function writeProfile(region: string) {
  sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\nregion = ${region}\nmfa_process = ${emulatorCodeCommand(sb.dir, emu.url, id.serial)}\n`);
  sb.write(sb.credentialsFile, `[work-long-term]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`);
}

const ESC = /[\x00-\x08\x0b-\x1f\x7f]/; // any control character but the newline ending a line

describe("env --format dotenv (defect 2)", () => {
  it("refuses a config value that would run code, and nothing runs", async () => {
    const pwned = path.join(sb.dir, "pwned");
    // The session comes first; the region is then edited, as a cloned or generated config might have it.
    writeProfile("eu-west-1");
    expect((await sb.awsmfa(["env", "--profile", "work", "--format", "json"])).code).toBe(0);
    writeProfile(`$(touch ${pwned})`);
    // The resolver refuses a region that is not one (exit 3) before any format sees it; the dotenv
    // writer's own refusal of `$`, quotes and backslashes is covered value by value in env-format.test.ts.
    for (const format of ["dotenv", "sh"]) {
      const r = await sb.awsmfa(["env", "--profile", "work", "--format", format]);
      expect(r.code).toBe(EXIT.config);
      expect(r.stderr).toMatch(/^awsmfa: .*config: profile work: region is not an AWS region\n/);
      expect(r.stdout).toBe("");
    }
    expect(existsSync(pwned)).toBe(false);
  });

  it("a normal session sources with `set -a; . FILE` byte for byte", async () => {
    writeProfile("eu-west-1");
    const j = await sb.awsmfa(["env", "--profile", "work", "--format", "json"]);

    const json = JSON.parse(j.stdout) as Record<string, string>;
    const file = path.join(sb.dir, "aws.env");
    writeFileSync(file, (await sb.awsmfa(["env", "--profile", "work", "--format", "dotenv"])).stdout);
    const names = Object.keys(json);
    const r = await sb.exec("sh", ["-c", `set -a; . ${file}; set +a; node -e 'process.stdout.write(JSON.stringify(Object.fromEntries(${JSON.stringify(names)}.map((k) => [k, process.env[k]]))))'`]);
    expect(JSON.parse(r.stdout)).toEqual(json);
  });
});

describe("parse errors (defect 3)", () => {
  it("a credentials line missing its '=' is named by file:line and key, never echoed", async () => {
    writeProfile("eu-west-1");
    const secret = "wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY99";
    sb.write(sb.credentialsFile, `[work-long-term]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key ${secret}\n`);
    for (const args of [["status"], ["login", "--profile", "work"], ["credential-process", "--profile", "work"]]) {
      const r = await sb.awsmfa(args);
      expect(r.code).toBe(EXIT.config);
      expect(r.stderr).toContain(`awsmfa: ${sb.credentialsFile}:3: expected "key = value" for aws_secret_access_key (the "=" is missing)\n`);
      expect(r.stderr + r.stdout).not.toContain(secret.slice(0, 8));
    }
  });
});

describe("terminal escapes in folder names (defect 12)", () => {
  it("allow, deny and the hook's notice print the folder name with its control characters escaped", async () => {
    const dir = path.join(sb.home, "x\x1b]0;pwned\x07y");
    mkdirSync(dir);
    writeFileSync(path.join(dir, ".awsmfa"), "profile = work\n");
    const shown = path.join(sb.home, "x\\x1b]0;pwned\\x07y", ".awsmfa");
    const notice = await sb.exec("sh", ["-c", `cd "$1" && exec "$2" "$3" hook bash --eval`, "sh", dir, process.execPath, CLI_PATH()]);
    expect(notice.stderr).toBe(`awsmfa: ${shown} is not allowed; run 'awsmfa allow' to trust it\n`);
    const allowed = await sb.awsmfa(["allow", dir]);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain(`awsmfa: allowed ${shown} (profile work)\n`);
    expect(allowed.stderr).not.toMatch(ESC);
    const denied = await sb.awsmfa(["deny", dir]);
    expect(denied.stderr).toBe(`awsmfa: denied ${shown}\n`);
    // An error raised elsewhere (not found) names the path escaped too.
    const missing = await sb.awsmfa(["allow", path.join(dir, "nope")]);
    expect(missing.code).toBe(EXIT.config);
    expect(missing.stderr).not.toMatch(ESC);
    expect(missing.stderr).toContain("x\\x1b]0;pwned\\x07y");
  });
});

const CLI_PATH = () => path.resolve(__dirname, "..", "..", "dist", "cli.js");

describe("a huge .awsmfa (defect 13)", () => {
  const huge = (dir: string) => {
    mkdirSync(dir, { recursive: true });
    const f = path.join(dir, ".awsmfa");
    writeFileSync(f, "profile = work\n");
    const fd = openSync(f, "r+");
    ftruncateSync(fd, 40 * 1024 * 1024); // 40 MB: a sparse tail of NULs after one good line
    closeSync(fd);
    return f;
  };

  it("allow refuses it and the hook says why, trusted or not", async () => {
    const dir = path.join(sb.home, "big");
    const f = huge(dir);
    const allowed = await sb.awsmfa(["allow", dir]);
    expect(allowed.code).toBe(EXIT.trust);
    expect(allowed.stderr).toBe(`awsmfa: ${f}: larger than 8 KiB; an .awsmfa file holds a few lines, so it is ignored\n  the file holds \`profile = NAME\` and optionally \`region = REGION\`\n`);
    const hook = await sb.exec("sh", ["-c", `cd "$1" && exec "$2" "$3" hook zsh --eval`, "sh", dir, process.execPath, CLI_PATH()]);
    expect(hook.code).toBe(0);
    expect(hook.stderr).toBe(`awsmfa: ${f}: larger than 8 KiB; an .awsmfa file holds a few lines, so it is ignored\n`);
  });

  // The idle prompt reads the file to notice edits; it must read a bounded prefix, not 40 MB.
  it.each(["bash", "zsh", "fish"] as const)("%s: an idle prompt below it stays fast", async (shell) => {
    requireProgram(shell, shell === "fish" ? ["--version"] : ["-c", "true"]);
    const dir = path.join(sb.home, "big", "sub");
    huge(path.dirname(dir));
    mkdirSync(dir, { recursive: true });
    // awsmfa on PATH, as the hook calls it.
    const bin = path.join(sb.dir, "bin");
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, "awsmfa"), `#!/bin/sh\nexec "${process.execPath}" "${CLI_PATH()}" "$@"\n`);
    chmodSync(path.join(bin, "awsmfa"), 0o755);
    const hookText = (await sb.awsmfa(["hook", shell])).stdout;
    const rc = path.join(sb.dir, `hook.${shell}`);
    writeFileSync(rc, hookText);
    const env = { PATH: `${bin}:${sb.env.PATH}` };
    // Ten idle runs of the hook function after the first (which calls awsmfa once), timed inside the shell.
    const script =
      shell === "fish"
        ? `source ${rc}; cd ${dir}; __awsmfa_hook; set -l t0 (date +%s%N); for i in (seq 10); __awsmfa_hook; end; set -l t1 (date +%s%N); math "($t1 - $t0) / 10000000"`
        : shell === "zsh"
          ? `source ${rc}; cd ${dir}; __awsmfa_hook; t0=$EPOCHREALTIME; for i in {1..10}; do __awsmfa_hook; done; t1=$EPOCHREALTIME; echo $(( (t1 - t0) * 100 ))`
          : `source ${rc}; cd ${dir}; __awsmfa_hook; t0=\${EPOCHREALTIME/./}; for i in {1..10}; do __awsmfa_hook; done; t1=\${EPOCHREALTIME/./}; echo $(( (t1 - t0) / 10000 ))`;
    const args = shell === "fish" ? ["--no-config", "-c", script] : shell === "zsh" ? ["-f", "-c", `zmodload zsh/datetime; ${script}`] : ["--norc", "-c", script];
    const r = await sb.exec(shell, args, { env });
    const msPerPrompt = Number(r.stdout.trim().split("\n").at(-1));
    expect(Number.isFinite(msPerPrompt)).toBe(true);
    // 40 MB read whole took ~1 s a prompt; the 8 KiB prefix takes well under 25 ms even in fish.
    expect(msPerPrompt).toBeLessThan(25);
    expect(r.stderr).toContain("larger than 8 KiB");
  });
});

describe("exec and allow (defect 15)", () => {
  it("exec exits 127 for a missing command and 126 for one that cannot run, like env and sudo", async () => {
    writeProfile("eu-west-1");
    const missing = await sb.awsmfa(["exec", "--profile", "work", "--", "nosuchcmd-awsmfa"]);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toBe("awsmfa: cannot run 'nosuchcmd-awsmfa': command not found\n");
    const plain = path.join(sb.dir, "not-executable");
    writeFileSync(plain, "#!/bin/sh\necho hi\n", { mode: 0o644 });
    const noexec = await sb.awsmfa(["exec", "--profile", "work", "--", plain]);
    expect(noexec.code).toBe(126);
    // The shells' own convention, for comparison.
    expect((await sb.exec("env", ["nosuchcmd-awsmfa"])).code).toBe(127);
    expect((await sb.exec("env", [plain])).code).toBe(126);
  });

  it("allow warns when the profile is in neither AWS file, and lists the ones there", async () => {
    writeProfile("eu-west-1");
    sb.write(sb.configFile, readFileSync(sb.configFile, "utf8") + "[profile ops]\nregion = eu-west-1\n[sso-session corp]\nsso_region = eu-west-1\n");
    const dir = path.join(sb.home, "proj");
    mkdirSync(dir);
    writeFileSync(path.join(dir, ".awsmfa"), "profile = wrok\n");
    const r = await sb.awsmfa(["allow", dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `awsmfa: warning: profile wrok is in neither ${sb.configFile} nor ${sb.credentialsFile}; the profiles there: work, ops\n`,
    );
    writeFileSync(path.join(dir, ".awsmfa"), "profile = ops\n");
    const ok = await sb.awsmfa(["allow", dir]);
    expect(ok.stderr).not.toContain("warning");
  });
});
