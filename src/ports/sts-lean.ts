import { createHash, createHmac } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { notFromSharedFiles, recordAttempt, type AwsCredentials, type StsAction, type StsInput, type StsOutput, type StsWire, type WireSetup } from "./sts.js";

// STS's Query API without the AWS SDK: a form POST signed with SigV4, its XML answer read for the
// few fields awsmfa uses. Loaded only when an STS call is made, and only where stsRoute found it
// equivalent to the SDK. What the SDK would do around the wire is done the same way here, from
// its standard retry mode and signer: 4 attempts; throttling and transient failures retried with
// jittered exponential back-off; the attempt bound on connection and headers; clock-skew
// correction from the server's Date. Failures take the SDK's shape ({ name: Code, message,
// $metadata.httpStatusCode }; TimeoutError, AbortError; errno codes), so mapStsError maps both.

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === "string" ? __VERSION__ : "0.0.0-dev";

const API_VERSION = "2011-06-15";
const MAX_ATTEMPTS = 4;

// ---- SigV4 ----

export interface SignRequest {
  method: string;
  /** The Host header as sent (port included unless it is the scheme's default). */
  host: string;
  path: string;
  /** Already canonical (sorted, encoded); "" for none. */
  query?: string;
  /** Further headers to sign, names in lower case. */
  headers: Record<string, string>;
  body: string;
  /** `20150830T123600Z` */
  amzDate: string;
  region: string;
  service: string;
  accessKeyId: string;
  secretAccessKey: string;
}

const sha256hex = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

