import { envMilliseconds } from "../core/duration.js";
import { AwsMfaError, msg as m, type Msg } from "../core/errors.js";
import { t as tr } from "../i18n/index.js";
import type { LongTermKey } from "../core/profile.js";
import type { SessionCredentials } from "../core/session.js";
import type { Env, Out } from "../world.js";
import { noticeWhenSlow } from "./slow.js";

// The STS port. The real adapter imports @aws-sdk/client-sts lazily so the warm paths of the CLI
// never pay for it; tests of branching logic pass an in-memory fake with the same shape.

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
function notFromSharedFiles(env: Env) {
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

/** Records each attempt into `seen()`: inside the retry loop and above deserialisation, so it sees parsed errors. */
export function trackAttempts(client: { middlewareStack: { addRelativeTo(mw: never, opts: { relation: "after"; toMiddleware: string; name: string }): void } }, seen: () => Attempts): void {
  const attempts = (next: (args: never) => Promise<unknown>) => async (args: never) => {
    try {
      return await next(args);
    } catch (e) {
      if (isTimeout(e)) seen().timedOut = true;
      seen().last = e;
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

export async function createSts(opts: StsOptions): Promise<StsPort> {
  const sdk = await import("@aws-sdk/client-sts");
  const endpoint = stsEndpoint(opts.env);
  const region = sdkRegion(opts.env, opts.region);
  const shown = endpoint ?? `sts.${region}.amazonaws.com`;
  const timeouts = httpTimeouts(opts.env);
  let serverDateMs: number | undefined;
  let localAtResponse = 0;

  /** `seen` records what happened to each attempt (the retry strategy hides all but the last). */
  const client = (creds: AwsCredentials, seen: Attempts) => {
    const c = new sdk.STSClient(clientSettings(region, endpoint, creds, timeouts, opts.env));
    // Remember the server's Date so a skew can be shown in numbers.
    c.middlewareStack.add(
      (next) => async (args) => {
        try {
          const out = await next(args);
          noteDate((out.response as { headers?: Record<string, string> }).headers);
          return out;
        } catch (e) {
          noteDate((e as { $response?: { headers?: Record<string, string> } }).$response?.headers);
          throw e;
        }
      },
      { step: "deserialize", name: "awsmfaServerDate", priority: "low" },
    );
    trackAttempts(c, () => seen);
    return c;
  };
  const noteDate = (headers: Record<string, string> | undefined) => {
    const d = headers?.date ?? headers?.Date;
    if (d) {
      serverDateMs = Date.parse(d);
      localAtResponse = Date.now();
    }
  };
  const skew = () => (serverDateMs === undefined ? undefined : localAtResponse - serverDateMs);
  const warnSkew = () => {
    const s = skew();
    if (s !== undefined && Math.abs(s) > SKEW_LIMIT_MS)
      opts.stderr?.write(tr("sts.clockWarning", { skew: describeSkew(s) }));
  };
  const call = async <T>(
    creds: AwsCredentials,
    fn: (c: InstanceType<typeof sdk.STSClient>, send: { abortSignal: AbortSignal }) => Promise<T>,
    mfa?: { serial?: string; code?: string },
  ): Promise<T> => {
    const seen: Attempts = { timedOut: false };
    const c = client(creds, seen);
    try {
      const r = await boundedSend(timeouts, shown, opts.waiting, (send) => fn(c, send));
      warnSkew();
      return r;
    } catch (e) {
      throw mapStsError(lastAnswer(e, seen), { endpoint: shown, serial: mfa?.serial, skewMs: skew(), timeouts, attemptTimedOut: seen.timedOut, codeSent: !!mfa?.code });
    } finally {
      c.destroy(); // no keep-alive socket may hold the process open after a timeout
    }
  };
  const session = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } | undefined): SessionCredentials => {
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration)
      throw new AwsMfaError("ServiceError", m("sts.stsAtShownReturned", { shown }));
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  };

  return {
    getSessionToken: (key, req) =>
      call(
        key,
        async (c, send) => {
          const out = await c.send(
            new sdk.GetSessionTokenCommand({ SerialNumber: req.serialNumber, TokenCode: req.tokenCode, DurationSeconds: req.durationSeconds }),
            send,
          );
          return session(out.Credentials);
        },
        { serial: req.serialNumber, code: req.tokenCode },
      ),
    getCallerIdentity: (creds) =>
      call(creds, async (c, send) => {
        const out = await c.send(new sdk.GetCallerIdentityCommand({}), send);
        return { account: out.Account ?? "", arn: out.Arn ?? "", userId: out.UserId ?? "" };
      }),
    assumeRole: (creds, req) =>
      call(
        creds,
        async (c, send) => {
          const out = await c.send(
            new sdk.AssumeRoleCommand({
              RoleArn: req.roleArn,
              RoleSessionName: req.roleSessionName,
              ExternalId: req.externalId,
              DurationSeconds: req.durationSeconds,
              SerialNumber: req.serialNumber,
              TokenCode: req.tokenCode,
            }),
            send,
          );
          return session(out.Credentials);
        },
        { serial: req.serialNumber, code: req.tokenCode },
      ),
  };
}
