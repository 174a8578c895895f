import { PROFILE_FLAG } from "./common-flags.js";
import { defineCommand } from "./spec.js";

export const spec = defineCommand({
  name: "device",
  summary: "add, enable, list, resync or remove MFA devices",
  usage: [
    "device add    [--profile P] [--name N] [--qr-png FILE] [--show-secret] [--code1 C --code2 C]\n                       [--type virtual|security-key]",
    "device enable --serial SERIAL [--profile P] [--code1 C --code2 C]",
    "device resync [--serial SERIAL] [--profile P] [--code1 C --code2 C]",
    "device list   [--profile P] [--json]",
    "device remove [--serial SERIAL] [--profile P] [--yes]",
  ],
  description: `Every subcommand uses the long-term key in [P-long-term] of ~/.aws/credentials; the IAM user is
the key's owner (sts:GetCallerIdentity).

  add      creates a virtual MFA device, draws its QR code on the terminal, asks for two consecutive
           codes, enables the device and writes mfa_serial into the profile in ~/.aws/config.
           If enabling fails, the new device is deleted again.
  enable   enables a hardware TOTP token by its serial number, and writes mfa_serial.
  resync   resynchronises a device whose codes are no longer accepted (default: the profile's
           mfa_serial).
  list     lists the user's MFA devices (* = the profile's mfa_serial).
  remove   deactivates a device and deletes it if it is virtual (default: the profile's
           mfa_serial); asks for confirmation on the terminal.

QR code: drawn with half blocks (▀▄█), sized to the terminal. Under a Japanese, Chinese or Korean
locale (LC_ALL, LC_CTYPE, LANG), where terminals may draw those two columns wide, it is drawn with
spaces when the pane is wide enough, else with a one-line hint; AWSMFA_QR=ascii always draws
spaces. If a code looks broken, type s at the prompt for the secret key, or use --qr-png FILE.

FIDO security keys cannot be used: AWS does not accept them for CLI and STS (GetSessionToken)
sessions. Use a virtual device (authenticator app) or a hardware TOTP token.`,
  flags: {
    profile: PROFILE_FLAG,
    name: { type: "string", value: "N", description: "device name for add (default: the IAM user name)" },
    "qr-png": {
      type: "string",
      value: "FILE",
      description: "also write the QR code as a PNG (mode 0600: it holds the secret) before asking for codes; needed when there is no terminal",
      complete: "file",
    },
    "show-secret": {
      type: "boolean",
      description: "show the secret key as text on the terminal, for apps that cannot scan (never printed to stdout or stderr; at the prompt, 's' does the same)",
    },
    code1: { type: "string", value: "C", description: "first of two consecutive codes (default: ask on the terminal, else read two lines from stdin)" },
    code2: { type: "string", value: "C", description: "second of the two consecutive codes" },
    type: { type: "string", value: "T", description: "virtual (default) or security-key (refused: see above)", complete: ["virtual", "security-key"] },
    serial: { type: "string", value: "S", description: "the device's serial number (hardware token serial or arn:…:mfa/NAME)" },
    json: { type: "boolean", description: "list as a JSON array on stdout (fields: profile, mfaSerial, userName, enableDate, virtual, current: whether it is the profile's mfa_serial)" },
    yes: { type: "boolean", short: "y", description: "remove without asking" },
  },
  subcommands: [
    { name: "add", summary: "create a virtual MFA device and enable it", flags: ["profile", "name", "qr-png", "show-secret", "code1", "code2", "type"] },
    { name: "enable", summary: "enable a hardware TOTP token", flags: ["profile", "serial", "code1", "code2"] },
    { name: "resync", summary: "resynchronise a device", flags: ["profile", "serial", "code1", "code2"] },
    { name: "list", summary: "list the user's MFA devices", flags: ["profile", "json"] },
    { name: "remove", summary: "deactivate (and delete) a device", flags: ["profile", "serial", "yes"] },
  ],
  exitCodes: [
    [3, "no long-term key, device not found, conflict"],
    [4, "codes rejected"],
    5,
    6,
    [7, "no terminal and no codes"],
    130,
  ],
  examples: [
    "awsmfa device add --profile work",
    "awsmfa device add --profile work --qr-png ~/qr.png        # then scan the image",
    "awsmfa device enable --profile work --serial GAHT12345678",
    "awsmfa device list --profile work",
    "awsmfa device resync --profile work",
    "awsmfa device remove --profile work --serial arn:aws:iam::123456789012:mfa/old --yes",
  ],
});
