import { AwsMfaError, msg as m } from "../core/errors.js";
import type { Env } from "../world.js";
import { boundedSend, clientSettings, httpTimeouts, lastAnswer, mapStsError, sdkRegion, trackAttempts, type Attempts, type AwsCredentials, type HttpTimeouts } from "./sts.js";

// The IAM port: the MFA-device actions `awsmfa device` and `setup` need, and the access-key
// actions of `awsmfa keys rotate`. The real adapter
// imports @aws-sdk/client-iam lazily (only these commands pay for it).

export interface MfaDeviceInfo {
  serial: string;
  userName?: string;
  enableDate?: Date;
}

export interface NewVirtualDevice {
  serial: string;
  /** The base32 seed text (the SDK hands over its ASCII bytes). A secret: never log it. */
  seedBase32: string;
}

export interface TwoCodesRequest {
  userName: string;
  serial: string;
  code1: string;
  code2: string;
}

export interface AccessKeyInfo {
  accessKeyId: string;
  status: "Active" | "Inactive" | "Expired";
  userName?: string;
  createDate?: Date;
}

export interface NewAccessKey {
  accessKeyId: string;
  /** A secret: never log it. */
  secretAccessKey: string;
  userName?: string;
}

export interface IamPort {
  createVirtualMfaDevice(name: string): Promise<NewVirtualDevice>;
  enableMfaDevice(req: TwoCodesRequest): Promise<void>;
  resyncMfaDevice(req: TwoCodesRequest): Promise<void>;
  /** The caller's devices when userName is undefined. */
  listMfaDevices(userName?: string): Promise<MfaDeviceInfo[]>;
  deactivateMfaDevice(req: { userName?: string; serial: string }): Promise<void>;
  deleteVirtualMfaDevice(serial: string): Promise<void>;
  /** The caller's own key when userName is undefined (the user the credentials belong to). */
  createAccessKey(userName?: string): Promise<NewAccessKey>;
  listAccessKeys(userName?: string): Promise<AccessKeyInfo[]>;
  updateAccessKey(req: { userName?: string; accessKeyId: string; status: "Active" | "Inactive" }): Promise<void>;
  deleteAccessKey(req: { userName?: string; accessKeyId: string }): Promise<void>;
}

/** AWS_ENDPOINT_URL_IAM beats AWS_ENDPOINT_URL, as in the SDKs and the CLI. */
export function iamEndpoint(env: Env): string | undefined {
  return env.AWS_ENDPOINT_URL_IAM || env.AWS_ENDPOINT_URL || undefined;
}

/**
 * IAM's own failures first; what IAM shares with STS (bad key, clock skew, network) goes through
 * mapStsError so both ports say the same thing. The SDK names modeled IAM errors `<Code>Exception`.
 */
export function mapIamError(
  e: unknown,
  ctx: { endpoint: string; serial?: string; accessKeyId?: string; timeouts?: HttpTimeouts; attemptTimedOut?: boolean; codeSent?: boolean },
): AwsMfaError {
  const err = e as { name?: string; message?: string };
  const name = (err.name ?? "").replace(/Exception$/, "");
  const msg = (err.message ?? "").trim();
  const dev = ctx.serial ?? m("iam.theDevice");
  if (ctx.accessKeyId !== undefined) {
    // Access-key actions share IAM's error codes with the device actions but need other advice.
    if (name === "LimitExceeded")
      return new AwsMfaError("Conflict", m("iam.awsValue", { value: msg || m("iam.twoKeys") }), {
        hint: m("iam.anIamUserCan"),
      });
    if (name === "NoSuchEntity") return new AwsMfaError("NotFound", m("iam.awsValue", { value: msg || m("iam.noSuchKey", { accessKeyId: ctx.accessKeyId }) }));
  }
  switch (name) {
    case "InvalidAuthenticationCode":
      // A retry after a timeout re-sent codes the first attempt may have used: that is the timeout's fault.
      if (ctx.attemptTimedOut && ctx.codeSent) break;
      return new AwsMfaError("InvalidCode", m("iam.awsRejectedTheCodes", { dev }), {
        hint: m("iam.typeACodeWait"),
      });
    case "NoSuchEntity":
      return new AwsMfaError("NotFound", m("iam.awsValue", { value: msg || m("iam.noSuchDevice", { dev }) }), { hint: m("iam.awsmfaDeviceListShows") });
    case "EntityAlreadyExists":
      return new AwsMfaError("Conflict", m("iam.awsValue", { value: msg || m("iam.deviceExists") }), {
        hint: m("iam.chooseAnotherDeviceName"),
      });
    case "DeleteConflict":
      return new AwsMfaError("Conflict", m("iam.awsValue", { value: msg || m("iam.inUse", { dev }) }), { hint: m("iam.deactivateItFirstAwsmfa") });
    case "LimitExceeded":
      return new AwsMfaError("Conflict", m("iam.awsValue", { value: msg || m("iam.tooMany") }), { hint: m("iam.removeAnUnusedDevice") });
    case "ConcurrentModification":
      return new AwsMfaError("Conflict", m("iam.awsValueTryAgain", { value: msg || m("iam.concurrent") }));
    case "ServiceFailure":
      return new AwsMfaError("ServiceError", m("iam.awsIamAtEndpoint", { endpoint: ctx.endpoint, msg }));
  }
  return mapStsError(e, { ...ctx, service: "IAM" });
}

/** The seed blob holds the base32 *text*; refuse anything else rather than enrol a wrong secret. */
export function seedText(blob: Uint8Array | undefined): string {
  const text = blob ? Buffer.from(blob).toString("ascii").replace(/=+$/, "") : "";
  if (!/^[A-Z2-7]{16,}$/.test(text)) throw new AwsMfaError("ServiceError", m("iam.iamReturnedNoUsable"));
  return text;
}

