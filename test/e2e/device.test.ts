import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/errors.js";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator.js";
import { makeIdentities, type TestIdentity } from "../helpers/identities.js";
import { AWS_V2, requireProgram } from "../helpers/programs.js";
import { Sandbox } from "../helpers/sandbox.js";

// `awsmfa device …` end to end: the built CLI against the emulator's IAM. The new device's seed
// reaches the "authenticator" only through the PNG (zbarimg) and oathtool, as it would reach a phone.

let emu: TestEmulator;
let sb: Sandbox;
const { state, ids } = makeIdentities(20, "dev");
let id: TestIdentity;

beforeAll(async () => {
  requireProgram("zbarimg", ["--version"]);
  requireProgram("oathtool", ["--version"]);
  emu = await startTestEmulator({ state });
});
afterAll(async () => emu?.close());
beforeEach(() => {
  id = ids.shift()!;
  sb = new Sandbox(emu.url);
  sb.write(sb.configFile, `# my config\n[profile work]\nregion = us-east-1\n`);
  sb.write(sb.credentialsFile, `[work-long-term]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`);
});
afterEach(() => sb.cleanup());

/** zbarimg reads the PNG like a phone camera would; returns the otpauth URI. */
const decodePng = (file: string) => execFileSync("zbarimg", ["-q", "--raw", file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
/** Two consecutive codes (now, now+30 s) from oathtool, as a person reads them off an app. */
const twoCodes = (secret: string) => execFileSync("oathtool", ["--totp", "-b", secret, "-w", "1"], { encoding: "utf8" }).trim().split("\n");
const devicesOf = (user: string) => [...emu.emulator.state.devices.values()].filter((d) => d.userName === user).map((d) => d.serial);
const allSerials = () => [...emu.emulator.state.devices.keys()];

/**
 * Runs `device add` with the codes piped on stdin. The CLI writes the PNG before it reads stdin;
 * the test waits for the PNG, decodes it and only then writes the two codes.
 */
async function addWithPngCodes(png: string, extra: string[] = [], mangle?: (codes: string[]) => string[]) {
  const { spawn } = await import("node:child_process");
  const { CLI } = await import("../helpers/sandbox.js");
  return new Promise<{ code: number | null; stdout: string; stderr: string; uri: string; pngMode: number }>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "device", "add", "--profile", "work", "--name", `${id.user}-phone`, "--qr-png", png, ...extra], {
      env: sb.env,
      detached: true,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let uri = "";
    let pngMode = 0;
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const started = Date.now();
    const poll = setInterval(() => {
      if (existsSync(png)) {
        clearInterval(poll);
        try {
          pngMode = sb.mode(png);
          uri = decodePng(png);
          const secret = new URL(uri).searchParams.get("secret")!;
          const codes = twoCodes(secret);
          child.stdin.on("error", () => {}); // it may exit before reading
          child.stdin.end((mangle ? mangle(codes) : codes).join("\n") + "\n");
        } catch (e) {
          child.kill();
          reject(e);
        }
      } else if (Date.now() - started > 20_000) {
        clearInterval(poll);
        child.kill();
        reject(new Error(`no PNG after 20 s; stderr: ${stderr}`));
      }
    }, 20);
    child.on("close", (code) => resolve({ code, stdout, stderr, uri, pngMode }));
  });
}

