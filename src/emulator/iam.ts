import { timeStep } from "../core/totp.js";
// The same key-URI AWS puts in QRCodePNG (a pure function; the emulator plays AWS with it).
import { otpauthUri } from "../device/otpauth.js";
import {
  accessDenied,
  constraint,
  deleteConflict,
  entityAlreadyExists,
  invalidAuthenticationCode,
  limitExceeded,
  noSuchEntity,
  validation,
} from "./errors.js";
import { findConsecutive } from "./mfa.js";
import { DIGITS, ENTITY_NAME, required, requiredShaped, SERIAL, shaped, type Params } from "./params.js";
import { newSeedBase32, randomId, randomSecret, type AccessKey, type EmulatorState, type MfaDevice, type User } from "./state.js";
import { callerArn, isoSeconds, type ActionContext, type ActionResult } from "./sts.js";

// IAM's MFA-device actions. Error codes and texts are AWS's (EntityAlreadyExists, NoSuchEntity,
// DeleteConflict, InvalidAuthenticationCode) because `awsmfa device` branches on them.

function userFor(ctx: ActionContext, p: Params, mandatory: boolean): User {
  const name = mandatory ? required(p, "UserName") : p.get("UserName");
  if (name === undefined) return ctx.principal.user;
  shaped(p, "UserName", 1, 128, ENTITY_NAME);
  const user = ctx.state.users.get(name);
  if (!user) throw noSuchEntity(`The user with name ${name} cannot be found.`);
  return user;
}

function deviceFor(state: EmulatorState, serial: string): MfaDevice {
  const dev = state.devices.get(serial);
  if (!dev) throw noSuchEntity(`MFA device with serial number ${serial} does not exist.`);
  return dev;
}

function twoCodes(p: Params): [string, string] {
  const c1 = requiredShaped(p, "AuthenticationCode1", 6, 6, DIGITS);
  const c2 = requiredShaped(p, "AuthenticationCode2", 6, 6, DIGITS);
  return [c1, c2];
}

async function createVirtualMFADevice(ctx: ActionContext): Promise<ActionResult> {
  const name = requiredShaped(ctx.params, "VirtualMFADeviceName", 1, 226, ENTITY_NAME);
  const path = ctx.params.get("Path") ?? "/";
  if (!/^\/([\x21-\x7e]*\/)?$/.test(path)) {
    throw validation(
      "The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.",
    );
  }
  const serial = `arn:aws:iam::${ctx.state.account}:mfa${path}${name}`;
  if (ctx.state.devices.has(serial)) throw entityAlreadyExists("MFADevice entity at the same path and name already exists.");
  const seed = newSeedBase32();
  // Loaded here only: the QR library is the heaviest thing the emulator uses.
  const { default: QRCode } = await import("qrcode");
  const png = await QRCode.toBuffer(otpauthUri(name, ctx.state.account, seed), { type: "png" });
  ctx.state.addDevice(serial, seed, true);
  return {
    VirtualMFADevice: {
      SerialNumber: serial,
      // Both blobs travel base64-encoded; the seed blob holds the base32 *text*, as AWS sends it.
      Base32StringSeed: Buffer.from(seed, "ascii").toString("base64"),
      QRCodePNG: png.toString("base64"),
    },
  };
}

function enableMFADevice(ctx: ActionContext): ActionResult {
  const user = userFor(ctx, ctx.params, true);
  const serial = requiredShaped(ctx.params, "SerialNumber", 9, 256, SERIAL);
  const [c1, c2] = twoCodes(ctx.params);
  const dev = deviceFor(ctx.state, serial);
  if (dev.userName !== undefined) throw entityAlreadyExists("MFA Device is already in use.");
  // A person reads code 1, waits for the next one and types code 2, so by the time the request
  // arrives code 2 is usually the current step or the one before.
  const step = findConsecutive(dev, c1, c2, ctx.totpNow, 3, 1);
  if (step === undefined) throw invalidAuthenticationCode();
  dev.usedSteps.add(step - 1).add(step);
  dev.userName = user.name;
  dev.enableDate = ctx.sessionNow;
  return undefined;
}

