import { envMilliseconds } from "../core/duration.js";
import { AwsMfaError, msg as m, type Msg } from "../core/errors.js";
import { t as tr } from "../i18n/index.js";
import type { LongTermKey } from "../core/profile.js";
import type { SessionCredentials } from "../core/session.js";
import type { Env, Out } from "../world.js";
import { noticeWhenSlow } from "./slow.js";

// The STS port. Two real adapters send the three actions awsmfa needs: a lean one (sts-lean.ts:
// the Query API signed with node:crypto, no SDK), taken where it does exactly what the SDK would,
// and @aws-sdk/client-sts everywhere else (stsRoute decides). A cold refresh spent ~50 ms of CPU
// loading the SDK through Node's ES module loader for one POST. Both are imported lazily so the
// warm paths of the CLI never pay for either; everything around the wire (deadline, notice, skew
// warning, error mapping) is shared below. Tests of branching logic pass an in-memory fake.

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface StsPort {
  getSessionToken(key: LongTermKey, req: { serialNumber: string; tokenCode: string; durationSeconds: number }): Promise<SessionCredentials>;
  getCallerIdentity(creds: AwsCredentials): Promise<{ account: string; arn: string; userId: string }>;
  assumeRole(
    creds: AwsCredentials,
    req: { roleArn: string; roleSessionName: string; externalId?: string; durationSeconds?: number; serialNumber?: string; tokenCode?: string },
  ): Promise<SessionCredentials>;
}

export interface StsOptions {
  env: Env;
  region?: string;
  /** Where warnings (clock skew) go. */
  stderr?: Out;
  /** Shows "waiting for <endpoint>…" when a call is slow (slowNotice: a spinner or one line), and may take it back. */
  waiting?: (line: string) => void | (() => void);
  /** Tests that compare the two adapters take the SDK's where stsRoute would choose the lean one. */
  adapter?: "sdk";
}

/** AWS_ENDPOINT_URL_STS beats AWS_ENDPOINT_URL, as in the SDKs and the CLI. */
export function stsEndpoint(env: Env): string | undefined {
  return env.AWS_ENDPOINT_URL_STS || env.AWS_ENDPOINT_URL || undefined;
}

const SKEW_LIMIT_MS = 5 * 60 * 1000;

