import { afterAll, beforeAll, expect, it } from "vitest";
import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { ROOT, Sandbox } from "../helpers/sandbox.js";
import { AWS_V2, requireProgram } from "../helpers/programs.js";
import { DEMO_ACCESS_KEY_ID, DEMO_MFA_SERIAL, DEMO_SECRET_ACCESS_KEY, DEMO_USER_ARN, startTestEmulator, type TestEmulator } from "../helpers/emulator.js";

// The package as a user gets it: packed from a clean checkout (no dist/), installed globally with
// --omit=dev into a throwaway prefix, then run from that prefix. Guards the prepack build, the
// clean dist/ (no orphan chunks in the tarball), `dependencies` holding only what the bundle
// cannot contain, and the size of a global install.

const run = promisify(execFile);
const MB = 1024 * 1024;
let work: string;
let prefix: string;
let tarFiles: string[];
let emu: TestEmulator;

// npm's own lifecycle variables (when this runs under `npm test`) must not leak into the inner npm.
const npmEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
const npm = (args: string[], cwd: string) => run("npm", args, { cwd, env: npmEnv(), maxBuffer: 16 * MB, timeout: 120_000 });

/** The files a fresh clone has: git's list (tracked or new, never ignored), else the tree minus build output. */
function checkoutFiles(): string[] {
  try {
    return execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })
      .split("\0")
      .filter(Boolean);
  } catch {
    // Not a git checkout (a source tarball): everything but dependencies and build output.
    const skip = /^(node_modules|dist|dist\.[^/]*|\.git)$/;
    const out: string[] = [];
    const walk = (rel: string) => {
      for (const e of readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (!rel && skip.test(e.name)) continue;
        if (e.isDirectory()) walk(r);
        else if (e.isFile()) out.push(r);
      }
    };
    walk("");
    return out;
  }
}

function duBytes(dir: string): number {
  return Number(execFileSync("du", ["-sb", dir], { encoding: "utf8" }).split("\t")[0]);
}

beforeAll(async () => {
  requireProgram("npm");
  requireProgram(AWS_V2);
  work = mkdtempSync(path.join(os.tmpdir(), "awsmfa-pack-"));
  // A clean checkout: the files git would give a fresh clone (tracked or new, never ignored ones).
  const clone = path.join(work, "clone");
  for (const f of checkoutFiles()) {
    if (f === "node_modules" || !existsSync(path.join(ROOT, f))) continue;
    mkdirSync(path.dirname(path.join(clone, f)), { recursive: true });
    copyFileSync(path.join(ROOT, f), path.join(clone, f));
  }
  expect(existsSync(path.join(clone, "dist"))).toBe(false);
  symlinkSync(path.join(ROOT, "node_modules"), path.join(clone, "node_modules"));
  // A chunk left over from some older build: the packed tarball must not carry it.
  mkdirSync(path.join(clone, "dist", "vendor", "chunks"), { recursive: true });
  writeFileSync(path.join(clone, "dist", "vendor", "chunks", "chunk-ORPHAN0.mjs"), "export {};\n");

  const out = path.join(work, "out");
  mkdirSync(out);
  const packed = await npm(["pack", "--json", "--pack-destination", out], clone);
  const info = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarFiles = info[0]!.files.map((f) => f.path).sort();
  const tarball = path.join(out, info[0]!.filename);

  prefix = path.join(work, "prefix");
  await npm(["install", "-g", "--prefix", prefix, "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund", tarball], work);
  emu = await startTestEmulator();
}, 120_000);

afterAll(async () => {
  await emu?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

it("the tarball holds a fresh build, the LICENSE and nothing stale", () => {
  expect(tarFiles).toContain("dist/cli.js");
  expect(tarFiles).toContain("dist/vendor/client-sts.mjs");
  expect(tarFiles).toContain("LICENSE");
  expect(tarFiles.filter((f) => f.includes("ORPHAN"))).toEqual([]);
  expect(tarFiles.filter((f) => !/^(dist\/|LICENSE$|README(\.ja)?\.md$|package\.json$)/.test(f))).toEqual([]);
  expect(readFileSync(path.join(ROOT, "LICENSE"), "utf8")).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} the awsmfa authors\n/);
  expect(JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).license).toBe("MIT");
});

