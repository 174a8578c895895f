import { createHmac } from "node:crypto";

// RFC 6238 TOTP (SHA-1, 30 s steps, 6 digits), shared by the emulator and the tool's own demo
// "authenticator". Pure apart from node:crypto's HMAC.

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=-]/g, "").toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = B32.indexOf(ch);
    if (idx === -1) throw new Error(`invalid base32 character '${ch}'`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function base32Encode(buf: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

export const STEP_SECONDS = 30;

export function timeStep(epochMs: number, step = STEP_SECONDS): number {
  return Math.floor(epochMs / 1000 / step);
}

/** HOTP value for a counter (RFC 4226), as a zero-padded string of `digits`. */
export function hotp(key: Uint8Array, counter: number, digits = 6, algorithm: "sha1" | "sha256" | "sha512" = "sha1"): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin =
    ((mac[offset]! & 0x7f) << 24) | ((mac[offset + 1]! & 0xff) << 16) | ((mac[offset + 2]! & 0xff) << 8) | (mac[offset + 3]! & 0xff);
  return String(bin % 10 ** digits).padStart(digits, "0");
}

export function totp(
  key: Uint8Array,
  epochMs: number,
  opts: { step?: number; digits?: number; algorithm?: "sha1" | "sha256" | "sha512" } = {},
): string {
  return hotp(key, timeStep(epochMs, opts.step ?? STEP_SECONDS), opts.digits ?? 6, opts.algorithm ?? "sha1");
}

/** Which step within ±window matched, or undefined. */
export function matchStep(key: Uint8Array, code: string, epochMs: number, window = 1): number | undefined {
  const now = timeStep(epochMs);
  for (let d = -window; d <= window; d++) if (hotp(key, now + d) === code) return now + d;
  return undefined;
}

export const isSixDigits = (code: string) => /^\d{6}$/.test(code);