/** Turns an SDK/network failure into a typed error; pure so it is table-tested. */
export function mapStsError(
  e: unknown,
  ctx: { endpoint: string; serial?: string; skewMs?: number; service?: "STS" | "IAM"; timeouts?: HttpTimeouts; attemptTimedOut?: boolean; codeSent?: boolean },
): AwsMfaError {
  const svc = ctx.service ?? "STS";
  // No answer in time. A request that carried an MFA code may still have reached AWS and used the
  // code up, so a later "invalid code" (the SDK's retry sent the same code) is this same fault.
  const noAnswer = (more: Msg | "" = "") => {
    const ms = ctx.timeouts && ((e as { name?: string }).name === "AbortError" ? ctx.timeouts.totalMs : ctx.timeouts.attemptMs);
    const secs = ms ? m("sts.within", { secs: fmtSeconds(ms) }) : m("sts.inTime");
    const err = new AwsMfaError("Network", m("sts.noAnswerFromSvc", { svc, endpoint: ctx.endpoint, secs, more }), {
      hint: ctx.codeSent
        ? m("sts.codeMayBeUsed")
        : m("sts.checkTheNetworkA", { svc }),
    });
    if (ctx.codeSent) spentCodes.add(err);
    return err;
  };
  if (isTimeout(e)) return noAnswer();
  const err = e as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  // The SDK names modeled errors `<Code>Exception`; AWS's code is the same without the suffix.
  const name = (err.name ?? "").replace(/Exception$/, "");
  const msg = (err.message ?? "").trim();
  const status = err.$metadata?.httpStatusCode;
  const codeRefused = (name === "AccessDenied" && msg.includes("invalid MFA one time pass code")) || name === "InvalidAuthenticationCode"; // STS's, IAM's
  if (codeRefused && ctx.attemptTimedOut && ctx.codeSent)
    return noAnswer(m("sts.retryRefused"));
  if (name === "AccessDenied") {
    if (msg.includes("invalid MFA one time pass code"))
      return new AwsMfaError("InvalidCode", m("sts.awsRejectedTheMfa"), {
        hint: m("sts.waitForTheNext"),
      });
    if (msg.includes("unable to validate MFA code"))
      return new AwsMfaError("WrongSerial", m("sts.awsCouldNotValidate", { value: ctx.serial ?? m("sts.thisDevice") }), {
        hint: m("sts.checkMfaSerialIn"),
      });
    return new AwsMfaError("AccessDenied", m("sts.awsDeniedTheRequest", { msg }));
  }
  if (name === "InvalidClientTokenId")
    return new AwsMfaError("InvalidClientTokenId", m("sts.awsDoesNotRecognise"), {
      hint: m("sts.createANewAccess"),
    });
  if (name === "SignatureDoesNotMatch") {
    if (/Signature expired|not yet current/i.test(msg) || (ctx.skewMs !== undefined && Math.abs(ctx.skewMs) > SKEW_LIMIT_MS))
      return clockSkewError(ctx.skewMs);
    return new AwsMfaError("SignatureDoesNotMatch", m("sts.awsRejectedTheRequest"), {
      hint: m("sts.checkAwsSecretAccess"),
    });
  }
  if (name === "RequestTimeTooSkewed" || name === "InvalidSignature") return clockSkewError(ctx.skewMs);
  if (name === "ExpiredToken")
    return new AwsMfaError("ExpiredToken", m("sts.awsSaysTheSecurity"), { hint: m("sts.runAwsmfaLoginForce") });
  if (name === "ValidationError") return new AwsMfaError("BadFlag", m("sts.awsRejectedAParameter", { msg }));
  if (name === "Throttling" || name === "RequestLimitExceeded")
    return new AwsMfaError("Throttled", m("sts.awsSvcIsThrottling", { svc, endpoint: ctx.endpoint }), { hint: m("sts.waitAMinuteAnd") });
  if (status !== undefined && status >= 500)
    return new AwsMfaError("ServiceError", m("sts.awsSvcAtEndpoint", { svc, endpoint: ctx.endpoint, status }));
  const code = err.code ?? (e as { cause?: { code?: string } }).cause?.code;
  if (code === "ETIMEDOUT" || code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ECONNRESET" || code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "EAI_AGAIN")
    return new AwsMfaError("Network", m("sts.cannotReachEndpointValue", { endpoint: ctx.endpoint, value: code ?? m("sts.timedOut") }), {
      hint: m("sts.checkTheNetworkA", { svc }),
    });
  if (status !== undefined) return new AwsMfaError("AccessDenied", m("sts.awsSvcErrorValue", { svc, value: name || status, msg }));
  return new AwsMfaError("Network", m("sts.requestToEndpointFailed", { endpoint: ctx.endpoint, value: msg || name }));
}

const spentCodes = new WeakSet<AwsMfaError>();

/** True when the failed call's MFA code may have been used up at AWS (the request went out, no answer came). */
export const codeMayBeSpent = (e: unknown) => e instanceof AwsMfaError && spentCodes.has(e);

/** The SDK's per-attempt timeout (TimeoutError) or our whole-call deadline (AbortError). */
export const isTimeout = (e: unknown) => {
  const name = (e as { name?: string } | undefined)?.name;
  return name === "TimeoutError" || name === "AbortError";
};

const fmtSeconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);

function clockSkewError(skewMs: number | undefined): AwsMfaError {
  const how = skewMs === undefined ? "" : m("sts.clockIs", { skew: describeSkew(skewMs) });
  return new AwsMfaError("ClockSkew", m("sts.awsRejectedTheRequest2", { how }), {
    hint: m("sts.setTheClockRight"),
  });
}

/** "7 min ahead of AWS" when our clock is later than the server's. skewMs = local − server. */
export function describeSkew(skewMs: number): string {
  const min = Math.round(Math.abs(skewMs) / 60000);
  return tr(skewMs > 0 ? "sts.skewAhead" : "sts.skewBehind", { min });
}

/** The profile's region, else the environment's, else us-east-1. */
export const sdkRegion = (env: Env, region: string | undefined) => region || env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1";

export interface HttpTimeouts {
  /** One attempt: connecting and the answer's headers. */
  attemptMs: number;
  /** The whole call, retries and back-off included. */
  totalMs: number;
}

const DEFAULT_ATTEMPT_MS = 10_000;

/**
 * About 10 s per attempt and 25 s for a whole call: long enough for a slow link to AWS, short
 * enough that a hung endpoint (or a proxy that swallows requests) never holds a lock and its
 * waiters for minutes. AWSMFA_HTTP_TIMEOUT_MS sets the per-attempt bound (tests shorten it);
 * the total is 2.4 attempts (24 s), so the process ends within 25 s.
 */
