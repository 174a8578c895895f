import { PROFILE_FLAG } from "./common-flags.js";
import { defineCommand } from "./spec.js";

export const spec = defineCommand({
  name: "setup",
  summary: "turn plaintext keys into a protected MFA profile",
  usage: ["setup [--profile P] [--store keyring|file|credentials] [--serial S | --create-device] [--code C]\n                    [--duration D] [--region R] [--mode process|file] [--yes]"],
  description: `Steps (each one says what it does; nothing is changed before you confirm, or with --yes):
  1. find the long-term key: a plain [P] in ~/.aws/credentials (as 'aws configure' leaves it), or an
     existing [P-long-term];
  2. check it with sts:GetCallerIdentity;
  3. pick the user's MFA device (iam:ListMFADevices), or register a new virtual one;
  4. move the key to its store (--store): written there and read back before the plaintext copy in
     [P] is removed; comments and other sections stay as they are, each file is replaced atomically;
  5. write mfa_serial (and --duration/--region) into [profile P] in ~/.aws/config, and put the
     profile in process mode: credential_process = <awsmfa> credential-process --profile P, so the
     AWS CLI and SDKs ask awsmfa for a session whenever theirs runs out (as 'awsmfa configure');
  6. run the first 'awsmfa login': the session goes to awsmfa's cache (process mode), or to [P] in
     ~/.aws/credentials instead of the long-term key (file mode).`,
  flags: {
    profile: PROFILE_FLAG,
    serial: {
      type: "string",
      value: "S",
      description: "use this MFA device (default: the profile's mfa_serial, else the user's only one; with several, asked on the terminal)",
    },
    "create-device": { type: "boolean", description: "register a new virtual MFA device (as 'awsmfa device add') even if one exists" },
    name: { type: "string", value: "N", description: "name for the new device (default: the IAM user name)" },
    "qr-png": { type: "string", value: "FILE", description: "also write the new device's QR code as a PNG (mode 0600)", complete: "file" },
    "show-secret": { type: "boolean", description: "show the new device's secret key on the terminal, for apps that cannot scan" },
    code1: { type: "string", value: "C", description: "first of two consecutive codes to enable the new device" },
    code2: { type: "string", value: "C", description: "second of the two consecutive codes" },
    code: { type: "string", short: "c", value: "C", description: "the MFA code for the first login (default: ask on the terminal, else stdin)" },
    duration: { type: "string", short: "d", value: "D", description: "write duration_seconds: 900, 15m, 12h, 36h (900..129600 s)" },
    region: { type: "string", value: "R", description: "write region into the profile" },
    mode: {
      type: "string",
      value: "M",
      description: "process (default): renewed on demand, no ExpiredToken after 12 hours; file: sessions in [P] of ~/.aws/credentials, renewed by 'awsmfa login'",
      complete: ["process", "file"],
    },
    yes: { type: "boolean", short: "y", description: "do not ask for confirmation" },
    store: {
      type: "string",
      value: "S",
      description:
        "where the long-term key goes (awsmfa_source): keyring (the OS keyring), file (an encrypted file; passphrase asked, or AWSMFA_FILE_PASSPHRASE) or credentials ([P-long-term] in plain text). Default: the profile's awsmfa_source; else the keyring when one works; else asked on the terminal; with no terminal, the credentials file, with a notice saying so",
      complete: ["keyring", "file", "credentials"],
    },
  },
  exitCodes: [
    [3, "no key, conflicting keys, no device"],
    [4, "code rejected"],
    5,
    6,
    [7, "no terminal (pass --yes and codes)"],
    130,
  ],
  examples: [
    "awsmfa setup                                     # the wizard, for [default]",
    "awsmfa setup --profile work --region eu-west-1",
    "awsmfa setup --profile work --store keyring",
    "awsmfa setup --profile default --serial arn:aws:iam::123456789012:mfa/alice --code 123456 --yes",
    "awsmfa setup --profile work --create-device --qr-png qr.png --yes    # codes: two lines of stdin, then one",
  ],
});
