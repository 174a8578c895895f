import { AwsMfaError, msg as m, type Msg } from "../../core/errors.js";
import type { World } from "../../world.js";
import type { KeySource, LongTermKey } from "./types.js";

// awsmfa_source = keyring: the OS keyring through @napi-rs/keyring (macOS Keychain, Windows
// Credential Manager, Linux Secret Service). One entry per key-owning profile:
//   service "awsmfa", account = the profile name (the MFA source profile that owns the key),
//   secret  = JSON {"v":1,"accessKeyId":…,"secretAccessKey":…}
// The key id travels inside the secret, not in an attribute or label, so nothing readable without
// unlocking the keyring says which AWS key is stored. This module (and the native addon) is
// imported only when a keyring profile is actually used.

export const KEYRING_SERVICE = "awsmfa";

type KeyringModule = typeof import("@napi-rs/keyring");

/** Why the keyring cannot be used, in one line, from the library's or D-Bus's wording. */
export function keyringProblem(message: string, platform: NodeJS.Platform): Msg {
  const text = message.replace(/\s+/g, " ").trim();
  if (/DBUS_SESSION_BUS_ADDRESS|autolaunch|Failed to connect to socket|Could not connect|no such file or directory.*bus/i.test(text))
    return platform === "linux" ? m("keyring.noDbus") : m("keyring.noSessionBus", { detail: text });
  if (/ServiceUnknown|org\.freedesktop\.secrets|was not provided by any \.service|no secret service|not available/i.test(text))
    return m("keyring.noSecretService");
  if (/locked|unlock|prompt|dismissed/i.test(text)) return m("keyring.locked");
  if (/platform storage|NoStorageAccess/i.test(text)) return m("keyring.noAccess", { detail: text });
  return m("keyring.failed", { detail: text });
}

export function keyringUnavailable(cause: unknown, platform: NodeJS.Platform): AwsMfaError {
  const msg = cause instanceof Error ? cause.message : String(cause);
  return new AwsMfaError("KeyStoreUnavailable", m("keyring.theOsKeyringIs", { value: keyringProblem(msg, platform) }), {
    hint: m("keyring.useTheEncryptedFile"),
    cause,
  });
}

function parseSecret(text: string, account: string): LongTermKey {
  try {
    const j = JSON.parse(text) as { accessKeyId?: unknown; secretAccessKey?: unknown };
    if (typeof j.accessKeyId === "string" && typeof j.secretAccessKey === "string" && j.accessKeyId && j.secretAccessKey)
      return { accessKeyId: j.accessKeyId, secretAccessKey: j.secretAccessKey };
  } catch {
    // fall through: never echo the text, it may be a secret
  }
  throw new AwsMfaError("MalformedFile", m("keyring.keyringEntryKeyringService", { KEYRING_SERVICE, account }), {
    hint: m("keyring.removeItWithAwsmfa", { account }),
  });
}

export function keyringKeySource(world: Pick<World, "platform">, load: () => Promise<KeyringModule> = () => import("@napi-rs/keyring")): KeySource {
  let mod: Promise<KeyringModule> | undefined;
  const entry = async (account: string) => {
    let m: KeyringModule;
    try {
      m = await (mod ??= load());
    } catch (e) {
      mod = undefined;
      throw keyringUnavailable(e, world.platform);
    }
    // Pinned to the Secret Service on Linux: the library would otherwise fall back to the kernel
    // keyring, which forgets everything at logout, and a key silently lost there is lost for good.
    return new m.AsyncEntry(KEYRING_SERVICE, account, { linux: { store: "secret-service" } });
  };
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof AwsMfaError) throw e;
      throw keyringUnavailable(e, world.platform);
    }
  };
  return {
    kind: "keyring",
    describe: (account) => `the OS keyring (service ${KEYRING_SERVICE}, account ${account})`,
    read: async (account) => {
      const text = await guard(async () => (await entry(account)).getPassword());
      return text === null || text === undefined ? undefined : parseSecret(text, account);
    },
    write: (account, key) =>
      guard(async () => {
        const secret = JSON.stringify({ v: 1, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey });
        await (await entry(account)).setPassword(secret);
      }),
    remove: (account) => guard(async () => (await entry(account)).deleteCredential()),
  };
}