export interface IamOptions {
  env: Env;
  region?: string;
  credentials: AwsCredentials;
  /** Shows "waiting for <endpoint>…" when a call is slow (slowNotice: a spinner or one line), and may take it back. */
  waiting?: (line: string) => void | (() => void);
}

export async function createIam(opts: IamOptions): Promise<IamPort> {
  const sdk = await import("@aws-sdk/client-iam");
  const endpoint = iamEndpoint(opts.env);
  const shown = endpoint ?? "iam.amazonaws.com";
  // IAM is global; the SDK maps any region of a partition to that partition's IAM endpoint.
  const timeouts = httpTimeouts(opts.env);
  const client = new sdk.IAMClient(clientSettings(sdkRegion(opts.env, opts.region), endpoint, opts.credentials, timeouts, opts.env));
  // Port calls run one at a time; `seen` is the current call's.
  let seen: Attempts = { timedOut: false };
  trackAttempts(client, () => seen);
  // Every send of one port call shares the call's deadline (listMfaDevices may page).
  const call = async <T>(fn: (send: { abortSignal: AbortSignal }) => Promise<T>, serial?: string, codeSent = false): Promise<T> => {
    seen = { timedOut: false };
    try {
      return await boundedSend(timeouts, shown, opts.waiting, fn);
    } catch (e) {
      throw mapIamError(lastAnswer(e, seen), { endpoint: shown, serial, timeouts, attemptTimedOut: seen.timedOut, codeSent });
    }
  };
  // The access-key actions: the same bounds, with the key's own advice on errors.
  const keyCall = async <T>(accessKeyId: string, fn: (send: { abortSignal: AbortSignal }) => Promise<T>): Promise<T> => {
    seen = { timedOut: false };
    try {
      return await boundedSend(timeouts, shown, opts.waiting, fn);
    } catch (e) {
      throw mapIamError(lastAnswer(e, seen), { endpoint: shown, accessKeyId, timeouts, attemptTimedOut: seen.timedOut });
    }
  };
  return {
    createVirtualMfaDevice: (name) =>
      call(async (send) => {
        const out = await client.send(new sdk.CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }), send);
        const d = out.VirtualMFADevice;
        if (!d?.SerialNumber) throw new AwsMfaError("ServiceError", m("iam.iamAtShownReturned", { shown }));
        return { serial: d.SerialNumber, seedBase32: seedText(d.Base32StringSeed) };
      }),
    enableMfaDevice: (r) =>
      call(async (send) => {
        await client.send(
          new sdk.EnableMFADeviceCommand({ UserName: r.userName, SerialNumber: r.serial, AuthenticationCode1: r.code1, AuthenticationCode2: r.code2 }),
          send,
        );
      }, r.serial, true),
    resyncMfaDevice: (r) =>
      call(async (send) => {
        await client.send(
          new sdk.ResyncMFADeviceCommand({ UserName: r.userName, SerialNumber: r.serial, AuthenticationCode1: r.code1, AuthenticationCode2: r.code2 }),
          send,
        );
      }, r.serial, true),
    listMfaDevices: (userName) =>
      call(async (send) => {
        const out: MfaDeviceInfo[] = [];
        let marker: string | undefined;
        do {
          const page = await client.send(new sdk.ListMFADevicesCommand({ UserName: userName, Marker: marker }), send);
          for (const d of page.MFADevices ?? []) if (d.SerialNumber) out.push({ serial: d.SerialNumber, userName: d.UserName, enableDate: d.EnableDate });
          marker = page.IsTruncated ? page.Marker : undefined;
        } while (marker);
        return out;
      }),
    deactivateMfaDevice: (r) =>
      call(async (send) => {
        await client.send(new sdk.DeactivateMFADeviceCommand({ UserName: r.userName, SerialNumber: r.serial }), send);
      }, r.serial),
    deleteVirtualMfaDevice: (serial) =>
      call(async (send) => {
        await client.send(new sdk.DeleteVirtualMFADeviceCommand({ SerialNumber: serial }), send);
      }, serial),
    createAccessKey: (userName) =>
      keyCall("", async (send) => {
        const k = (await client.send(new sdk.CreateAccessKeyCommand({ UserName: userName }), send)).AccessKey;
        if (!k?.AccessKeyId || !k.SecretAccessKey) throw new AwsMfaError("ServiceError", m("iam.iamAtShownReturned2", { shown }));
        return { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey, userName: k.UserName };
      }),
    listAccessKeys: (userName) =>
      keyCall("", async (send) => {
        const out: AccessKeyInfo[] = [];
        let marker: string | undefined;
        do {
          const page = await client.send(new sdk.ListAccessKeysCommand({ UserName: userName, Marker: marker }), send);
          for (const k of page.AccessKeyMetadata ?? [])
            if (k.AccessKeyId) out.push({ accessKeyId: k.AccessKeyId, status: (k.Status ?? "Active") as AccessKeyInfo["status"], userName: k.UserName, createDate: k.CreateDate });
          marker = page.IsTruncated ? page.Marker : undefined;
        } while (marker);
        return out;
      }),
    updateAccessKey: (r) =>
      keyCall(r.accessKeyId, async (send) => {
        await client.send(new sdk.UpdateAccessKeyCommand({ UserName: r.userName, AccessKeyId: r.accessKeyId, Status: r.status }), send);
      }),
    deleteAccessKey: (r) =>
      keyCall(r.accessKeyId, async (send) => {
        await client.send(new sdk.DeleteAccessKeyCommand({ UserName: r.userName, AccessKeyId: r.accessKeyId }), send);
      }),
  };
}
