import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator.js";
import { makeIdentities } from "../helpers/identities.js";
import { requireProgram } from "../helpers/programs.js";
import { CLI, Sandbox } from "../helpers/sandbox.js";
import { TmuxShell } from "../helpers/tmux.js";

// The expiry notice end to end: a real login whose session ends in ~5 minutes (the emulator's
// session clock runs 10 minutes behind), then a real interactive bash entering the project.

let emu: TestEmulator;
let sb: Sandbox;
let sh: TmuxShell;
const { state, ids } = makeIdentities(1, "expiry");
const id = ids[0]!;
const NOTICE = /awsmfa: session for work expires in [45] min — run 'awsmfa login'/g;

beforeAll(async () => {
  requireProgram("tmux", ["-V"]);
  emu = await startTestEmulator({ state });
  sb = new Sandbox(emu.url);
  sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\n`);
  sb.write(sb.credentialsFile, `[work-long-term]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`);
  emu.emulator.setSwitches({ clockOffsetSeconds: -600 });
  const login = await sb.awsmfa(["login", "--profile", "work", "--duration", "900", "--code", emu.emulator.nextCode(id.serial)]);
  expect(login.code, login.stderr).toBe(0);
  const proj = path.join(sb.home, "proj");
  mkdirSync(proj);
  writeFileSync(path.join(proj, ".awsmfa"), "profile = work\n");
  expect((await sb.exec("sh", ["-c", `cd '${proj}' && '${process.execPath}' '${CLI}' allow`])).code).toBe(0);
  const bin = path.join(sb.dir, "bin");
  mkdirSync(bin);
  writeFileSync(path.join(bin, "awsmfa"), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
  chmodSync(path.join(bin, "awsmfa"), 0o755);
  const rc = path.join(sb.dir, "rc.bash");
  writeFileSync(rc, `PS1='$ '\nunset AWS_PROFILE\neval "$(awsmfa hook bash)"\n`);
  sh = new TmuxShell(["bash", "--noprofile", "--rcfile", rc, "-i"], { ...sb.env, PATH: `${bin}:${sb.env.PATH}`, TERM: "screen" }, sb.home);
  await sh.until("the first prompt", () => (sh.screen().includes("$ ") ? true : undefined));
});
afterAll(async () => {
  await sh?.kill();
  sb?.cleanup();
  await emu?.close();
});

describe("expiry notice in a real bash", () => {
  it("prints once on entering a project whose session ends soon, not at every prompt", async () => {
    sh.type("cd proj");
    await sh.until("the expiry notice", () => ((sh.screen().match(NOTICE) ?? []).length === 1 ? true : undefined));
    sh.type("");
    sh.type("echo done-$((6*7))");
    await sh.until("the prompts after it", () => (sh.screen().includes("done-42") ? true : undefined));
    expect(sh.screen().match(NOTICE)).toHaveLength(1);
  });
});