function listMFADevices(ctx: ActionContext): ActionResult {
  const user = userFor(ctx, ctx.params, false);
  return {
    MFADevices: ctx.state.devicesOf(user.name).map((d) => ({
      UserName: user.name,
      SerialNumber: d.serial,
      EnableDate: isoSeconds(d.enableDate ?? d.created),
    })),
    IsTruncated: false,
  };
}

function listVirtualMFADevices(ctx: ActionContext): ActionResult {
  const status = ctx.params.get("AssignmentStatus") ?? "Any";
  if (!["Assigned", "Unassigned", "Any"].includes(status)) {
    throw validation(
      `1 validation error detected: Value '${status}' at 'assignmentStatus' failed to satisfy constraint: Member must satisfy enum value set: [Any, Assigned, Unassigned]`,
    );
  }
  const devices = [...ctx.state.devices.values()].filter(
    (d) => d.virtual && (status === "Any" || (status === "Assigned") === (d.userName !== undefined)),
  );
  return {
    VirtualMFADevices: devices.map((d) => {
      const user = d.userName !== undefined ? ctx.state.users.get(d.userName) : undefined;
      return {
        SerialNumber: d.serial,
        User: user ? { Path: user.path, UserName: user.name, UserId: user.userId, Arn: user.arn, CreateDate: isoSeconds(user.created) } : undefined,
        EnableDate: d.enableDate !== undefined ? isoSeconds(d.enableDate) : undefined,
      };
    }),
    IsTruncated: false,
  };
}

function deactivateMFADevice(ctx: ActionContext): ActionResult {
  const user = userFor(ctx, ctx.params, false);
  const serial = requiredShaped(ctx.params, "SerialNumber", 9, 256, SERIAL);
  const dev = deviceFor(ctx.state, serial);
  if (dev.userName !== user.name) throw noSuchEntity(`MFA device with serial number ${serial} is not assigned to user ${user.name}.`);
  dev.userName = undefined;
  dev.enableDate = undefined;
  // A hardware token belongs to the user only while enabled; deactivating removes it.
  if (!dev.virtual) ctx.state.devices.delete(serial);
  return undefined;
}

function deleteVirtualMFADevice(ctx: ActionContext): ActionResult {
  const serial = requiredShaped(ctx.params, "SerialNumber", 9, 256, SERIAL);
  const dev = ctx.state.devices.get(serial);
  if (!dev || !dev.virtual) throw noSuchEntity(`VirtualMFADevice with serial number ${serial} doesn't exist.`);
  if (dev.userName !== undefined) throw deleteConflict("MFA VirtualDevice in use. Must deactivate first.");
  ctx.state.devices.delete(serial);
  return undefined;
}

function resyncMFADevice(ctx: ActionContext): ActionResult {
  const user = userFor(ctx, ctx.params, true);
  const serial = requiredShaped(ctx.params, "SerialNumber", 9, 256, SERIAL);
  const [c1, c2] = twoCodes(ctx.params);
  const dev = deviceFor(ctx.state, serial);
  if (dev.userName !== user.name) throw noSuchEntity(`MFA device with serial number ${serial} is not assigned to user ${user.name}.`);
  // Resync exists for devices whose clock drifted, so it searches a day either way and then
  // remembers the drift for every later check.
  const probe = { ...dev, driftSteps: 0 };
  const step = findConsecutive(probe, c1, c2, ctx.totpNow, 2880, 2880);
  if (step === undefined) throw invalidAuthenticationCode();
  const drift = step - timeStep(ctx.totpNow);
  // Codes typed just now land within the normal ±1 window: that is no drift.
  dev.driftSteps = Math.abs(drift) <= 1 ? 0 : drift;
  dev.usedSteps.add(step - 1).add(step);
  return undefined;
}