describe("device add", () => {
  it("round trip: PNG (0600) → zbarimg → oathtool codes → enabled; login with the new device; AWS CLI v2 accepts the session", async () => {
    const png = path.join(sb.dir, "qr.png");
    const serial = `arn:aws:iam::123456789012:mfa/${id.user}-phone`;
    const r = await addWithPngCodes(png);
    expect(r.stderr).toBe(`awsmfa: wrote the QR code of ${serial} to ${png} (it holds the secret: delete it once scanned)\n`);
    expect(r.code).toBe(0);
    expect(r.pngMode).toBe(0o600);
    expect(sb.mode(png)).toBe(0o600);
    expect(r.uri).toMatch(new RegExp(`^otpauth://totp/Amazon%20Web%20Services:${id.user}-phone@123456789012\\?secret=[A-Z2-7]{32,}&issuer=Amazon%20Web%20Services$`));
    // The seed is never printed, neither to stdout nor stderr.
    const secret = new URL(r.uri).searchParams.get("secret")!;
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(r.stdout).toContain(`enabled ${serial}; mfa_serial written to [profile work] in ${sb.configFile}`);
    expect(devicesOf(id.user)).toContain(serial);
    expect(sb.read(sb.configFile)).toBe(`# my config\n[profile work]\nregion = us-east-1\nmfa_serial = ${serial}\n`);

    // login with the new device: the emulator's unused code for it (the two enable steps are spent).
    const login = await sb.awsmfa(["login", "--profile", "work", "--code", emu.emulator.nextCode(serial)]);
    expect(login.stderr).toBe("");
    expect(login.code).toBe(0);
    requireProgram(AWS_V2);
    const v2 = await sb.exec(AWS_V2, ["--endpoint-url", emu.url, "sts", "get-caller-identity", "--profile", "work", "--output", "json"]);
    expect(v2.stderr).toBe("");
    expect(JSON.parse(v2.stdout).Arn).toBe(id.arn);
    expect(emu.emulator.sessions().some((s) => s.userName === id.user && s.mfa)).toBe(true);

    // list shows it, marked as the profile's device.
    const list = await sb.awsmfa(["device", "list", "--profile", "work", "--json"]);
    expect(list.code).toBe(0);
    const devs = JSON.parse(list.stdout) as Array<{ mfaSerial: string; current: boolean; virtual: boolean }>;
    expect(devs.find((d) => d.mfaSerial === serial)).toMatchObject({ profile: "work", current: true, virtual: true });
    // One JSON style: camelCase keys, and status names the same device with the same field names.
    const status = JSON.parse((await sb.awsmfa(["status", "--profile", "work", "--json"])).stdout) as Array<{ profile: string; mfaSerial: string }>;
    expect(status[0]).toMatchObject({ profile: "work", mfaSerial: serial });
    const keys = (v: unknown): string[] => (Array.isArray(v) ? v.flatMap(keys) : v && typeof v === "object" ? Object.entries(v).flatMap(([k, x]) => [k, ...keys(x)]) : []);
    for (const k of [...keys(devs), ...keys(status)]) expect(k).toMatch(/^[a-z][a-zA-Z0-9]*$/);
  });

  it("no orphans: rejected codes delete the new device and the PNG, and say why in one line", async () => {
    const png = path.join(sb.dir, "qr.png");
    const serial = `arn:aws:iam::123456789012:mfa/${id.user}-phone`;
    const before = allSerials();
    // Consecutive but in the wrong order: well-formed, and wrong.
    const r = await addWithPngCodes(png, [], (c) => [c[1]!, c[0]!]);
    expect(r.code).toBe(EXIT.mfa);
    expect(r.stderr).toContain(`awsmfa: AWS rejected the codes for ${serial}: they are wrong or not two consecutive codes; the new device ${serial} was deleted again\n`);
    expect(allSerials()).toEqual(before);
    expect(emu.emulator.state.devices.has(serial)).toBe(false);
    expect(existsSync(png)).toBe(false);
    expect(sb.read(sb.configFile)).toBe(`# my config\n[profile work]\nregion = us-east-1\n`);
  });

  it("no orphans: missing codes on stdin delete the new device too", async () => {
    const png = path.join(sb.dir, "qr.png");
    const before = allSerials();
    const r = await sb.awsmfa(["device", "add", "--profile", "work", "--name", `${id.user}-x`, "--qr-png", png]);
    expect(r.code).toBe(EXIT.noTerminal);
    expect(r.stderr).toMatch(/\nawsmfa: no codes to enable .*; the new device .* was deleted again\n/);
    expect(allSerials()).toEqual(before);
  });

  it("refuses to start without a terminal or --qr-png (nothing is created)", async () => {
    const before = allSerials();
    const r = await sb.awsmfa(["device", "add", "--profile", "work"], { input: "123456\n654321\n" });
    expect(r.code).toBe(EXIT.noTerminal);
    expect(r.stderr).toMatch(/^awsmfa: no terminal to show the QR code on\n  pass --qr-png FILE/);
    expect(allSerials()).toEqual(before);
  });

  it("--type security-key explains that STS needs TOTP", async () => {
    const r = await sb.awsmfa(["device", "add", "--type", "security-key"]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/FIDO security keys .* CLI and STS sessions/);
    expect(r.stderr).toMatch(/virtual device .* hardware TOTP token/);
  });

  it("a name that exists already is a conflict, and nothing else is created", async () => {
    const before = allSerials();
    const r = await sb.awsmfa(["device", "add", "--profile", "work", "--qr-png", path.join(sb.dir, "q.png"), "--code1", "123456", "--code2", "654321"]);
    // makeIdentities gave the user a device named after them: the default name is taken.
    expect(r.code).toBe(EXIT.config);
    expect(r.stderr).toContain("already exists");
    expect(allSerials()).toEqual(before);
  });

  it("without a long-term key it says where the key should be", async () => {
    sb.write(sb.credentialsFile, `[work]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`);
    const r = await sb.awsmfa(["device", "list", "--profile", "work"]);
    expect(r.code).toBe(EXIT.config);
    expect(r.stderr).toContain("no long-term key in [work-long-term] (there is one in [work])");
    expect(r.stderr).toContain("awsmfa setup --profile work");
  });
});