export function httpTimeouts(env: Env): HttpTimeouts {
  const attemptMs = envMilliseconds(env, "AWSMFA_HTTP_TIMEOUT_MS", DEFAULT_ATTEMPT_MS);
  return { attemptMs, totalMs: Math.round(attemptMs * 2.4) };
}

/** The SDK must never write to our stderr (its warnings are not the user's business; errors come typed). */
const SILENT = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/**
 * Settings both SDK clients share. Standard retry mode backs off on throttling and 5xx (4
 * attempts); each attempt is bounded here, and boundedSend adds the whole call's deadline.
 */
export function clientSettings(region: string, endpoint: string | undefined, credentials: AwsCredentials, t: HttpTimeouts, env: Env = {}) {
  return {
    region,
    endpoint,
    credentials,
    maxAttempts: 4,
    logger: SILENT,
    // Without throwOnRequestTimeout the handler only logs a warning and waits forever.
    requestHandler: { connectionTimeout: t.attemptMs, requestTimeout: t.attemptMs, throwOnRequestTimeout: true, logger: SILENT },
    ...notFromSharedFiles(env),
  };
}

/**
 * The SDK's client settings it would otherwise look up in ~/.aws/config (after the environment):
 * given here, the SDK never parses the shared files itself. awsmfa has read the profile it was
 * asked for already, and with 50,000 profiles the SDK's own pass took seconds and most of the
 * memory of a login. Their environment variables still count, as they would in the SDK; a value
 * set for them in the files' [default] profile no longer does.
 */
export function notFromSharedFiles(env: Env) {
  const flag = (v: string | undefined) => v?.trim().toLowerCase() === "true";
  const list = (v: string | undefined) => (v ?? "").split(",").map((x) => x.trim()).filter(Boolean);
  return {
    useFipsEndpoint: flag(env.AWS_USE_FIPS_ENDPOINT),
    useDualstackEndpoint: flag(env.AWS_USE_DUALSTACK_ENDPOINT),
    retryMode: env.AWS_RETRY_MODE?.trim() || "standard",
    defaultsMode: "legacy" as const, // the SDK's own default; AWS_DEFAULTS_MODE is not read
    authSchemePreference: list(env.AWS_AUTH_SCHEME_PREFERENCE),
    sigv4aSigningRegionSet: list(env.AWS_SIGV4A_SIGNING_REGION_SET),
    userAgentAppId: async () => env.AWS_SDK_UA_APP_ID?.trim() || undefined,
    disableClockSkewCorrection: flag(env.AWS_DISABLE_CLOCK_SKEW_CORRECTION),
    // The endpoint comes from stsEndpoint (AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL) or the default.
    ignoreConfiguredEndpointUrls: true,
  };
}

