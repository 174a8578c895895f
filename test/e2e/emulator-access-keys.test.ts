import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  IAMClient,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
} from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdkError, startTestEmulator, type TestEmulator } from "../helpers/emulator.js";
import { AWS_V2, requireProgram } from "../helpers/programs.js";
import { Sandbox } from "../helpers/sandbox.js";

// The emulator's IAM access-key actions, as the JS SDK and the AWS CLI v2 parse them: AWS's XML
// shapes, the two-keys-per-user quota (Inactive keys count), and InvalidClientTokenId for a key
// that is Inactive or deleted. "forced" carries AWS's force-MFA policy.

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const AK = { accessKeyId: "AKIAACCESSKEYSTEST01", secretAccessKey: "accessKeysTestSecretEXAMPLE0000000000000" };
const FORCED = { accessKeyId: "AKIAACCESSKEYSFORCED", secretAccessKey: "forcedTestSecretEXAMPLE00000000000000000" };
const SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const FORCED_SERIAL = "arn:aws:iam::123456789012:mfa/forced";

let emu: TestEmulator;
let box: Sandbox;
const iam = (c: Creds) => new IAMClient({ endpoint: emu.url, region: "us-east-1", credentials: c, maxAttempts: 1 });
const sts = (c: Creds) => new STSClient({ endpoint: emu.url, region: "us-east-1", credentials: c, maxAttempts: 1 });

beforeAll(async () => {
  requireProgram(AWS_V2);
  emu = await startTestEmulator({
    state: {
      users: [
        { name: "ak", accessKeys: [{ id: AK.accessKeyId, secret: AK.secretAccessKey }] },
        { name: "forced", forceMfa: true, accessKeys: [{ id: FORCED.accessKeyId, secret: FORCED.secretAccessKey }], mfaDevices: [{ serial: FORCED_SERIAL, seedBase32: SEED }] },
      ],
    },
  });
  box = new Sandbox(emu.url);
});
afterAll(async () => {
  await emu?.close();
  box?.cleanup();
});

