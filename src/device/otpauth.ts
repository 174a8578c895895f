import { AwsMfaError, badFlag, msg } from "../core/errors.js";
import { isSixDigits } from "../core/totp.js";

// Pure facts about MFA devices: the URI an authenticator app scans, what a caller ARN says about
// who may own a device, and which serials are virtual.

const ISSUER = "Amazon Web Services";

/**
 * The key-URI an authenticator app scans, shaped like the one in AWS's own QRCodePNG so the app
 * shows the same "Amazon Web Services: NAME@ACCOUNT" entry as a console-registered device.
 */
export function otpauthUri(name: string, account: string, seedBase32: string): string {
  const label = `${encodeURIComponent(ISSUER)}:${encodeURIComponent(name)}@${account}`;
  return `otpauth://totp/${label}?secret=${seedBase32}&issuer=${encodeURIComponent(ISSUER)}`;
}

export type Caller = { account: string; arn: string } & ({ kind: "user"; userName: string } | { kind: "root" } | { kind: "other" });

/** arn:aws:iam::123456789012:user/path/alice → alice; root and assumed roles own no IAM user devices. */
export function callerFromArn(arn: string, account: string): Caller {
  const m = /^arn:[\w-]+:iam::(\d{12}):(.*)$/.exec(arn);
  if (m && m[2] === "root") return { kind: "root", account, arn };
  if (m && m[2]!.startsWith("user/")) return { kind: "user", account, arn, userName: m[2]!.split("/").at(-1)! };
  return { kind: "other", account, arn };
}

/** Devices registered by IAM users must be IAM users' devices; say which identity we got instead. */
export function requireUser(c: Caller): string {
  if (c.kind === "user") return c.userName;
  if (c.kind === "root")
    throw new AwsMfaError("AccessDenied", msg("deviceOtpauth.theseAreRootUser"), {
      hint: msg("deviceOtpauth.registerTheRootUser"),
    });
  throw new AwsMfaError("AccessDenied", msg("deviceOtpauth.theKeyBelongsTo", { arn: c.arn }), {
    hint: msg("deviceOtpauth.mfaDevicesForGetsessiontoken"),
  });
}

/** Virtual devices have an ARN serial under :mfa/; hardware TOTP tokens have a plain serial (GAHT…). */
export const isVirtualSerial = (serial: string) => /^arn:[\w-]+:iam::\d{12}:mfa\//.test(serial);
/** FIDO security keys show up under :u2f/; STS cannot use them. */
export const isSecurityKeySerial = (serial: string) => /^arn:[\w-]+:iam::\d{12}:u2f\//.test(serial);

/** IAM device names: 1..226 of [\w+=,.@-]. Checked before any call so a typo costs nothing. */
export function checkDeviceName(name: string): string {
  if (!/^[\w+=,.@-]{1,226}$/.test(name)) throw badFlag("--name", msg("deviceOtpauth.nameIsNotA", { name }));
  return name;
}

/** Two codes for Enable/Resync: six digits each and not the same (they come from consecutive steps). */
export function checkTwoCodes(c1: string, c2: string, where: string): [string, string] {
  if (!isSixDigits(c1) || !isSixDigits(c2)) throw new AwsMfaError("InvalidCode", msg("deviceOtpauth.whereEachMfaCode", { where }));
  if (c1 === c2)
    throw new AwsMfaError("InvalidCode", msg("deviceOtpauth.whereTheTwoCodes", { where }), {
      hint: msg("deviceOtpauth.typeACodeWait"),
    });
  return [c1, c2];
}

export const SECURITY_KEY_MESSAGE = msg("device.securityKey");
export const SECURITY_KEY_HINT = msg("device.securityKeyHint");
