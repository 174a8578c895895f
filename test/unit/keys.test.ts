import { describe, expect, it } from "vitest";
import { AwsMfaError, renderMsg } from "../../src/core/errors.js";
import { parseIni } from "../../src/core/ini.js";
import { removePlaintextCopies } from "../../src/device/keymove.js";
import { decryptKeys, encryptKeys } from "../../src/ports/keys/file.js";
import { moveKey, type KeySource, type KeySourceKind, type LongTermKey } from "../../src/ports/keys/index.js";
import { keyringProblem } from "../../src/ports/keys/keyring.js";

const KEY: LongTermKey = { accessKeyId: "AKIAUNITTESTEXAMPLE0", secretAccessKey: "unitSecretEXAMPLEunitSecretEXAMPLE000000" };

describe("moveKey: a crash before any step leaves the named store holding the key", () => {
  class Crash extends Error {}
  function world(budget: number) {
    let left = budget;
    const step = () => {
      if (left-- <= 0) throw new Crash();
    };
    const data: Record<KeySourceKind, Map<string, LongTermKey>> = { credentials: new Map([["p", KEY]]), keyring: new Map(), file: new Map() };
    let named: KeySourceKind = "credentials";
    const store = (kind: KeySourceKind): KeySource => ({
      kind,
      describe: () => kind,
      read: async (a) => data[kind].get(a),
      write: async (a, k) => {
        step();
        data[kind].set(a, k);
      },
      remove: async (a) => {
        step();
        return data[kind].delete(a);
      },
    });
    return { data, store, named: () => named, switchTo: (k: KeySourceKind) => async () => {
        step();
        named = k;
      },
    };
  }
  for (let crashAt = 0; crashAt <= 3; crashAt++)
    it(`crash before mutation #${crashAt + 1}`, async () => {
      const w = world(crashAt);
      const done = await moveKey(w.store("credentials"), w.store("keyring"), "p", KEY, w.switchTo("keyring")).then(
        () => true,
        (e) => {
          if (!(e instanceof Crash)) throw e;
          return false;
        },
      );
      expect(done).toBe(crashAt >= 3);
      expect(w.data[w.named()].get("p")).toEqual(KEY);
      if (done) expect([w.named(), w.data.credentials.has("p")]).toEqual(["keyring", false]);
    });

  it("a store that does not keep what it was given stops the move before anything else changes", async () => {
    const w = world(99);
    const leaky: KeySource = { ...w.store("file"), write: async () => {} };
    await expect(moveKey(w.store("credentials"), leaky, "p", KEY, w.switchTo("file"))).rejects.toThrow(/does not hold the key after writing it/);
    expect([w.named(), w.data.credentials.get("p")]).toEqual(["credentials", KEY]);
  });
});

describe("encrypted key file format", () => {
  it("round trip; a fresh salt and nonce on every write; scrypt N ≥ 2^15", async () => {
    const a = await encryptKeys({ p: KEY }, "pass phrase");
    const b = await encryptKeys({ p: KEY }, "pass phrase");
    const ja = JSON.parse(a);
    const jb = JSON.parse(b);
    expect(ja.kdf.N).toBeGreaterThanOrEqual(1 << 15);
    expect(ja.kdf.salt).not.toBe(jb.kdf.salt);
    expect(ja.cipher.nonce).not.toBe(jb.cipher.nonce);
    expect(a).not.toContain(KEY.accessKeyId);
    expect(a).not.toContain(KEY.secretAccessKey);
    expect(await decryptKeys(a, "pass phrase", "f")).toEqual({ p: KEY });
  });

  it.each([
    ["wrong passphrase", (t: string) => t, "other phrase", /^f: wrong passphrase; nothing was changed$/],
    ["ciphertext changed", (t: string) => flipField(t, "data"), "pass phrase", /^f: the file was changed or damaged/],
    ["tag changed", (t: string) => flipField(t, "tag"), "pass phrase", /^f: the file was changed or damaged/],
    ["cost raised past the cap", (t: string) => t.replace(/"N": \d+/, '"N": 4194304'), "pass phrase", /bad key-derivation parameters/],
    ["cost lowered", (t: string) => t.replace(/"N": \d+/, '"N": 16384'), "pass phrase", /bad key-derivation parameters/],
    ["cost changed within bounds", (t: string) => t.replace(/"N": \d+/, '"N": 65536'), "pass phrase", /wrong passphrase/],
    ["unknown version", (t: string) => t.replace(/"version": 1/, '"version": 2'), "pass phrase", /version 2 is not supported/],
  ])("%s → a typed one-line error", async (_what, change, pass, message) => {
    const text = change(await encryptKeys({ p: KEY }, "pass phrase"));
    const e = await decryptKeys(text, pass, "f").then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(AwsMfaError);
    expect((e as AwsMfaError).exitCode).toBe(3);
    expect((e as AwsMfaError).message).toMatch(message);
    expect((e as AwsMfaError).message).not.toContain("\n");
  });
});

function flipField(text: string, field: string): string {
  const j = JSON.parse(text);
  const buf = Buffer.from(j[field], "base64");
  buf[0]! ^= 0x80;
  j[field] = buf.toString("base64");
  return JSON.stringify(j, null, 1);
}

describe("keyring problems, named from the library's words", () => {
  it.each([
    ["Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead", /no D-Bus session bus/],
    ["Couldn't access platform storage: Secret Service: unlock prompt was dismissed", /locked/],
    ["Platform failure: DBus error: The name org.freedesktop.secrets was not provided by any .service files", /no Secret Service is running/],
    ["something new", /the OS keyring failed: something new/],
  ])("%s", (message, cause) => expect(renderMsg(keyringProblem(message, "linux"))).toMatch(cause));
});

describe("removePlaintextCopies keeps everything but this key", () => {
  it.each([
    [
      "[p-long-term] emptied: its header goes, the comment about the next section stays",
      "# top\n[p-long-term]\naws_access_key_id = K\naws_secret_access_key = S\n\n; about q\n[q]\nx = 1\n",
      "# top\n; about q\n[q]\nx = 1\n",
    ],
    [
      "[p-long-term] with another setting keeps it",
      "[p-long-term]\nregion = eu-west-1\naws_access_key_id = K\naws_secret_access_key = S\n",
      "[p-long-term]\nregion = eu-west-1\n",
    ],
    ["the seed's plain [p] loses the two lines only", "[p]\naws_access_key_id = K\naws_secret_access_key = S\nregion = x\n", "[p]\nregion = x\n"],
    ["a different key is never touched", "[p-long-term]\naws_access_key_id = OTHER\naws_secret_access_key = S\n", "[p-long-term]\naws_access_key_id = OTHER\naws_secret_access_key = S\n"],
    ["a tail section takes its blank separator", "[a]\nx = 1\n\n[p-long-term]\naws_access_key_id = K\naws_secret_access_key = S\n", "[a]\nx = 1\n"],
  ])("%s", (_what, before, after) => {
    const doc = parseIni(before, "credentials", "credentials");
    removePlaintextCopies(doc, "p", { accessKeyId: "K", secretAccessKey: "S" });
    expect(doc.toString()).toBe(after);
  });
});
