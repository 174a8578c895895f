import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { rm } from "node:fs/promises";
import { AwsMfaError, msg, type Msg } from "../../core/errors.js";
import { dataDir, pathApi } from "../../core/paths.js";
import { readTextOrUndefined, writeFileAtomic } from "../atomic-write.js";
import { withLock } from "../lock.js";
import { openTerminal, type Terminal } from "../terminal.js";
import type { World } from "../../world.js";
import type { KeySource, LongTermKey } from "./types.js";
import { t as tr } from "../../i18n/index.js";

// awsmfa_source = file: every file-source key in ONE encrypted file, $XDG_DATA_HOME/awsmfa/keys.enc
// (0600, folder 0700). scrypt turns the passphrase into 64 bytes: the first 32 are the AES-256-GCM
// key, the hash of the last 32 is stored as `check`, so a wrong passphrase and a changed file get
// different messages (a changed header changes the derived key and reads as a wrong passphrase).
// The header is the GCM additional data: nobody can lower the scrypt cost or swap the salt
// without the tag failing. Every write draws a fresh salt and nonce. The file is replaced
// atomically under a lock, and nothing is written unless the old content decrypted.

export const KEY_FILE_NAME = "keys.enc";
export const PASSPHRASE_ENV = "AWSMFA_FILE_PASSPHRASE";
const FORMAT = "awsmfa-keys";
// 2^15 is the floor the design asks for (about 0.1 s and 32 MiB here); reading accepts up to 2^20
// so a later, costlier default still opens, and refuses more so a crafted file cannot eat memory.
const SCRYPT = { N: 1 << 15, r: 8, p: 1 } as const;
const MAX_N = 1 << 20;
const MIN_NEW_PASSPHRASE = 8;

interface Header {
  format: string;
  version: number;
  kdf: { name: "scrypt"; N: number; r: number; p: number; salt: string };
  cipher: { name: "aes-256-gcm"; nonce: string };
}
interface Envelope extends Header {
  check: string;
  data: string;
  tag: string;
}
type KeyMap = Record<string, LongTermKey>;

const scrypt = (pass: string, salt: Buffer, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(pass, salt, 64, opts, (e, k) => (e ? reject(e) : resolve(k))));

async function derive(pass: string, kdf: Header["kdf"]): Promise<{ key: Buffer; check: Buffer }> {
  const out = await scrypt(pass, Buffer.from(kdf.salt, "base64"), { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + (1 << 20) });
  return { key: out.subarray(0, 32), check: createHash("sha256").update("awsmfa-passphrase-check\n").update(out.subarray(32)).digest() };
}

// The additional data is rebuilt field by field, so key order or extra fields in the file do not matter.
const aad = (h: Header) =>
  Buffer.from(JSON.stringify([h.format, h.version, h.kdf.name, h.kdf.N, h.kdf.r, h.kdf.p, h.kdf.salt, h.cipher.name, h.cipher.nonce]));

export async function encryptKeys(keys: KeyMap, pass: string): Promise<string> {
  const header: Header = {
    format: FORMAT,
    version: 1,
    kdf: { name: "scrypt", ...SCRYPT, salt: randomBytes(16).toString("base64") },
    cipher: { name: "aes-256-gcm", nonce: randomBytes(12).toString("base64") },
  };
  const { key, check } = await derive(pass, header.kdf);
  const c = createCipheriv("aes-256-gcm", key, Buffer.from(header.cipher.nonce, "base64"));
  c.setAAD(aad(header));
  const data = Buffer.concat([c.update(JSON.stringify({ keys }), "utf8"), c.final()]);
  const env: Envelope = { ...header, check: check.toString("base64"), data: data.toString("base64"), tag: c.getAuthTag().toString("base64") };
  return JSON.stringify(env, null, 1) + "\n";
}

const b64 = (v: unknown, bytes?: number) =>
  typeof v === "string" && /^[A-Za-z0-9+/]*={0,2}$/.test(v) && (bytes === undefined || Buffer.from(v, "base64").length === bytes);

function parseEnvelope(text: string, file: string): Envelope {
  const damaged = (why: Msg) =>
    new AwsMfaError("KeyFileRejected", msg("keysFile.fileNotAReadable", { file, why }), {
      hint: msg("keysFile.restoreItFromA"),
    });
  let j: Envelope;
  try {
    j = JSON.parse(text) as Envelope;
  } catch {
    throw damaged(msg("keysFile.notJson"));
  }
  if (typeof j !== "object" || j === null || j.format !== FORMAT) throw damaged(msg("keysFile.unknownFormat"));
  if (j.version !== 1) throw damaged(msg("keysFile.versionVersionIsNot", { version: String(j.version) }));
  const k = j.kdf;
  if (!k || k.name !== "scrypt" || !Number.isInteger(k.N) || k.N < SCRYPT.N || k.N > MAX_N || (k.N & (k.N - 1)) !== 0 || k.r !== 8 || k.p !== 1 || !b64(k.salt, 16))
    throw damaged(msg("keysFile.badKeyDerivationParameters"));
  if (!j.cipher || j.cipher.name !== "aes-256-gcm" || !b64(j.cipher.nonce, 12)) throw damaged(msg("keysFile.badCipherParameters"));
  if (!b64(j.check, 32) || !b64(j.data) || !b64(j.tag, 16)) throw damaged(msg("keysFile.badFields"));
  return j;
}