// ---- Access keys (CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey) ----
// AWS's rules: at most two keys per user, Inactive ones included; a deleted or Inactive key is
// refused with InvalidClientTokenId on every later call (auth.ts); the secret is only ever
// returned by CreateAccessKey.

const MAX_KEYS_PER_USER = 2;
const KEY_ID = { re: /^\w+$/, text: "[\\w]+" };

/** The force-MFA policy's explicit deny, worded as AWS words it. */
function requireMfaFor(ctx: ActionContext, action: string, user: User): void {
  const owner = ctx.state.users.get(ctx.principal.kind === "user" ? ctx.principal.user.name : ctx.principal.session.userName);
  if (!owner?.forceMfa) return;
  const mfa = ctx.principal.kind === "session" && ctx.principal.session.mfa;
  if (!mfa)
    throw accessDenied(
      `User: ${callerArn(ctx.state, ctx.principal)} is not authorized to perform: iam:${action} on resource: user ${user.name} with an explicit deny in an identity-based policy`,
    );
}

function keyOf(ctx: ActionContext, user: User): AccessKey {
  const id = requiredShaped(ctx.params, "AccessKeyId", 16, 128, KEY_ID);
  const key = ctx.state.keys.get(id);
  if (!key || key.userName !== user.name) throw noSuchEntity(`The Access Key with id ${id} cannot be found.`);
  return key;
}

const keyMetadata = (k: AccessKey) => ({ UserName: k.userName, AccessKeyId: k.id, Status: k.status, CreateDate: isoSeconds(k.created) });

function createAccessKey(ctx: ActionContext): ActionResult {
  const user = userFor(ctx, ctx.params, false);
  requireMfaFor(ctx, "CreateAccessKey", user);
  if (ctx.state.keysOf(user.name).length >= MAX_KEYS_PER_USER) throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${MAX_KEYS_PER_USER}`);
  const key: AccessKey = {
    id: randomId("AKIA"),
    secret: randomSecret(),
    status: "Active",
    userName: user.name,
    created: ctx.sessionNow,
    activeFrom: ctx.sessionNow + (ctx.keyActivationSeconds ?? 0) * 1000,
  };
  ctx.state.keys.set(key.id, key);
  return { AccessKey: { UserName: user.name, AccessKeyId: key.id, Status: key.status, SecretAccessKey: key.secret, CreateDate: isoSeconds(key.created) } };
}

function listAccessKeys(ctx: ActionContext): ActionResult {
  const user = userFor(ctx, ctx.params, false);
  return { UserName: user.name, AccessKeyMetadata: ctx.state.keysOf(user.name).map(keyMetadata), IsTruncated: false };
}

function updateAccessKey(ctx: ActionContext): ActionResult {
  const user = userFor(ctx, ctx.params, false);
  const status = required(ctx.params, "Status");
  if (status !== "Active" && status !== "Inactive") throw constraint(status, "status", "Member must satisfy enum value set: [Active, Inactive, Expired]");
  requireMfaFor(ctx, "UpdateAccessKey", user);
  keyOf(ctx, user).status = status;
  return undefined;
}

function deleteAccessKey(ctx: ActionContext): ActionResult {
  const user = userFor(ctx, ctx.params, false);
  requireMfaFor(ctx, "DeleteAccessKey", user);
  ctx.state.keys.delete(keyOf(ctx, user).id);
  return undefined;
}

export const IAM_ACTIONS: Record<string, (ctx: ActionContext) => ActionResult | Promise<ActionResult>> = {
  CreateVirtualMFADevice: createVirtualMFADevice,
  EnableMFADevice: enableMFADevice,
  ListMFADevices: listMFADevices,
  ListVirtualMFADevices: listVirtualMFADevices,
  DeactivateMFADevice: deactivateMFADevice,
  DeleteVirtualMFADevice: deleteVirtualMFADevice,
  ResyncMFADevice: resyncMFADevice,
  CreateAccessKey: createAccessKey,
  ListAccessKeys: listAccessKeys,
  UpdateAccessKey: updateAccessKey,
  DeleteAccessKey: deleteAccessKey,
};