/** Regions of AWS's commercial partition (the SDK's `aws` partition pattern, letters only). */
const COMMERCIAL_REGION = /^(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d+$/;

export type StsRoute = { via: "lean"; url: string } | { via: "sdk"; why: string };

/**
 * The one decision of which adapter sends STS calls. The lean adapter only where it is exactly what
 * the SDK (as clientSettings configures it) would send and how it would retry: an endpoint from
 * AWS_ENDPOINT_URL_STS/AWS_ENDPOINT_URL (scheme and host only; a path is the SDK's to join), or
 * https://sts.<region>.amazonaws.com, which is what the SDK's rule set resolves for every region of
 * the commercial partition, us-east-1 included (the global sts.amazonaws.com only for "aws-global").
 * Everything else the SDK does and the lean one does not is the SDK's: FIPS and dual-stack
 * endpoints, other partitions (China, GovCloud, ISO, EUSC: other DNS suffixes), adaptive or legacy
 * retries, SigV4a and auth-scheme preferences, the trace header it adds inside Lambda, and its
 * opt-in default socket timeout.
 */
export function stsRoute(env: Env, region: string): StsRoute {
  const s = notFromSharedFiles(env);
  const sdk = (why: string): StsRoute => ({ via: "sdk", why });
  if (s.useFipsEndpoint) return sdk("AWS_USE_FIPS_ENDPOINT");
  if (s.useDualstackEndpoint) return sdk("AWS_USE_DUALSTACK_ENDPOINT");
  if (s.retryMode !== "standard") return sdk("AWS_RETRY_MODE");
  if (s.authSchemePreference.length) return sdk("AWS_AUTH_SCHEME_PREFERENCE");
  if (s.sigv4aSigningRegionSet.length) return sdk("AWS_SIGV4A_SIGNING_REGION_SET");
  // The SDK reads these two from the environment itself (not through clientSettings).
  if (env.AWS_LAMBDA_FUNCTION_NAME) return sdk("AWS_LAMBDA_FUNCTION_NAME");
  if (env.AWS_ENABLE_DEFAULT_SOCKET_TIMEOUT_2026 !== undefined) return sdk("AWS_ENABLE_DEFAULT_SOCKET_TIMEOUT_2026");
  if (!COMMERCIAL_REGION.test(region)) return sdk("region");
  const endpoint = stsEndpoint(env);
  if (endpoint === undefined) return { via: "lean", url: `https://sts.${region}.amazonaws.com/` };
  let u: URL;
  try {
    u = new URL(endpoint);
  } catch {
    return sdk("endpoint");
  }
  if ((u.protocol !== "http:" && u.protocol !== "https:") || u.pathname !== "/" || u.search || u.hash || u.username || u.password) return sdk("endpoint");
  return { via: "lean", url: u.href };
}

/**
 * One SDK call under the whole-call deadline, with the "waiting for <endpoint>…" notice after 1 s.
 * Both ports go through here so STS and IAM behave alike.
 */
export function boundedSend<T>(t: HttpTimeouts, endpoint: string, waiting: ((line: string) => void | (() => void)) | undefined, send: (opts: { abortSignal: AbortSignal }) => Promise<T>): Promise<T> {
  const abortSignal = AbortSignal.timeout(t.totalMs);
  return noticeWhenSlow(() => send({ abortSignal }), waiting && (() => waiting(tr("sts.waitingFor", { endpoint }))));
}

/** What the attempts of one call met; the retry strategy reports only how the call ended. */
export interface Attempts {
  timedOut: boolean;
  last?: unknown;
}

/** One failed attempt, as every adapter records it. */
export function recordAttempt(seen: Attempts, e: unknown): void {
  if (isTimeout(e)) seen.timedOut = true;
  seen.last = e;
}

/** Records each attempt into `seen()`: inside the retry loop and above deserialisation, so it sees parsed errors. */
export function trackAttempts(client: { middlewareStack: { addRelativeTo(mw: never, opts: { relation: "after"; toMiddleware: string; name: string }): void } }, seen: () => Attempts): void {
  const attempts = (next: (args: never) => Promise<unknown>) => async (args: never) => {
    try {
      return await next(args);
    } catch (e) {
      recordAttempt(seen(), e);
      throw e;
    }
  };
  client.middlewareStack.addRelativeTo(attempts as never, { relation: "after", toMiddleware: "retryMiddleware", name: "awsmfaAttempts" });
}

/**
 * When the deadline cut off a call whose last attempt did get an answer (throttling, a 5xx during
 * back-off), that answer says more than "no answer".
 */
export function lastAnswer(e: unknown, seen: Attempts): unknown {
  return (e as { name?: string }).name === "AbortError" && seen.last !== undefined && !isTimeout(seen.last) ? seen.last : e;
}

export type StsAction = "GetSessionToken" | "GetCallerIdentity" | "AssumeRole";

/** An action's parameters as the Query API names them; undefined ones are left out. */
export type StsInput = Record<string, string | number | undefined>;

/** The fields awsmfa reads of an answer, shaped as the SDK returns them (the lean adapter too). */
export interface StsOutput {
  Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date };
  Account?: string;
  Arn?: string;
  UserId?: string;
}

/** What an adapter is given: where to send, how long to wait, and where each answer's Date goes. */
export interface WireSetup {
  env: Env;
  region: string;
  timeouts: HttpTimeouts;
  noteDate: (headers: Record<string, string | string[] | undefined> | undefined) => void;
}

/**
 * One STS action, retries included, as an adapter sends it. It records each attempt in `seen`
 * and fails as the SDK fails (what mapStsError reads), so everything above it is shared.
 */
export type StsWire = (creds: AwsCredentials, action: StsAction, input: StsInput, call: { seen: Attempts; abortSignal: AbortSignal }) => Promise<StsOutput>;

