import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CLI, Sandbox } from "../helpers/sandbox.js";
import { emulatorCodeCommand, startTestEmulator, type TestEmulator } from "../helpers/emulator.js";
import { makeIdentities, type TestIdentity } from "../helpers/identities.js";
import { mfaCacheId, roleCacheId } from "../../src/core/resolve.js";
import { EXIT } from "../../src/core/errors.js";

// Issue 11: dist/cli.js answers a warm credential-process itself, without loading dist/main.js
// (the full bundle). It must print exactly what the full path prints, and hand every other case
// to the full path, which then behaves as before. Which path answered is seen from outside: a
// preload records whether a bundle was required (./main.js, or ./cp.js, the credential-process
// lane of src/lane.ts, which runs the same command module).

let emu: TestEmulator;
let sb: Sandbox;
let id: TestIdentity;
const { state, ids } = makeIdentities(20, "thin");
const ROLE_ARN = "arn:aws:iam::123456789012:role/ops";

beforeAll(async () => {
  emu = await startTestEmulator({ state: { ...state, roles: [{ name: "ops", requireMfa: true, maxSessionDuration: 43200 }] } });
});
afterAll(async () => emu?.close());
beforeEach(() => {
  id = ids.shift()!;
  sb = new Sandbox(emu.url);
  emu.emulator.resetCounters();
});
afterEach(() => sb.cleanup());

const gst = () => emu.counters().GetSessionToken ?? 0;
const sessionFile = (key: string) => path.join(sb.env.XDG_CACHE_HOME!, "awsmfa", "sessions", `${key}.json`);

/** An mfa_process that fetches an unused code from the emulator. */
function mfaProcessLine(): string {
  return `mfa_process = ${emulatorCodeCommand(sb.dir, emu.url, id.serial)}`;
}

