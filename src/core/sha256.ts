// SHA-256 (FIPS 180-4) in plain JavaScript, for the names awsmfa derives on its fast paths: the
// session cache's file names (the warm credential-process, on every AWS CLI call) and the trust
// records of an .awsmfa file (the shell hook, after every cd into a configured folder). Loading
// node:crypto there costs more than the rest of that path (2–3 ms, OpenSSL set-up), while hashing
// a short input here takes microseconds. The output is byte-for-byte node:crypto's (a unit test
// compares them), so no name changes. A process that hashes a lot (status: two names for each of
// 50,000 profiles) or something big moves to node:crypto by itself. Not for secrets.

// Signed 32-bit words throughout (| 0): small integers stay unboxed in V8.
// Int32Arrays: constants above 2^31 would make a plain array hold doubles, which V8 then converts
// on every use (hashing for status's 50,000 profiles ran five times slower).
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const H0 = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

// Reused across calls: status hashes two names for each of 50,000 profiles, where growing a fresh
// array byte by byte per call was most of the hashing time.
let buf = new Uint8Array(256);
const w = new Int32Array(64);

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push((i < 16 ? "0" : "") + i.toString(16));

/** Room for `more` bytes after the first `used` of buf (kept when it grows). */
function ensure(used: number, more: number): void {
  if (buf.length >= used + more + 72) return;
  const next = new Uint8Array((used + more + 72) * 2);
  next.set(buf.subarray(0, used));
  buf = next;
}

/** Writes `text` as UTF-8 bytes into buf from `n` (grown when needed) and returns the new length. By
 * hand: TextEncoder and Buffer cost more to set up, on first use in a process, than hashing a short
 * string takes (the warm path hashes one or two per run). */
function utf8(text: string, n = 0): number {
  ensure(n, text.length * 3);
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    // A lone surrogate becomes U+FFFD, as Buffer.from(text) and TextEncoder do.
    if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
    if (c < 0x80) buf[n++] = c;
    else if (c < 0x800) {
      buf[n++] = 0xc0 | (c >> 6);
      buf[n++] = 0x80 | (c & 63);
    } else if (c < 0x10000) {
      buf[n++] = 0xe0 | (c >> 12);
      buf[n++] = 0x80 | ((c >> 6) & 63);
      buf[n++] = 0x80 | (c & 63);
    } else {
      buf[n++] = 0xf0 | (c >> 18);
      buf[n++] = 0x80 | ((c >> 12) & 63);
      buf[n++] = 0x80 | ((c >> 6) & 63);
      buf[n++] = 0x80 | (c & 63);
    }
  }
  return n;
}

// The plain-JavaScript hash is for a process that hashes a few short inputs. After this many, or
// for a big input, node:crypto is loaded once and does the rest (the names are the same).
const JS_CALLS = 64;
const JS_BYTES = 8192;
let calls = 0;
let native: typeof import("node:crypto") | undefined;
function nativeNow(bytes: number): typeof import("node:crypto") | undefined {
  if (!native && (++calls > JS_CALLS || bytes > JS_BYTES)) native = require("node:crypto") as typeof import("node:crypto");
  return native;
}

/** Lower-case hex SHA-256 of `text` encoded as UTF-8. */
export function sha256Hex(text: string): string {
  return sha256HexOf(text);
}

/** Lower-case hex SHA-256 of the parts one after another: strings as UTF-8, bytes as they are. */
export function sha256HexOf(...parts: (string | Uint8Array)[]): string {
  const c = nativeNow(parts.reduce((n, p) => n + (typeof p === "string" ? p.length * 3 : p.length), 0));
  if (c) {
    const h = c.createHash("sha256");
    for (const p of parts) h.update(p);
    return h.digest("hex");
  }
  let n = 0;
  for (const p of parts) {
    if (typeof p === "string") n = utf8(p, n);
    else {
      ensure(n, p.length);
      buf.set(p, n);
      n += p.length;
    }
  }
  return digest(n);
}

/** The plain-JavaScript SHA-256 (what the warm path uses). */
export function sha256HexJs(text: string): string {
  return digest(utf8(text));
}

/** The hash of buf's first `len` bytes. */
function digest(len: number): string {
  // Message, a 1 bit, zeros, and the bit length as a 64-bit big-endian number: a multiple of 64 bytes.
  const total = (((len + 8) >> 6) + 1) << 6;
  const data = buf;
  data[len] = 0x80;
  data.fill(0, len + 1, total - 8);
  const bits = len * 8;
  const hi = Math.floor(bits / 0x100000000);
  data[total - 8] = hi >>> 24;
  data[total - 7] = (hi >>> 16) & 255;
  data[total - 6] = (hi >>> 8) & 255;
  data[total - 5] = hi & 255;
  data[total - 4] = bits >>> 24;
  data[total - 3] = (bits >>> 16) & 255;
  data[total - 2] = (bits >>> 8) & 255;
  data[total - 1] = bits & 255;

  const h = H0.slice();
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) {
      const j = off + i * 4;
      w[i] = (data[j]! << 24) | (data[j + 1]! << 16) | (data[j + 2]! << 8) | data[j + 3]!;
    }
    // Rotations written out, not called: the warm path runs this once per process, in V8's
    // interpreter, where a call per rotation costs more than the arithmetic.
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!, y = w[i - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      // `| 0` after each addition keeps every sum a 32-bit integer (V8 then never falls back to doubles).
      w[i] = (((((w[i - 16]! + s0) | 0) + w[i - 7]!) | 0) + s1) | 0;
    }
    let a = h[0]!, b = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!, f = h[5]!, g = h[6]!, hh = h[7]!;
    for (let i = 0; i < 64; i++) {
      const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (((((((hh + s1) | 0) + ((e & f) ^ (~e & g))) | 0) + K[i]!) | 0) + w[i]!) | 0;
      const t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = (h[0]! + a) | 0;
    h[1] = (h[1]! + b) | 0;
    h[2] = (h[2]! + c) | 0;
    h[3] = (h[3]! + d) | 0;
    h[4] = (h[4]! + e) | 0;
    h[5] = (h[5]! + f) | 0;
    h[6] = (h[6]! + g) | 0;
    h[7] = (h[7]! + hh) | 0;
  }
  // By a byte table: toString(16) and padStart per word took more than the hashing itself.
  let out = "";
  for (let i = 0; i < 8; i++) {
    const x = h[i]!;
    out += HEX[x >>> 24]! + HEX[(x >>> 16) & 255]! + HEX[(x >>> 8) & 255]! + HEX[x & 255]!;
  }
  return out;
}