async function sdkWire(w: WireSetup & { endpoint: string | undefined }): Promise<StsWire> {
  const sdk = await import("@aws-sdk/client-sts");
  const commands = { GetSessionToken: sdk.GetSessionTokenCommand, GetCallerIdentity: sdk.GetCallerIdentityCommand, AssumeRole: sdk.AssumeRoleCommand };
  return async (creds, action, input, { seen, abortSignal }) => {
    const c = new sdk.STSClient(clientSettings(w.region, w.endpoint, creds, w.timeouts, w.env));
    // Remember the server's Date so a skew can be shown in numbers.
    c.middlewareStack.add(
      (next) => async (args) => {
        try {
          const out = await next(args);
          w.noteDate((out.response as { headers?: Record<string, string> }).headers);
          return out;
        } catch (e) {
          w.noteDate((e as { $response?: { headers?: Record<string, string> } }).$response?.headers);
          throw e;
        }
      },
      { step: "deserialize", name: "awsmfaServerDate", priority: "low" },
    );
    trackAttempts(c, () => seen);
    try {
      const Command = commands[action] as unknown as new (input: StsInput) => Parameters<typeof c.send>[0];
      return (await c.send(new Command(input), { abortSignal })) as StsOutput;
    } finally {
      c.destroy(); // no keep-alive socket may hold the process open after a timeout
    }
  };
}

export async function createSts(opts: StsOptions): Promise<StsPort> {
  const endpoint = stsEndpoint(opts.env);
  const region = sdkRegion(opts.env, opts.region);
  const shown = endpoint ?? `sts.${region}.amazonaws.com`;
  const timeouts = httpTimeouts(opts.env);
  let serverDateMs: number | undefined;
  let localAtResponse = 0;
  const noteDate = (headers: Record<string, string | string[] | undefined> | undefined) => {
    const d = headers?.date ?? headers?.Date;
    if (typeof d === "string") {
      serverDateMs = Date.parse(d);
      localAtResponse = Date.now();
    }
  };
  const setup: WireSetup = { env: opts.env, region, timeouts, noteDate };
  const route = opts.adapter === "sdk" ? undefined : stsRoute(opts.env, region);
  const wire = route?.via === "lean" ? (await import("./sts-lean.js")).leanWire({ ...setup, url: route.url }) : await sdkWire({ ...setup, endpoint });

  const skew = () => (serverDateMs === undefined ? undefined : localAtResponse - serverDateMs);
  const warnSkew = () => {
    const s = skew();
    if (s !== undefined && Math.abs(s) > SKEW_LIMIT_MS)
      opts.stderr?.write(tr("sts.clockWarning", { skew: describeSkew(s) }));
  };
  const call = async (creds: AwsCredentials, action: StsAction, input: StsInput, mfa?: { serial?: string; code?: string }): Promise<StsOutput> => {
    /** What happened to each attempt (a retry loop reports only how the call ended). */
    const seen: Attempts = { timedOut: false };
    try {
      const r = await boundedSend(timeouts, shown, opts.waiting, ({ abortSignal }) => wire(creds, action, input, { seen, abortSignal }));
      warnSkew();
      return r;
    } catch (e) {
      throw mapStsError(lastAnswer(e, seen), { endpoint: shown, serial: mfa?.serial, skewMs: skew(), timeouts, attemptTimedOut: seen.timedOut, codeSent: !!mfa?.code });
    }
  };
  const session = (c: StsOutput["Credentials"]): SessionCredentials => {
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration)
      throw new AwsMfaError("ServiceError", m("sts.stsAtShownReturned", { shown }));
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  };

  return {
    getSessionToken: async (key, req) =>
      session(
        (
          await call(key, "GetSessionToken", { SerialNumber: req.serialNumber, TokenCode: req.tokenCode, DurationSeconds: req.durationSeconds }, {
            serial: req.serialNumber,
            code: req.tokenCode,
          })
        ).Credentials,
      ),
    getCallerIdentity: async (creds) => {
      const out = await call(creds, "GetCallerIdentity", {});
      return { account: out.Account ?? "", arn: out.Arn ?? "", userId: out.UserId ?? "" };
    },
    assumeRole: async (creds, req) =>
      session(
        (
          await call(
            creds,
            "AssumeRole",
            {
              RoleArn: req.roleArn,
              RoleSessionName: req.roleSessionName,
              ExternalId: req.externalId,
              DurationSeconds: req.durationSeconds,
              SerialNumber: req.serialNumber,
              TokenCode: req.tokenCode,
            },
            { serial: req.serialNumber, code: req.tokenCode },
          )
        ).Credentials,
      ),
  };
}