function setup(extraConfig = "") {
  sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\n${mfaProcessLine()}\n${extraConfig}`);
  sb.write(sb.credentialsFile, `[work-long-term]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`);
}

/** Runs the built CLI with a preload that notes whether a full path (main.js or the cp.js lane) was loaded. */
async function run(args: string[]) {
  const preload = path.join(sb.dir, "record.cjs");
  const out = path.join(sb.dir, "full.txt");
  writeFileSync(
    preload,
    `const M = require("module"); const load = M._load; let full = false;\n` +
      `M._load = function (r, ...a) { if (/(^|\\/)(main|cp)\\.js$/.test(r)) full = true; return load.call(this, r, ...a); };\n` +
      `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(out)}, full ? "full" : "thin"));\n`,
  );
  const r = await sb.exec(process.execPath, ["--require", preload, CLI, ...args]);
  return { ...r, path: existsSync(out) ? readFileSync(out, "utf8") : "none" };
}

describe("the thin entry (dist/cli.js) and the full path (dist/main.js)", () => {
  it("a warm call is answered by the thin entry with the very bytes the full path printed", async () => {
    setup();
    const cold = await run(["credential-process", "--profile", "work"]);
    expect(cold.code).toBe(0);
    expect(cold.path).toBe("full");
    for (const args of [
      ["credential-process", "--profile", "work"],
      ["credential-process", "-p", "work", "--no-prompt"],
      ["credential-process", "--profile=work"],
    ]) {
      const warm = await run(args);
      expect(warm.path).toBe("thin");
      expect(warm.code).toBe(0);
      expect(warm.stderr).toBe("");
      expect(warm.stdout).toBe(cold.stdout);
    }
    const viaEnv = await sb.exec(process.execPath, [CLI, "credential-process"], { env: { AWS_PROFILE: "work" } });
    expect(viaEnv.stdout).toBe(cold.stdout);
    expect(gst()).toBe(1);
  });

  it("an edited profile counts at once: a new serial is never served the old device's session", async () => {
    setup();
    const first = await run(["credential-process", "--profile", "work"]);
    expect(first.code).toBe(0);
    // Another device in the config: a different cache id, so the thin entry has nothing to serve.
    const other = ids.shift()!;
    sb.write(sb.configFile, sb.read(sb.configFile).replace(id.serial, other.serial));
    const r = await run(["credential-process", "--profile", "work", "--no-prompt"]);
    expect(r.path).toBe("full");
    expect(r.stdout).toBe("");
    expect(r.code).toBe(EXIT.noTerminal);
    expect(r.stderr).toContain("no valid session for work");
  });

  it("every case the cache cannot answer goes to the full path, which behaves as before", async () => {
    setup(`\n[profile ops]\nrole_arn = ${ROLE_ARN}\nsource_profile = work\nrole_session_name = alice\n`);
    // A miss: the full path refreshes.
    const miss = await run(["credential-process", "--profile", "work"]);
    expect([miss.path, miss.code, gst()]).toEqual(["full", 0, 1]);
    // A role whose own session is not cached yet, although the MFA session is.
    const role = await run(["credential-process", "--profile", "ops"]);
    expect([role.path, role.code]).toEqual(["full", 0]);
    expect(existsSync(sessionFile(roleCacheId(id.serial, { roleArn: ROLE_ARN, sourceProfile: "work", roleSessionName: "alice" })))).toBe(true);
    expect((await run(["credential-process", "--profile", "ops"])).path).toBe("thin");
    // --debug, --help, -h, a bad flag, an extra argument: the full path's answers.
    const debug = await run(["credential-process", "--profile", "work", "--debug"]);
    expect([debug.path, debug.code]).toEqual(["full", 0]);
    expect(debug.stdout).toBe(miss.stdout);
    expect(debug.stderr).toContain("cached MFA session");
    for (const flag of ["--help", "-h"]) {
      const help = await run(["credential-process", flag]);
      expect([help.path, help.code]).toEqual(["full", 0]);
      expect(help.stdout).toContain("Usage: awsmfa credential-process");
    }
    const bad = await run(["credential-process", "--profile", "work", "--bogus"]);
    expect([bad.path, bad.code, bad.stdout]).toEqual(["full", EXIT.usage, ""]);
    expect(bad.stderr).toContain("unknown flag --bogus");
    const extra = await run(["credential-process", "--profile", "work", "stray"]);
    expect([extra.path, extra.code, extra.stdout]).toEqual(["full", EXIT.usage, ""]);
    // A session inside its refresh margin: renewed by the full path.
    const file = sessionFile(mfaCacheId(id.serial));
    const cached = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...cached, IssuedAt: new Date(Date.now() - 11 * 3600_000).toISOString(), Expiration: new Date(Date.now() + 5 * 60_000).toISOString() }));
    const margin = await run(["credential-process", "--profile", "work"]);
    expect([margin.path, margin.code, gst()]).toEqual(["full", 0, 2]);
    expect(JSON.parse(margin.stdout).AccessKeyId).not.toBe(cached.AccessKeyId);
    // A torn cache file: a miss, never a crash.
    writeFileSync(file, "{");
    const torn = await run(["credential-process", "--profile", "work"]);
    expect([torn.path, torn.code, gst()]).toEqual(["full", 0, 3]);
    // A malformed config: the full path names the line.
    sb.write(sb.configFile, sb.read(sb.configFile) + "[broken\n");
    const malformed = await run(["credential-process", "--profile", "work"]);
    expect([malformed.path, malformed.code, malformed.stdout]).toEqual(["full", EXIT.config, ""]);
    expect(malformed.stderr).toMatch(/config:\d+: unterminated section header/);
    // No config at all.
    sb.write(sb.configFile, "");
    const none = await run(["credential-process", "--profile", "work"]);
    expect([none.path, none.code]).toEqual(["full", EXIT.config]);
    expect(none.stderr).toContain("has no mfa_serial");
  });

  it("a burst on an empty cache waits in the thin entry on the first call's claim, as root in a home of its own too", async () => {
    // A code source that takes 0.4 s, so the claim is held while the others start.
    const slow = path.join(sb.dir, "slow.sh");
    writeFileSync(slow, `sleep 0.4\nexec ${emulatorCodeCommand(sb.dir, emu.url, id.serial)}\n`);
    sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\nmfa_process = sh ${slow}\n`);
    sb.write(sb.credentialsFile, `[work-long-term]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`);
    const preload = path.join(sb.dir, "which.cjs");
    writeFileSync(
      preload,
      `const M = require("module"); const load = M._load; let full = false;\n` +
        `M._load = function (r, ...a) { if (/(^|\\/)(main|cp)\\.js$/.test(r)) full = true; return load.call(this, r, ...a); };\n` +
        `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(sb.dir)} + "/which-" + process.pid, full ? "full" : "thin"));\n`,
    );
    const call = () => sb.exec(process.execPath, ["--require", preload, CLI, "credential-process", "--profile", "work"]);
    const first = call();
    const locks = path.join(sb.env.XDG_CACHE_HOME!, "awsmfa", "locks");
    for (const t0 = Date.now(); !(existsSync(locks) && readdirSync(locks).some((n) => n.endsWith(".claim"))); await new Promise((r) => setTimeout(r, 5)))
      if (Date.now() - t0 > 10_000) throw new Error("the first call made no claim");
    const all = [...(await Promise.all([call(), call(), call()])), await first];
    for (const r of all) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('"SessionToken"');
    }
    expect(gst()).toBe(1);
    const paths = readdirSync(sb.dir).filter((n) => n.startsWith("which-")).map((n) => readFileSync(path.join(sb.dir, n), "utf8"));
    expect(paths.sort()).toEqual(["full", "thin", "thin", "thin"]);
  }, 30_000);
  // The cold path's files (atomic writes, locks, the cache) use fs's callback API (ports/fs-async.ts):
  // node:fs/promises brings readline's internals and cost every refresh 17–24 M instructions.
  it("a refresh (the full path) writes its files without loading node:fs/promises or readline", async () => {
    setup();
    const preload = path.join(sb.dir, "builtins.cjs");
    const out = path.join(sb.dir, "builtins.txt");
    writeFileSync(preload, `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(out)}, process.moduleLoadList.join("\\n")));\n`);
    const r = await sb.exec(process.execPath, ["--require", preload, CLI, "credential-process", "--profile", "work"]);
    expect(r.code, r.stderr).toBe(0);
    expect(gst()).toBe(1);
    expect(existsSync(sessionFile(mfaCacheId(id.serial)))).toBe(true);
    const loaded = readFileSync(out, "utf8").split("\n");
    expect(loaded).toContain("NativeModule http"); // the list is the real one: the refresh called STS
    expect(loaded.filter((m) => /^NativeModule (internal\/fs\/promises|fs\/promises|internal\/readline\/)/.test(m))).toEqual([]);
  });
});