it("a global install pulls only the native keyring, and stays small", () => {
  const pkg = path.join(prefix, "lib", "node_modules", "awsmfa");
  // Every package on disk under the prefix (awsmfa itself, its deps, scoped or not).
  const packages: string[] = [];
  const walk = (nm: string) => {
    if (!existsSync(nm)) return;
    for (const e of readdirSync(nm)) {
      if (e.startsWith(".")) continue;
      if (e.startsWith("@")) for (const s of readdirSync(path.join(nm, e))) visit(path.join(nm, e, s), `${e}/${s}`);
      else visit(path.join(nm, e), e);
    }
  };
  const visit = (dir: string, name: string) => {
    packages.push(name);
    walk(path.join(dir, "node_modules"));
  };
  walk(path.join(prefix, "lib", "node_modules"));
  // awsmfa, the keyring's loader and its one binary for this platform (an optional dependency).
  expect(packages.filter((p) => !p.startsWith("@napi-rs/keyring-")).sort()).toEqual(["@napi-rs/keyring", "awsmfa"]);
  expect(packages.filter((p) => p.startsWith("@napi-rs/keyring-")).length).toBe(1);
  const bytes = duBytes(path.join(prefix, "lib", "node_modules"));
  console.log(`global install: ${packages.length} packages, ${bytes} bytes (${(bytes / MB).toFixed(1)} MB)`);
  expect(bytes).toBeLessThanOrEqual(15 * MB);
  // The native module is really there and loads (the keyring key store imports it lazily).
  execFileSync(process.execPath, ["-e", "require('@napi-rs/keyring')"], { cwd: pkg, stdio: "pipe" });
});

it("the installed awsmfa runs: --version, the demo, and a login the AWS CLI accepts", async () => {
  const sb = new Sandbox(emu.url);
  try {
    sb.env.PATH = `${path.join(prefix, "bin")}:${sb.env.PATH}`;
    const version = await sb.exec("awsmfa", ["--version"]);
    expect(version.stdout).toBe(`${JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).version}\n`);
    expect(version.code).toBe(0);

    const demo = await sb.exec("awsmfa", ["demo", "--no-interactive"]);
    expect(demo.stderr).toBe("");
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain(`"Arn": "${DEMO_USER_ARN}"`);
    expect(demo.stdout).toMatch(/credential_process = \S+\/bin\/awsmfa credential-process --profile demo\n/);

    sb.write(sb.configFile, `[profile work]\nmfa_serial = ${DEMO_MFA_SERIAL}\nregion = us-east-1\n`);
    sb.write(sb.credentialsFile, `[work-long-term]\naws_access_key_id = ${DEMO_ACCESS_KEY_ID}\naws_secret_access_key = ${DEMO_SECRET_ACCESS_KEY}\n`);
    const login = await sb.exec("awsmfa", ["login", "--profile", "work", "--code", emu.code()]);
    expect(login.stderr).toBe("");
    expect(login.code).toBe(0);
    const who = await sb.exec(AWS_V2, ["--endpoint-url", emu.url, "sts", "get-caller-identity", "--profile", "work", "--output", "json"]);
    expect(who.stderr).toBe("");
    expect(who.code).toBe(0);
    const arn = JSON.parse(who.stdout).Arn as string;
    // A session, not the long-term key: GetCallerIdentity with it still names the user.
    expect(arn).toBe(DEMO_USER_ARN);
    expect(sb.read(sb.credentialsFile)).toMatch(/\[work\]\naws_access_key_id = ASIA/);

    // Process mode names the global launcher (it survives a Node upgrade), not node + script.
    expect((await sb.exec("awsmfa", ["configure", "--profile", "work", "--mode", "process"])).code).toBe(0);
    expect(sb.read(sb.configFile)).toContain(`credential_process = ${path.join(prefix, "bin", "awsmfa")} credential-process --profile work\n`);
    const again = await sb.exec(AWS_V2, ["--endpoint-url", emu.url, "sts", "get-caller-identity", "--profile", "work", "--output", "json"], { env: { PATH: "/usr/bin:/bin" } });
    expect(again.stderr).toBe("");
    expect(JSON.parse(again.stdout).Arn).toBe(DEMO_USER_ARN);
  } finally {
    sb.cleanup();
  }
});