describe("access keys (SDK)", () => {
  let second: Creds;

  it("ListAccessKeys: the user's keys without secrets", async () => {
    const out = await iam(AK).send(new ListAccessKeysCommand({}));
    expect(out.AccessKeyMetadata).toEqual([{ UserName: "ak", AccessKeyId: AK.accessKeyId, Status: "Active", CreateDate: expect.any(Date) }]);
    expect(out.IsTruncated).toBe(false);
  });

  it("CreateAccessKey: a working AKIA key whose secret is returned once", async () => {
    const k = (await iam(AK).send(new CreateAccessKeyCommand({}))).AccessKey!;
    expect(k.UserName).toBe("ak");
    expect(k.Status).toBe("Active");
    expect(k.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(k.SecretAccessKey!.length).toBe(40);
    expect(k.CreateDate).toBeInstanceOf(Date);
    second = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
    expect((await sts(second).send(new GetCallerIdentityCommand({}))).Arn).toBe("arn:aws:iam::123456789012:user/ak");
    const list = await iam(AK).send(new ListAccessKeysCommand({ UserName: "ak" }));
    expect(list.AccessKeyMetadata!.map((m) => m.AccessKeyId).sort()).toEqual([AK.accessKeyId, second.accessKeyId].sort());
    expect(JSON.stringify(list)).not.toContain(second.secretAccessKey);
  });

  it("a third key: LimitExceeded, as AWS words it; Inactive keys count too", async () => {
    await iam(AK).send(new UpdateAccessKeyCommand({ AccessKeyId: second.accessKeyId, Status: "Inactive" }));
    const e = await sdkError(iam(AK).send(new CreateAccessKeyCommand({})));
    expect(e).toEqual({ name: "LimitExceededException", message: "Cannot exceed quota for AccessKeysPerUser: 2", status: 409 });
  });

  it("an Inactive key gets InvalidClientTokenId; Active again, it works", async () => {
    expect(await sdkError(sts(second).send(new GetCallerIdentityCommand({})))).toMatchObject({ name: "InvalidClientTokenId", status: 403 });
    await iam(AK).send(new UpdateAccessKeyCommand({ AccessKeyId: second.accessKeyId, Status: "Active" }));
    expect((await sts(second).send(new GetCallerIdentityCommand({}))).Account).toBe("123456789012");
    const bad = await sdkError(iam(AK).send(new UpdateAccessKeyCommand({ AccessKeyId: second.accessKeyId, Status: "Bogus" as "Active" })));
    expect(bad.name).toBe("ValidationError");
    expect(bad.message).toContain("Member must satisfy enum value set: [Active, Inactive, Expired]");
  });

  it("a deleted key gets InvalidClientTokenId; deleting it again is NoSuchEntity", async () => {
    await iam(AK).send(new DeleteAccessKeyCommand({ AccessKeyId: second.accessKeyId }));
    expect(await sdkError(sts(second).send(new GetCallerIdentityCommand({})))).toMatchObject({ name: "InvalidClientTokenId" });
    expect(await sdkError(iam(AK).send(new DeleteAccessKeyCommand({ AccessKeyId: second.accessKeyId })))).toEqual({
      name: "NoSuchEntityException",
      message: `The Access Key with id ${second.accessKeyId} cannot be found.`,
      status: 404,
    });
  });

  it("force-MFA policy: the long-term key and a session without MFA are denied; an MFA session may create and delete", async () => {
    const denied = await sdkError(iam(FORCED).send(new CreateAccessKeyCommand({})));
    expect(denied).toEqual({
      name: "AccessDenied",
      message: "User: arn:aws:iam::123456789012:user/forced is not authorized to perform: iam:CreateAccessKey on resource: user forced with an explicit deny in an identity-based policy",
      status: 403,
    });
    const plain = (await sts(FORCED).send(new GetSessionTokenCommand({}))).Credentials!;
    const noMfa = { accessKeyId: plain.AccessKeyId!, secretAccessKey: plain.SecretAccessKey!, sessionToken: plain.SessionToken! };
    expect((await sdkError(iam(noMfa).send(new CreateAccessKeyCommand({})))).name).toBe("AccessDenied");
    const withMfa = (await sts(FORCED).send(new GetSessionTokenCommand({ SerialNumber: FORCED_SERIAL, TokenCode: emu.emulator.nextCode(FORCED_SERIAL) }))).Credentials!;
    const mfa = { accessKeyId: withMfa.AccessKeyId!, secretAccessKey: withMfa.SecretAccessKey!, sessionToken: withMfa.SessionToken! };
    const k = (await iam(mfa).send(new CreateAccessKeyCommand({}))).AccessKey!;
    expect(k.UserName).toBe("forced");
    await iam(mfa).send(new DeleteAccessKeyCommand({ AccessKeyId: k.AccessKeyId! }));
    expect(emu.emulator.state.keysOf("forced").map((x) => x.id)).toEqual([FORCED.accessKeyId]);
  });
});

describe("access keys (AWS CLI v2)", () => {
  const cli = (args: string[]) =>
    box.exec(AWS_V2, ["--endpoint-url", emu.url, "--output", "json", ...args], {
      env: { AWS_ACCESS_KEY_ID: AK.accessKeyId, AWS_SECRET_ACCESS_KEY: AK.secretAccessKey, AWS_DEFAULT_REGION: "us-east-1" },
    });

  it("create-access-key, list-access-keys, update, delete parse as from AWS", async () => {
    const created = await cli(["iam", "create-access-key"]);
    expect(created.stderr).toBe("");
    const k = JSON.parse(created.stdout).AccessKey;
    expect(Object.keys(k).sort()).toEqual(["AccessKeyId", "CreateDate", "SecretAccessKey", "Status", "UserName"]);
    const listed = JSON.parse((await cli(["iam", "list-access-keys"])).stdout);
    expect(listed.AccessKeyMetadata.map((m: { AccessKeyId: string }) => m.AccessKeyId).sort()).toEqual([AK.accessKeyId, k.AccessKeyId].sort());
    expect((await cli(["iam", "update-access-key", "--access-key-id", k.AccessKeyId, "--status", "Inactive"])).code).toBe(0);
    const third = await cli(["iam", "create-access-key"]);
    expect(third.code).not.toBe(0);
    expect(third.stderr).toContain("An error occurred (LimitExceeded) when calling the CreateAccessKey operation: Cannot exceed quota for AccessKeysPerUser: 2");
    expect((await cli(["iam", "delete-access-key", "--access-key-id", k.AccessKeyId])).code).toBe(0);
    expect(emu.emulator.state.keysOf("ak").map((x) => x.id)).toEqual([AK.accessKeyId]);
  });
});
