import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import {
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand,
  ResyncMFADeviceCommand,
} from "@aws-sdk/client-iam";
import { GetSessionTokenCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { base32Decode, hotp, timeStep } from "../../src/core/totp.js";
import { DEMO_ACCESS_KEY_ID, DEMO_MFA_SERIAL, DEMO_SECRET_ACCESS_KEY, sdkError, startTestEmulator, type TestEmulator } from "../helpers/emulator.js";
import { AWS_V2, requireProgram } from "../helpers/programs.js";
import { Sandbox } from "../helpers/sandbox.js";

// The IAM MFA-device lifecycle `awsmfa device` relies on, driven by the JS SDK's IAM client and
// the AWS CLI v2; the QR PNG is decoded by zbarimg and the seed checked with oathtool. The SDK
// names IAM's modeled errors `<Code>Exception` (NoSuchEntityException…), as it does with AWS.

let emu: TestEmulator;
let box: Sandbox;
const creds = { accessKeyId: DEMO_ACCESS_KEY_ID, secretAccessKey: DEMO_SECRET_ACCESS_KEY };
const iam = () => new IAMClient({ endpoint: emu.url, region: "us-east-1", credentials: creds, maxAttempts: 1 });

beforeAll(async () => {
  requireProgram("zbarimg", ["--version"]);
  requireProgram("oathtool", ["--version"]);
  requireProgram(AWS_V2);
  emu = await startTestEmulator();
  box = new Sandbox();
});
afterAll(async () => {
  await emu?.close();
  box?.cleanup();
});


/** Codes as an authenticator would show them, from the emulator's TOTP clock. */
const codeAt = (seed: string, stepDelta: number) =>
  hotp(base32Decode(seed), timeStep(Date.now() + emu.emulator.switches.totpOffsetSeconds * 1000) + stepDelta);

describe("virtual MFA device lifecycle (SDK)", () => {
  const name = "alice-EXAMPLE";
  const serial = `arn:aws:iam::123456789012:mfa/${name}`;
  let seed = "";

  it("creates a device with a base32 seed and a real QR PNG of the otpauth URI", async () => {
    const out = await iam().send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }));
    const dev = out.VirtualMFADevice!;
    expect(dev.SerialNumber).toBe(serial);
    seed = Buffer.from(dev.Base32StringSeed!).toString("ascii");
    expect(seed).toMatch(/^[A-Z2-7]{64}$/);
    const png = Buffer.from(dev.QRCodePNG!);
    expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    const file = path.join(box.dir, "qr.png");
    writeFileSync(file, png, { mode: 0o600 });
    const decoded = execFileSync("zbarimg", ["-q", "--raw", file], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    expect(decoded).toBe(`otpauth://totp/Amazon%20Web%20Services:${name}@123456789012?secret=${seed}&issuer=Amazon%20Web%20Services`);
    // oathtool agrees with the emulator on the seed.
    const oath = execFileSync("oathtool", ["--totp", "-b", seed], { encoding: "utf8" }).trim();
    expect([codeAt(seed, 0), codeAt(seed, -1)]).toContain(oath);
  });

  it("refuses a duplicate name", async () => {
    const e = await sdkError(iam().send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name })));
    expect(e).toEqual({ name: "EntityAlreadyExistsException", status: 409, message: "MFADevice entity at the same path and name already exists." });
  });

  it("lists it as unassigned", async () => {
    const out = await iam().send(new ListVirtualMFADevicesCommand({ AssignmentStatus: "Unassigned" }));
    expect(out.VirtualMFADevices!.map((d) => d.SerialNumber)).toEqual([serial]);
  });

  it("refuses to enable with codes that are not consecutive", async () => {
    const e = await sdkError(
      iam().send(new EnableMFADeviceCommand({ UserName: "demo", SerialNumber: serial, AuthenticationCode1: codeAt(seed, -1), AuthenticationCode2: codeAt(seed, 1) })),
    );
    expect(e).toEqual({ name: "InvalidAuthenticationCodeException", status: 403, message: "Authentication code for device is not valid." });
  });

  it("refuses an unknown user", async () => {
    const e = await sdkError(
      iam().send(new EnableMFADeviceCommand({ UserName: "nobody", SerialNumber: serial, AuthenticationCode1: "123456", AuthenticationCode2: "234567" })),
    );
    expect(e).toEqual({ name: "NoSuchEntityException", status: 404, message: "The user with name nobody cannot be found." });
  });

  it("enables with two consecutive codes; then ListMFADevices shows it and login with it works", async () => {
    await iam().send(new EnableMFADeviceCommand({ UserName: "demo", SerialNumber: serial, AuthenticationCode1: codeAt(seed, -1), AuthenticationCode2: codeAt(seed, 0) }));
    const list = await iam().send(new ListMFADevicesCommand({}));
    expect(list.MFADevices!.map((d) => d.SerialNumber).sort()).toEqual([DEMO_MFA_SERIAL, serial].sort());
    expect(list.MFADevices!.every((d) => d.UserName === "demo" && d.EnableDate instanceof Date)).toBe(true);
    const sts = new STSClient({ endpoint: emu.url, region: "us-east-1", credentials: creds, maxAttempts: 1 });
    // The enabling codes were consumed; the next step's code is fresh.
    const reuse = await sdkError(sts.send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: codeAt(seed, 0) })));
    expect(reuse.name).toBe("AccessDenied");
    const ok = await sts.send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: emu.emulator.nextCode(serial) }));
    expect(ok.Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  it("enabling again says it is in use", async () => {
    const e = await sdkError(
      iam().send(new EnableMFADeviceCommand({ UserName: "demo", SerialNumber: serial, AuthenticationCode1: "123456", AuthenticationCode2: "234567" })),
    );
    expect(e).toEqual({ name: "EntityAlreadyExistsException", status: 409, message: "MFA Device is already in use." });
  });

  it("resync learns a drifted device's clock", async () => {
    // The device runs 10 steps (5 minutes) fast.
    await iam().send(new ResyncMFADeviceCommand({ UserName: "demo", SerialNumber: serial, AuthenticationCode1: codeAt(seed, 10), AuthenticationCode2: codeAt(seed, 11) }));
    const sts = new STSClient({ endpoint: emu.url, region: "us-east-1", credentials: creds, maxAttempts: 1 });
    const ok = await sts.send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: codeAt(seed, 12) }));
    expect(ok.Credentials).toBeDefined();
    const bad = await sdkError(
      iam().send(new ResyncMFADeviceCommand({ UserName: "demo", SerialNumber: serial, AuthenticationCode1: "000000", AuthenticationCode2: "000000" })),
    );
    expect(bad.name).toBe("InvalidAuthenticationCodeException");
  });

  it("cannot delete while assigned; deactivate, delete, then it is gone", async () => {
    const conflict = await sdkError(iam().send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })));
    expect(conflict).toEqual({ name: "DeleteConflictException", status: 409, message: "MFA VirtualDevice in use. Must deactivate first." });
    await iam().send(new DeactivateMFADeviceCommand({ UserName: "demo", SerialNumber: serial }));
    await iam().send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
    const list = await iam().send(new ListMFADevicesCommand({ UserName: "demo" }));
    expect(list.MFADevices!.map((d) => d.SerialNumber)).toEqual([DEMO_MFA_SERIAL]);
    const gone = await sdkError(iam().send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })));
    expect(gone).toEqual({ name: "NoSuchEntityException", status: 404, message: `VirtualMFADevice with serial number ${serial} doesn't exist.` });
  });

  it("counts IAM actions like STS ones", () => {
    expect(emu.counters()).toMatchObject({ CreateVirtualMFADevice: 2, EnableMFADevice: 4, DeleteVirtualMFADevice: 3 });
  });
});

describe("AWS CLI v2 against IAM", () => {
  it("create-virtual-mfa-device --outfile writes a PNG that zbarimg decodes", async () => {
    const out = path.join(box.dir, "cli-qr.png");
    const r = await box.exec(
      AWS_V2,
      ["--endpoint-url", emu.url, "--output", "json", "iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "bob-EXAMPLE", "--outfile", out, "--bootstrap-method", "QRCodePNG"],
      { env: { AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey, AWS_REGION: "us-east-1" } },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).VirtualMFADevice.SerialNumber).toBe("arn:aws:iam::123456789012:mfa/bob-EXAMPLE");
    const uri = execFileSync("zbarimg", ["-q", "--raw", out], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    expect(uri).toMatch(/^otpauth:\/\/totp\/Amazon%20Web%20Services:bob-EXAMPLE@123456789012\?secret=[A-Z2-7]{64}&issuer=Amazon%20Web%20Services$/);
    const list = await box.exec(AWS_V2, ["--endpoint-url", emu.url, "--output", "json", "iam", "list-mfa-devices"], {
      env: { AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey, AWS_REGION: "us-east-1" },
    });
    expect(JSON.parse(list.stdout).MFADevices).toHaveLength(1);
  });
});
