import { PROFILE_FLAG } from "./common-flags.js";
import { defineCommand } from "./spec.js";

export const KEY_SOURCES = ["keyring", "file", "credentials"] as const;

export const spec = defineCommand({
  name: "keys",
  summary: "add, move, list, remove or rotate long-term keys (keyring, encrypted file)",
  usage: [
    "keys add    --profile P [--to keyring|file|credentials]",
    "keys move   --profile P --to keyring|file|credentials",
    "keys list   [--json]",
    "keys remove --profile P [--yes]",
    "keys rotate --profile P [--code 123456]",
  ],
  description: `Where each profile's long-term access key is kept.

Sources (awsmfa_source in [profile P] of ~/.aws/config):
  credentials  [P-long-term] in ~/.aws/credentials, plain text (the default, aws-mfa's convention)
  keyring      the OS keyring: macOS Keychain, Windows Credential Manager, Linux Secret Service
               (service "awsmfa", account = the profile name)
  file         one encrypted file, $XDG_DATA_HOME/awsmfa/keys.enc (scrypt + AES-256-GCM); the
               passphrase is asked on the terminal, or read from AWSMFA_FILE_PASSPHRASE
A role profile (role_arn + source_profile) uses its source profile's key: name that profile.

Commands:
  add     read a key id and secret (on the terminal, the secret hidden; else two lines of stdin;
          never from the command line), check it with sts:GetCallerIdentity, store it
  move    write the key to the new source, read it back, set awsmfa_source, and only then remove
          the old copy: an interruption at any point leaves at least one readable copy
  list    each profile's source and key id (never the secret)
  remove  delete the stored key (asks first; --yes to skip)
  rotate  create a new access key with an MFA session (iam:CreateAccessKey), store it in the same
          source and read it back, check it works (up to 15 s), then delete the old key`,
  flags: {
    profile: PROFILE_FLAG,
    to: {
      type: "string",
      value: "S",
      description: "destination source: keyring, file or credentials (add: default the profile's awsmfa_source, else keyring)",
      complete: KEY_SOURCES,
    },
    code: { type: "string", short: "c", value: "C", description: "rotate: the MFA code, if a new session is needed (default: mfa_process, the terminal, else one line of stdin)" },
    yes: { type: "boolean", short: "y", description: "remove: do not ask" },
    json: { type: "boolean", description: "list: a JSON array on stdout (fields: profile, keySource, accessKeyId, location, error)" },
  },
  subcommands: [
    { name: "add", summary: "store a key, read from the terminal or stdin", flags: ["profile", "to"] },
    { name: "move", summary: "move a key to another source", flags: ["profile", "to"] },
    { name: "list", summary: "each profile's key source and key id", flags: ["json"] },
    { name: "remove", summary: "delete a stored key", flags: ["profile", "yes"] },
    { name: "rotate", summary: "replace the access key with a new one", flags: ["profile", "code"] },
  ],
  exitCodes: [
    [3, "no key, conflicting keys, key store unusable (no Secret Service, wrong passphrase, changed key file)"],
    [4, "MFA code rejected"],
    5,
    6,
    [7, "no terminal (for a passphrase or a confirmation)"],
    130,
  ],
  examples: [
    "awsmfa keys move --profile work --to keyring",
    `printf '%s\\n%s\\n' "$ID" "$SECRET" | awsmfa keys add --profile ci --to file   # AWSMFA_FILE_PASSPHRASE set`,
    "awsmfa keys list --json",
    "awsmfa keys rotate --profile work",
  ],
});
