import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { incompleteSignature, missingAuth, signatureDoesNotMatch } from "./errors.js";

// SigV4 verification done from first principles (the canonical request of the AWS docs). Clients
// differ in what they sign — the CLI v1/v2 sign content-type/host/x-amz-date, the JS SDK adds
// amz-sdk-* and more — so the canonical request is built over exactly the SignedHeaders listed.

export interface ParsedAuth {
  accessKeyId: string;
  date: string; // yyyymmdd from the scope
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

export interface IncomingSigned {
  method: string;
  /** The raw request target: path plus optional `?query`, still percent-encoded. */
  url: string;
  /** Header name (lower case) → all values in arrival order. */
  headers: Record<string, string[] | undefined>;
  body: Buffer;
}

const ALGORITHM = "AWS4-HMAC-SHA256";

export function parseAuthorization(header: string | undefined): ParsedAuth {
  if (!header) throw missingAuth();
  const trimmed = header.trim();
  if (!trimmed.startsWith(`${ALGORITHM} `)) {
    throw incompleteSignature(`Unsupported AWS 'algorithm': '${trimmed.split(" ")[0] ?? ""}'`);
  }
  const parts = new Map<string, string>();
  for (const piece of trimmed.slice(ALGORITHM.length).split(",")) {
    const eq = piece.indexOf("=");
    if (eq > 0) parts.set(piece.slice(0, eq).trim(), piece.slice(eq + 1).trim());
  }
  const credential = parts.get("Credential");
  const signedHeaders = parts.get("SignedHeaders");
  const signature = parts.get("Signature");
  for (const [name, v] of [["Credential", credential], ["SignedHeaders", signedHeaders], ["Signature", signature]] as const) {
    if (!v) throw incompleteSignature(`Authorization header requires '${name}' parameter. Authorization=${trimmed}`);
  }
  const scope = credential!.split("/");
  if (scope.length !== 5 || scope[4] !== "aws4_request") {
    throw incompleteSignature(`Credential should be scoped to a valid region. Credential=${credential}`);
  }
  return {
    accessKeyId: scope[0]!,
    date: scope[1]!,
    region: scope[2]!,
    service: scope[3]!,
    signedHeaders: signedHeaders!.split(";").map((h) => h.trim().toLowerCase()),
    signature: signature!.toLowerCase(),
  };
}

/** RFC 3986 unreserved characters stay; everything else is %XX upper-case (SigV4's encoding). */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, "%20"));
  } catch {
    return text;
  }
}

export function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return "";
  const pairs = rawQuery
    .split("&")
    .filter((p) => p.length > 0)
    .map((p) => {
      const eq = p.indexOf("=");
      const k = eq === -1 ? p : p.slice(0, eq);
      const v = eq === -1 ? "" : p.slice(eq + 1);
      return [uriEncode(safeDecode(k)), uriEncode(safeDecode(v))] as const;
    });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

/** Non-S3 services encode each path segment once more on top of the wire encoding. */
export function canonicalPath(rawPath: string): string {
  if (!rawPath || rawPath === "/") return "/";
  return rawPath
    .split("/")
    .map((seg) => uriEncode(seg))
    .join("/");
}

const sha256hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

export function canonicalRequest(req: IncomingSigned, signedHeaders: string[]): string {
  const q = req.url.indexOf("?");
  const path = q === -1 ? req.url : req.url.slice(0, q);
  const query = q === -1 ? "" : req.url.slice(q + 1);
  const headerLines = signedHeaders.map((name) => {
    const values = req.headers[name];
    // A header the client says it signed but that did not arrive can never verify.
    if (values === undefined) throw signatureDoesNotMatch();
    const value = values.map((v) => v.trim().replace(/\s+/g, " ")).join(",");
    return `${name}:${value}\n`;
  });
  const payloadHash = req.headers["x-amz-content-sha256"]?.[0] ?? sha256hex(req.body);
  return [req.method.toUpperCase(), canonicalPath(path), canonicalQuery(query), headerLines.join(""), signedHeaders.join(";"), payloadHash].join(
    "\n",
  );
}

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), "aws4_request");
}

export function expectedSignature(req: IncomingSigned, auth: ParsedAuth, amzDate: string, secret: string): string {
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, sha256hex(canonicalRequest(req, auth.signedHeaders))].join("\n");
  return createHmac("sha256", signingKey(secret, auth.date, auth.region, auth.service)).update(stringToSign, "utf8").digest("hex");
}

/** The signature check proper; throws SignatureDoesNotMatch. Constant time in the signature's content. */
export function verifySignature(req: IncomingSigned, auth: ParsedAuth, amzDate: string, secret: string): void {
  if (!auth.signedHeaders.includes("host")) throw signatureDoesNotMatch();
  // When the client declares a payload hash, it must be the body's: otherwise a body could be
  // swapped under a valid signature.
  const declared = req.headers["x-amz-content-sha256"]?.[0];
  if (declared !== undefined && declared !== "UNSIGNED-PAYLOAD" && declared !== sha256hex(req.body)) throw signatureDoesNotMatch();
  const want = Buffer.from(expectedSignature(req, auth, amzDate, secret), "utf8");
  const got = Buffer.from(auth.signature, "utf8");
  if (want.length !== got.length || !timingSafeEqual(want, got)) throw signatureDoesNotMatch();
}

/** `20240102T030405Z` → epoch ms, or undefined when malformed. */
export function parseAmzDate(text: string | undefined): number | undefined {
  const m = text ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text) : null;
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

export function formatAmzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}