/** Decrypts the file's text. Typed one-line errors for a wrong passphrase and for a changed file. */
export async function decryptKeys(text: string, pass: string, file: string): Promise<KeyMap> {
  const env = parseEnvelope(text, file);
  const { key, check } = await derive(pass, env.kdf);
  if (!timingSafeEqual(check, Buffer.from(env.check, "base64")))
    throw new AwsMfaError("KeyFileRejected", msg("keysFile.fileWrongPassphraseNothing", { file }), {
      hint: msg("keysFile.typeThePassphraseThe", { PASSPHRASE_ENV }),
    });
  let plain: string;
  try {
    const d = createDecipheriv("aes-256-gcm", key, Buffer.from(env.cipher.nonce, "base64"));
    d.setAAD(aad(env));
    d.setAuthTag(Buffer.from(env.tag, "base64"));
    plain = Buffer.concat([d.update(Buffer.from(env.data, "base64")), d.final()]).toString("utf8");
  } catch {
    throw new AwsMfaError("KeyFileRejected", msg("keysFile.fileTheFileWas", { file }), {
      hint: msg("keysFile.restoreItFromA2"),
    });
  }
  const keys = (JSON.parse(plain) as { keys?: KeyMap }).keys;
  return keys && typeof keys === "object" ? keys : {};
}

export interface FileSourceOptions {
  /** Opens the terminal for a passphrase prompt; undefined when there is none. */
  terminal?: () => Terminal | undefined;
}

export function fileKeySource(world: Pick<World, "env" | "platform">, opts: FileSourceOptions = {}): KeySource & { readonly file: string } {
  const file = pathApi(world.platform).join(dataDir(world), KEY_FILE_NAME);
  const lockFile = `${file}.lock`;
  const openTerm = opts.terminal ?? (() => openTerminal(world.platform));
  let passphrase: string | undefined;
  // The last text decrypted and what it held: `keys list` reads many accounts, scrypt runs once.
  let last: { text: string; keys: KeyMap } | undefined;

  const noPassphrase = () =>
    new AwsMfaError("NoTerminal", msg("keysFile.theEncryptedKeyFile", { file, PASSPHRASE_ENV }), {
      hint: msg("keysFile.runItInA", { PASSPHRASE_ENV }),
    });

  async function ask(isNew: boolean): Promise<string> {
    const fromEnv = world.env[PASSPHRASE_ENV];
    if (fromEnv) {
      if (isNew && fromEnv.length < MIN_NEW_PASSPHRASE)
        throw new AwsMfaError("BadFlag", msg("keysFile.passphraseEnvANew", { PASSPHRASE_ENV, MIN_NEW_PASSPHRASE }));
      return fromEnv;
    }
    const t = openTerm();
    if (!t) throw noPassphrase();
    try {
      for (let i = 0; i < 3; i++) {
        if (!isNew) return await t.askSecret(tr("keysFile.passphraseForFile", { file }));
        const a = await t.askSecret(tr("keysFile.newPassphraseForFile", { file, MIN_NEW_PASSPHRASE }));
        if (a.length < MIN_NEW_PASSPHRASE) {
          t.say(tr("keysFile.tooShortAtLeast", { MIN_NEW_PASSPHRASE }));
          continue;
        }
        if ((await t.askSecret(tr("keysFile.repeatIt"))) === a) return a;
        t.say(tr("keysFile.theTwoDidNot"));
      }
      throw new AwsMfaError("Aborted", msg("keysFile.noPassphraseWasSet"));
    } catch (e) {
      if (e instanceof AwsMfaError) throw e;
      throw new AwsMfaError("Aborted", msg("keysFile.cancelledAtThePassphrase"));
    } finally {
      t.close();
    }
  }

  /** The keys in `text` (undefined: no file yet), asking for the passphrase once per process. */
  async function open(text: string | undefined): Promise<KeyMap> {
    if (text === undefined) return {};
    if (last && last.text === text) return { ...last.keys };
    parseEnvelope(text, file); // a damaged file is reported before anyone types a passphrase
    passphrase ??= await ask(false);
    const keys = await decryptKeys(text, passphrase, file);
    last = { text, keys };
    return { ...keys };
  }

  async function update(mutate: (keys: KeyMap) => boolean): Promise<void> {
    // Ask (and check) the passphrase before the lock: a person typing must not hold other writers.
    const before = await readTextOrUndefined(file);
    await open(before);
    passphrase ??= await ask(before === undefined);
    await withLock(
      lockFile,
      async () => {
        const now = await readTextOrUndefined(file);
        const keys = await open(now);
        if (!mutate(keys)) return;
        if (Object.keys(keys).length === 0) {
          await rm(file, { force: true });
          last = undefined;
          return;
        }
        const text = await encryptKeys(keys, passphrase!);
        await writeFileAtomic(file, text, { mode: 0o600 });
        last = { text, keys };
      },
      { purpose: `edit ${file}` },
    );
  }

  return {
    kind: "file",
    file,
    describe: (account) => `the encrypted file ${file} (entry ${account})`,
    async read(account) {
      const k = (await open(await readTextOrUndefined(file)))[account];
      return k && { accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey };
    },
    async write(account, key) {
      await update((keys) => {
        keys[account] = { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
        return true;
      });
    },
    async remove(account) {
      if ((await readTextOrUndefined(file)) === undefined) return false;
      let removed = false;
      await update((keys) => {
        removed = Object.hasOwn(keys, account);
        delete keys[account];
        return removed;
      });
      return removed;
    },
  };
}