describe("device list / resync / remove / enable", () => {
  it("list shows the user's device; resync with two codes; remove --yes deactivates and deletes it", async () => {
    sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\n`);
    const list = await sb.awsmfa(["device", "list", "--profile", "work"]);
    expect(list.stderr).toBe("");
    expect(list.stdout).toMatch(new RegExp(`^   SERIAL +TYPE +ENABLED\n\\*  ${id.serial}  virtual  \\d{4}-`));

    const codes = twoCodes(id.seed);
    const rs = await sb.awsmfa(["device", "resync", "--profile", "work", "--code1", codes[0]!, "--code2", codes[1]!]);
    expect(rs.stderr).toBe("");
    expect(rs.stdout).toBe(`resynchronised ${id.serial}\n`);

    const noTty = await sb.awsmfa(["device", "remove", "--profile", "work"]);
    expect(noTty.code).toBe(EXIT.noTerminal);
    expect(noTty.stderr).toContain("pass --yes");
    expect(emu.emulator.state.devices.has(id.serial)).toBe(true);

    const rm = await sb.awsmfa(["device", "remove", "--profile", "work", "--yes"]);
    expect(rm.stderr).toBe("");
    expect(rm.code).toBe(0);
    expect(rm.stdout).toBe(`deactivated and deleted ${id.serial}; removed mfa_serial from [profile work] in ${sb.configFile}\n`);
    expect(emu.emulator.state.devices.has(id.serial)).toBe(false);
    expect(sb.read(sb.configFile)).toBe(`[profile work]\n`);
  });

  it("list aligns its columns whatever the serials' lengths (exact bytes)", async () => {
    // A hardware token next to the virtual device, both with known enable dates.
    const hw = emu.emulator.state.addDevice("GAHT12345678", id.seed, false);
    hw.userName = id.user;
    hw.enableDate = Date.parse("2026-01-02T03:04:05Z");
    emu.emulator.state.devices.get(id.serial)!.enableDate = Date.parse("2025-12-31T23:59:59Z");
    sb.write(sb.configFile, `[profile work]\nmfa_serial = GAHT12345678\n`);
    try {
      const r = await sb.awsmfa(["device", "list", "--profile", "work"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const pad = " ".repeat(id.serial.length - "SERIAL".length);
      const padHw = " ".repeat(id.serial.length - "GAHT12345678".length);
      const rows = [
        `   SERIAL${pad}  TYPE      ENABLED`,
        `   ${id.serial}  virtual   2025-12-31T23:59:59Z`,
        `*  GAHT12345678${padHw}  hardware  2026-01-02T03:04:05Z`,
      ];
      expect(r.stdout).toBe(rows.join("\n") + "\n");
    } finally {
      emu.emulator.state.devices.delete("GAHT12345678");
    }
  });

  it("enable needs --serial, and rejects a flag that does not apply", async () => {
    const r = await sb.awsmfa(["device", "enable", "--profile", "work"]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain("device enable needs --serial SERIAL");
    const r2 = await sb.awsmfa(["device", "list", "--yes"]);
    expect(r2.code).toBe(EXIT.usage);
    expect(r2.stderr).toContain("--yes does not apply");
  });

  it("enable of an unknown hardware serial is NotFound", async () => {
    const r = await sb.awsmfa(["device", "enable", "--profile", "work", "--serial", "GAHT12345678", "--code1", "123456", "--code2", "234567"]);
    expect(r.code).toBe(EXIT.config);
    expect(r.stderr).toMatch(/^awsmfa: AWS: MFA device with serial number GAHT12345678 does not exist\./);
  });
});
