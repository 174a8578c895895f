import { AwsMfaError } from "../core/errors.js";
import type { LongTermKey } from "../core/profile.js";
import type { SessionCredentials } from "../core/session.js";
import type { Env, Out } from "../world.js";

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
}

/** AWS_ENDPOINT_URL_STS beats AWS_ENDPOINT_URL, as in the SDKs and the CLI. */
export function stsEndpoint(env: Env): string | undefined {
  return env.AWS_ENDPOINT_URL_STS || env.AWS_ENDPOINT_URL || undefined;
}

const SKEW_LIMIT_MS = 5 * 60 * 1000;

/** Turns an SDK/network failure into a typed error; pure so it is table-tested. */
export function mapStsError(e: unknown, ctx: { endpoint: string; serial?: string; skewMs?: number; service?: "STS" | "IAM" }): AwsMfaError {
  const svc = ctx.service ?? "STS";
  const err = e as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  // The SDK names modeled errors `<Code>Exception`; AWS's code is the same without the suffix.
  const name = (err.name ?? "").replace(/Exception$/, "");
  const msg = (err.message ?? "").trim();
  const status = err.$metadata?.httpStatusCode;
  if (name === "AccessDenied") {
    if (msg.includes("invalid MFA one time pass code"))
      return new AwsMfaError("InvalidCode", "AWS rejected the MFA code: it is wrong, or it was already used", {
        hint: "wait for the next code (a new one appears every 30 seconds) and try again",
      });
    if (msg.includes("unable to validate MFA code"))
      return new AwsMfaError("WrongSerial", `AWS could not validate the MFA code for ${ctx.serial ?? "this device"}: the serial is wrong or not this user's`, {
        hint: "check mfa_serial in the config file ('aws iam list-mfa-devices' shows yours)",
      });
    return new AwsMfaError("AccessDenied", `AWS denied the request: ${msg}`);
  }
  if (name === "InvalidClientTokenId")
    return new AwsMfaError("InvalidClientTokenId", "AWS does not recognise the long-term access key: it was deleted or deactivated", {
      hint: "create a new access key in IAM and store it with 'awsmfa setup'",
    });
  if (name === "SignatureDoesNotMatch") {
    if (/Signature expired|not yet current/i.test(msg) || (ctx.skewMs !== undefined && Math.abs(ctx.skewMs) > SKEW_LIMIT_MS))
      return clockSkewError(ctx.skewMs);
    return new AwsMfaError("SignatureDoesNotMatch", "AWS rejected the request signature: the secret access key is wrong", {
      hint: "check aws_secret_access_key in the long-term section of the credentials file",
    });
  }
  if (name === "RequestTimeTooSkewed" || name === "InvalidSignature") return clockSkewError(ctx.skewMs);
  if (name === "ExpiredToken")
    return new AwsMfaError("ExpiredToken", "AWS says the security token is expired", { hint: "run 'awsmfa login --force'" });
  if (name === "ValidationError") return new AwsMfaError("BadFlag", `AWS rejected a parameter: ${msg}`);
  if (name === "Throttling" || name === "RequestLimitExceeded")
    return new AwsMfaError("Throttled", `AWS ${svc} is throttling requests at ${ctx.endpoint} (gave up after retries)`, { hint: "wait a minute and try again" });
  if (status !== undefined && status >= 500)
    return new AwsMfaError("ServiceError", `AWS ${svc} at ${ctx.endpoint} failed with HTTP ${status} (gave up after retries)`);
  const code = err.code ?? (e as { cause?: { code?: string } }).cause?.code;
  if (name === "TimeoutError" || code === "ETIMEDOUT" || code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ECONNRESET" || code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "EAI_AGAIN")
    return new AwsMfaError("Network", `cannot reach ${ctx.endpoint}: ${code ?? "timed out"}`, {
      hint: `check the network, a proxy, or AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_${svc}`,
    });
  if (status !== undefined) return new AwsMfaError("AccessDenied", `AWS ${svc} error ${name || status}: ${msg}`);
  return new AwsMfaError("Network", `request to ${ctx.endpoint} failed: ${msg || name}`);
}

function clockSkewError(skewMs: number | undefined): AwsMfaError {
  const how = skewMs === undefined ? "" : `: this machine's clock is ${describeSkew(skewMs)}`;
  return new AwsMfaError("ClockSkew", `AWS rejected the request because of clock skew over 5 minutes${how}`, {
    hint: "set the clock right (enable NTP, e.g. 'timedatectl set-ntp true') — TOTP codes depend on it too",
  });
}

/** "7 min ahead of AWS" when our clock is later than the server's. skewMs = local − server. */
export function describeSkew(skewMs: number): string {
  const min = Math.round(Math.abs(skewMs) / 60000);
  return `${min} min ${skewMs > 0 ? "ahead of" : "behind"} AWS`;
}

/**
 * Settings both SDK clients share. Standard retry mode backs off on throttling and 5xx; 4 attempts
 * and these timeouts keep a bad day under ~10 s before the error names the endpoint.
 */
/** The profile's region, else the environment's, else us-east-1. */
export const sdkRegion = (env: Env, region: string | undefined) => region || env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1";

export function clientSettings(region: string, endpoint: string | undefined, credentials: AwsCredentials, env: Env = {}) {
  return {
    region,
    endpoint,
    credentials,
    maxAttempts: 4,
    requestHandler: { connectionTimeout: 5000, requestTimeout: 15000 },
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

export async function createSts(opts: StsOptions): Promise<StsPort> {
  const sdk = await import("@aws-sdk/client-sts");
  const endpoint = stsEndpoint(opts.env);
  const region = sdkRegion(opts.env, opts.region);
  const shown = endpoint ?? `sts.${region}.amazonaws.com`;
  let serverDateMs: number | undefined;
  let localAtResponse = 0;

  const client = (creds: AwsCredentials) => {
    const c = new sdk.STSClient(clientSettings(region, endpoint, creds, opts.env));
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
      opts.stderr?.write(`awsmfa: warning: this machine's clock is ${describeSkew(s)}; fix it (NTP) or MFA codes may fail\n`);
  };
  const call = async <T>(fn: () => Promise<T>, serial?: string): Promise<T> => {
    try {
      const r = await fn();
      warnSkew();
      return r;
    } catch (e) {
      throw mapStsError(e, { endpoint: shown, serial, skewMs: skew() });
    }
  };
  const session = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } | undefined): SessionCredentials => {
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration)
      throw new AwsMfaError("ServiceError", `STS at ${shown} returned no credentials`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  };

  return {
    getSessionToken: (key, req) =>
      call(async () => {
        const out = await client(key).send(
          new sdk.GetSessionTokenCommand({ SerialNumber: req.serialNumber, TokenCode: req.tokenCode, DurationSeconds: req.durationSeconds }),
        );
        return session(out.Credentials);
      }, req.serialNumber),
    getCallerIdentity: (creds) =>
      call(async () => {
        const out = await client(creds).send(new sdk.GetCallerIdentityCommand({}));
        return { account: out.Account ?? "", arn: out.Arn ?? "", userId: out.UserId ?? "" };
      }),
    assumeRole: (creds, req) =>
      call(async () => {
        const out = await client(creds).send(
          new sdk.AssumeRoleCommand({
            RoleArn: req.roleArn,
            RoleSessionName: req.roleSessionName,
            ExternalId: req.externalId,
            DurationSeconds: req.durationSeconds,
            SerialNumber: req.serialNumber,
            TokenCode: req.tokenCode,
          }),
        );
        return session(out.Credentials);
      }, req.serialNumber),
  };
}