/** The Authorization header of AWS Signature Version 4 (the header form, payload hashed). */
export function signV4(r: SignRequest): string {
  const all: Record<string, string> = { ...r.headers, host: r.host };
  const names = Object.keys(all).sort();
  const signedHeaders = names.join(";");
  const canonicalHeaders = names.map((n) => `${n}:${all[n]!.trim().replace(/\s+/g, " ")}\n`).join("");
  const canonical = [r.method, r.path, r.query ?? "", canonicalHeaders, signedHeaders, sha256hex(r.body)].join("\n");
  const date = r.amzDate.slice(0, 8);
  const scope = `${date}/${r.region}/${r.service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", r.amzDate, scope, sha256hex(canonical)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${r.secretAccessKey}`, date), r.region), r.service), "aws4_request");
  const signature = createHmac("sha256", key).update(toSign, "utf8").digest("hex");
  return `AWS4-HMAC-SHA256 Credential=${r.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

export const amzDate = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

/** RFC 3986 encoding, as the SDK's query serialiser writes values. */
const encode = (v: string) => encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function formBody(action: StsAction, input: StsInput): string {
  let body = `Action=${action}&Version=${API_VERSION}`;
  for (const [k, v] of Object.entries(input)) if (v !== undefined) body += `&${k}=${encode(String(v))}`;
  return body;
}

// ---- the XML answer: exactly the elements awsmfa reads ----

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e[0] === "#" ? String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITIES[e]!,
  );

/** The raw content of the first <name>…</name> in `xml` (AWS writes these elements without attributes). */
function inner(xml: string | undefined, name: string): string | undefined {
  if (xml === undefined) return undefined;
  const open = xml.indexOf(`<${name}>`);
  if (open === -1) return undefined;
  const start = open + name.length + 2;
  const end = xml.indexOf(`</${name}>`, start);
  return end === -1 ? undefined : xml.slice(start, end);
}
const text = (xml: string | undefined, name: string) => {
  const raw = inner(xml, name);
  return raw === undefined ? undefined : decode(raw);
};

export function parseAnswer(action: StsAction, xml: string): StsOutput {
  const result = inner(xml, `${action}Result`);
  if (action === "GetCallerIdentity") return { Account: text(result, "Account"), Arn: text(result, "Arn"), UserId: text(result, "UserId") };
  const c = inner(result, "Credentials");
  if (c === undefined) return {};
  const exp = text(c, "Expiration");
  const ms = exp === undefined ? NaN : Date.parse(exp);
  return {
    Credentials: {
      AccessKeyId: text(c, "AccessKeyId"),
      SecretAccessKey: text(c, "SecretAccessKey"),
      SessionToken: text(c, "SessionToken"),
      Expiration: Number.isNaN(ms) ? undefined : new Date(ms),
    },
  };
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** AWS's error answer as the SDK throws it (the SDK says "Unknown" where the body names no code). */
export function answerError(a: Answer): Error {
  const err = inner(a.body, "Error");
  const name = text(err, "Code") ?? (a.status === 404 ? "NotFound" : "Unknown");
  return Object.assign(new Error(text(err, "Message") ?? "Unknown"), {
    name,
    $fault: a.status < 500 ? "client" : "server",
    $metadata: { httpStatusCode: a.status, requestId: a.headers["x-amzn-requestid"] },
    $response: { statusCode: a.status, headers: a.headers },
  });
}

// ---- one attempt ----

const abortError = (signal: AbortSignal) => Object.assign(new Error("Request aborted"), { name: "AbortError", cause: signal.reason as unknown });

/** Node's handler in the SDK names these socket failures TimeoutError; the rest keep their errno code. */
const TIMEOUT_CODES = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT"]);
const networkError = (e: Error & { code?: string }) => (e.code && TIMEOUT_CODES.has(e.code) ? Object.assign(e, { name: "TimeoutError" }) : e);

function attempt(url: URL, headers: Record<string, string>, body: string, attemptMs: number, signal: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    // Required here, not imported: only a call that sends loads them, and only the scheme's own.
    const { request } = (url.protocol === "https:" ? require("node:https") : require("node:http")) as typeof import("node:http");
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      fn();
    };
    // agent: false is a one-request agent without keep-alive: the socket closes with the answer
    // and can never hold the process open.
    const req = request(
      { protocol: url.protocol, hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"), port: url.port || undefined, path: "/", method: "POST", headers, agent: false },
      (res) => {
        clearTimeout(timer); // the attempt's bound covers connection and headers, as the SDK's does
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => settle(() => resolve({ status: res.statusCode ?? -1, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") })));
        res.on("error", (e) => settle(() => reject(networkError(e))));
        res.on("close", () => settle(() => reject(networkError(Object.assign(new Error("the answer was cut off"), { code: "ECONNRESET" })))));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      settle(() => reject(Object.assign(new Error(`a request has exceeded the ${attemptMs} ms bound of one attempt`), { name: "TimeoutError", code: "ETIMEDOUT" })));
    }, attemptMs);
    const onAbort = () => {
      req.destroy();
      settle(() => reject(abortError(signal)));
    };
    signal.addEventListener("abort", onAbort, { once: true });
    req.on("error", (e) => settle(() => reject(networkError(e))));
    req.end(body);
  });
}

// ---- the SDK's standard retry mode, as installed (@smithy/core retry, "retries 2026") ----

const THROTTLING = new Set([
  "BandwidthLimitExceeded", "EC2ThrottledException", "LimitExceededException", "PriorRequestNotComplete", "ProvisionedThroughputExceededException",
  "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException", "SlowDown", "ThrottledException", "Throttling", "ThrottlingException",
  "TooManyRequestsException", "TransactionInProgressException",
]); // prettier-ignore
const TRANSIENT_NAMES = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException"]);
const TRANSIENT_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);
/** Errors of a request signed at the wrong time. */
const SKEW_CODES = new Set(["RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure"]);
/** The SDK corrects its clock from a Date at least this far from its own. */
const SKEW_CORRECT_MS = 240_000;

type Failure = Error & { code?: string; $metadata?: { httpStatusCode?: number }; $response?: { headers: IncomingHttpHeaders } };

const isThrottling = (e: Failure) => e.$metadata?.httpStatusCode === 429 || THROTTLING.has(e.name);
const isTransient = (e: Failure): boolean =>
  e.name !== "AbortError" &&
  (TRANSIENT_NAMES.has(e.name) ||
    (e.name === "InvalidSignatureException" && e.message.includes("Signature expired")) ||
    TRANSIENT_CODES.has(e.code ?? "") ||
    TRANSIENT_STATUS.has(e.$metadata?.httpStatusCode ?? 0));

/** A skew error whose answer carried a Date this far off: AWS refused the time, not the request. */
function isSkewError(e: Failure): boolean {
  if (!SKEW_CODES.has(e.name)) return false;
  return e.name !== "SignatureDoesNotMatch" || /Signature expired|not yet current/i.test(e.message);
}

/** A Retry-After or x-amz-retry-after hint, as an instant. */
function retryAfter(headers: IncomingHttpHeaders | undefined): number | undefined {
  const ms = Number(headers?.["x-amz-retry-after"]);
  if (headers?.["x-amz-retry-after"] !== undefined) return Number.isNaN(ms) ? undefined : Date.now() + ms;
  const v = headers?.["retry-after"];
  if (v === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Date.now() + Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : at;
}

/** Full jitter over 50 ms × 2^n (throttling: 1 s × 2^n), capped at 20 s, as the SDK's standard mode. */
function backoff(e: Failure, retries: number): number {
  const base = isThrottling(e) ? 1000 : 50;
  const delay = Math.floor(Math.random() * Math.min(base * 2 ** retries, 20_000));
  const hint = retryAfter(e.$response?.headers);
  return hint === undefined ? delay : Math.max(delay, Math.min(hint - Date.now(), delay + 5000));
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });

/** A User-Agent that says what sent the request, with the app id the SDK would add (AWS_SDK_UA_APP_ID). */
const userAgent = (app: string | undefined) => `awsmfa/${VERSION} (lean-sts)` + (app ? ` app/${app.replace(/[^\w!#$%&'*+.^`|~-]/g, "-")}` : "");

export function leanWire(w: WireSetup & { url: string }): StsWire {
  const url = new URL(w.url);
  // The settings the SDK would be given (clientSettings), read in the one place that reads them.
  const settings = notFromSharedFiles(w.env);
  const skewCorrection = !settings.disableClockSkewCorrection;
  return async (creds: AwsCredentials, action, input, { seen, abortSignal }) => {
    const ua = userAgent(await settings.userAgentAppId());
    const body = formBody(action, input);
    /** server − local, learnt from the answers' Date (each call starts afresh, as each SDK client did). */
    let offset = 0;
    let skewRetried = false;
    for (let attempts = 1; ; attempts++) {
      const date = amzDate(skewCorrection ? Date.now() + offset : Date.now());
      const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", "x-amz-date": date };
      if (creds.sessionToken) headers["x-amz-security-token"] = creds.sessionToken;
      headers.authorization = signV4({
        method: "POST", host: url.host, path: "/", headers: { ...headers }, body, amzDate: date, region: w.region, service: "sts",
        accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey,
      }); // prettier-ignore
      headers.host = url.host;
      headers["user-agent"] = ua;
      headers["content-length"] = String(Buffer.byteLength(body));
      let skewRetry = false;
      try {
        const answer = await attempt(url, headers, body, w.timeouts.attemptMs, abortSignal);
        w.noteDate(answer.headers);
        let corrected = false;
        const server = answer.headers.date === undefined || answer.headers.age !== undefined ? NaN : Date.parse(answer.headers.date);
        if (skewCorrection && !Number.isNaN(server)) {
          const next = server - Date.now();
          corrected = Math.abs(next) >= SKEW_CORRECT_MS && next !== offset;
          offset = next;
        }
        if (answer.status < 300) return parseAnswer(action, answer.body);
        const e = answerError(answer);
        // Signed at a time AWS refused, and the answer says which time it is: sign again at that
        // time, once (the SDK retries such an error as transient once its clock is corrected).
        if (corrected && !skewRetried && isSkewError(e)) skewRetry = skewRetried = true;
        throw e;
      } catch (err) {
        const e = err as Failure;
        recordAttempt(seen, e);
        if (abortSignal.aborted) throw e;
        if (!(skewRetry || isThrottling(e) || isTransient(e)) || attempts >= MAX_ATTEMPTS) throw e;
        await sleep(backoff(e, attempts - 1), abortSignal);
      }
    }
  };
}
