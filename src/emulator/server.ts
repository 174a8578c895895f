import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { authenticate } from "./auth.js";
import type { Clocks } from "./clock.js";
import { AwsError, internalFailure, invalidAction, throttling, type Service } from "./errors.js";
import { IAM_ACTIONS } from "./iam.js";
import type { DemoIdentity } from "./identity.js";
import type { IncomingSigned } from "./sigv4.js";
import type { EmulatorState } from "./state.js";
import { assumeRole, getCallerIdentity, getSessionToken, type ActionContext, type ActionResult } from "./sts.js";
import { errorXml, successXml, VERSION } from "./xml.js";

// The HTTP front: admin endpoints for tests, then the AWS query protocol. One port serves both STS
// and IAM; the SigV4 credential scope says which service a request is for, exactly as the real
// endpoints would differ by host.

export interface Switches {
  /** The next N AWS requests get 400 Throttling. */
  throttle: number;
  /** The next N AWS requests get 500 InternalFailure. */
  fail500: number;
  /** Added before answering each AWS request. */
  latencyMs: number;
  /** AWS requests are read (and counted) but never answered: a hung endpoint or a swallowing proxy. */
  hang: boolean;
  /** The next N AWS requests are carried out (a code is used up, a session issued) but never answered: a lost response. */
  dropAnswers: number;
  /** Benchmarks only: accept a TOTP step more than once. */
  allowCodeReuse: boolean;
  /** Moves the session clock: issued sessions expire against real time + this. */
  clockOffsetSeconds: number;
  /** Moves the signing clock: simulates a client clock that is off by -this. */
  skewSeconds: number;
  /** Moves the clock TOTP codes are checked against (tests only; see Emulator.nextCode). */
  totpOffsetSeconds: number;
  /** A key made by CreateAccessKey is refused (InvalidClientTokenId) this long, as AWS's take a few seconds. */
  keyActivationSeconds: number;
}

export const defaultSwitches = (): Switches => ({
  throttle: 0,
  fail500: 0,
  latencyMs: 0,
  hang: false,
  dropAnswers: 0,
  allowCodeReuse: false,
  clockOffsetSeconds: 0,
  skewSeconds: 0,
  totpOffsetSeconds: 0,
  keyActivationSeconds: 0,
});

type Handler = (ctx: ActionContext) => ActionResult | Promise<ActionResult>;

const STS_ACTIONS: Record<string, Handler> = {
  GetSessionToken: getSessionToken,
  GetCallerIdentity: getCallerIdentity,
  AssumeRole: assumeRole,
};

const ACTIONS: Record<Service, Record<string, Handler>> = { sts: STS_ACTIONS, iam: IAM_ACTIONS };

export interface ServerDeps {
  state: EmulatorState;
  clocks: Clocks;
  switches: Switches;
  counters: Record<string, number>;
  identity: DemoIdentity;
  skewWindowMs: number;
  /** See Emulator.nextCode. */
  nextCode: (serial: string) => string;
  /** Unexpected exceptions (emulator bugs) go here; they answer 500 InternalFailure. */
  onInternalError?: (e: unknown) => void;
}

const MAX_BODY = 1 << 20;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new AwsError(413, "RequestEntityTooLarge", "Request body too large");
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

export function createEmulatorServer(deps: ServerDeps): Server {
  return createServer((req, res) => {
    handle(deps, req, res).catch((e) => {
      deps.onInternalError?.(e);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? "/";
  if (url.startsWith("/__emulator/")) return admin(deps, req, res, url);
  const requestId = randomUUID();
  let service: Service = "sts";
  try {
    const body = await readBody(req);
    const params = collectParams(url, req, body);
    const action = params.get("Action");
    service = guessService(req.headers.authorization, action);
    if (action) deps.counters[action] = (deps.counters[action] ?? 0) + 1;
    if (deps.switches.hang) return; // the socket stays open until the client gives up
    if (deps.switches.latencyMs > 0) await new Promise((r) => setTimeout(r, deps.switches.latencyMs));
    if (deps.switches.fail500 > 0) {
      deps.switches.fail500--;
      throw internalFailure();
    }
    if (deps.switches.throttle > 0) {
      deps.switches.throttle--;
      throw throttling();
    }
    const signed: IncomingSigned = { method: req.method ?? "GET", url, headers: req.headersDistinct, body };
    const authn = authenticate(deps.state, signed, {
      signingNow: deps.clocks.signing(),
      sessionNow: deps.clocks.session(),
      skewWindowMs: deps.skewWindowMs,
    });
    service = authn.service;
    if (!action) throw new AwsError(400, "MissingAction", "Missing Action");
    const handler = Object.hasOwn(ACTIONS[service], action) ? ACTIONS[service][action] : undefined;
    if (!handler) throw invalidAction(action, params.get("Version") ?? VERSION[service]);
    const result = await handler({
      state: deps.state,
      principal: authn.principal,
      params,
      sessionNow: deps.clocks.session(),
      totpNow: deps.clocks.totp(),
      allowCodeReuse: deps.switches.allowCodeReuse,
      keyActivationSeconds: deps.switches.keyActivationSeconds,
    });
    if (deps.switches.dropAnswers > 0) {
      deps.switches.dropAnswers--;
      return;
    }
    send(res, 200, requestId, successXml(service, action, result, requestId), deps.clocks.signing());
  } catch (e) {
    let err: AwsError;
    if (e instanceof AwsError) err = e;
    else {
      deps.onInternalError?.(e);
      err = internalFailure();
    }
    send(res, err.status, requestId, errorXml(service, err, requestId), deps.clocks.signing());
  }
}

/** `date` is the signing clock: SDKs read the Date header to correct their own skew, as with AWS. */
function send(res: ServerResponse, status: number, requestId: string, xml: string, date: number): void {
  res.writeHead(status, {
    "Content-Type": "text/xml",
    "x-amzn-RequestId": requestId,
    "Content-Length": Buffer.byteLength(xml),
    Date: new Date(date).toUTCString(),
  });
  res.end(xml);
}

/** Query-string parameters, then the form body on top (the query protocol accepts both). */
function collectParams(url: string, req: IncomingMessage, body: Buffer): Map<string, string> {
  const params = new Map<string, string>();
  const q = url.indexOf("?");
  if (q !== -1) for (const [k, v] of new URLSearchParams(url.slice(q + 1))) params.set(k, v);
  const type = req.headers["content-type"] ?? "";
  if (body.length > 0 && (type === "" || type.startsWith("application/x-www-form-urlencoded"))) {
    for (const [k, v] of new URLSearchParams(body.toString("utf8"))) params.set(k, v);
  }
  return params;
}

/** Which namespace an error is reported in before (or without) a valid signature. */
function guessService(authorization: string | undefined, action: string | undefined): Service {
  const m = authorization ? /Credential=[^/]+\/\d{8}\/[^/]+\/(sts|iam)\//.exec(authorization) : null;
  if (m) return m[1] as Service;
  return action !== undefined && Object.hasOwn(IAM_ACTIONS, action) ? "iam" : "sts";
}

// ---- admin API (tests in other processes use it; never reachable from AWS clients' paths) ----

async function admin(deps: ServerDeps, req: IncomingMessage, res: ServerResponse, url: string): Promise<void> {
  const path = url.split("?")[0];
  const json = (status: number, value: unknown) => {
    const text = JSON.stringify(value);
    res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) }).end(text);
  };
  const method = req.method ?? "GET";
  if (method === "GET" && path === "/__emulator/counters") return json(200, deps.counters);
  if (method === "GET" && path === "/__emulator/identity") return json(200, deps.identity);
  if (method === "GET" && path === "/__emulator/switches") return json(200, deps.switches);
  if (method === "GET" && path === "/__emulator/sessions") return json(200, listSessions(deps));
  if (method === "GET" && path === "/__emulator/code") {
    const serial = new URLSearchParams(url.split("?")[1] ?? "").get("serial") ?? deps.identity.mfaSerial;
    try {
      return json(200, { serial, code: deps.nextCode(serial) });
    } catch (e) {
      return json(404, { error: e instanceof Error ? e.message : String(e) });
    }
  }
  if (method === "POST" && path === "/__emulator/reset") {
    for (const k of Object.keys(deps.counters)) delete deps.counters[k];
    return json(200, deps.counters);
  }
  if (method === "POST" && path === "/__emulator/revoke") {
    try {
      return json(200, { revoked: revokeSessions(deps, JSON.parse((await readBody(req)).toString("utf8") || "{}")) });
    } catch (e) {
      return json(400, { error: e instanceof Error ? e.message : String(e) });
    }
  }
  if (method === "POST" && path === "/__emulator/switches") {
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req)).toString("utf8") || "{}");
      applySwitches(deps.switches, body);
    } catch (e) {
      return json(400, { error: e instanceof Error ? e.message : String(e) });
    }
    return json(200, deps.switches);
  }
  return json(404, { error: `unknown admin endpoint ${method} ${path}` });
}

/** Validates and merges a partial switch object; unknown keys or wrong types are errors, not silently ignored. */
export function applySwitches(target: Switches, patch: unknown): void {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) throw new Error("switches must be a JSON object");
  const defaults = defaultSwitches();
  for (const [k, v] of Object.entries(patch)) {
    if (!Object.hasOwn(defaults, k)) throw new Error(`unknown switch '${k}'`);
    const key = k as keyof Switches;
    if (typeof v !== typeof defaults[key]) throw new Error(`switch '${k}' must be a ${typeof defaults[key]}`);
    if (typeof v === "number" && !Number.isFinite(v)) throw new Error(`switch '${k}' must be finite`);
    (target as unknown as Record<string, unknown>)[key] = v;
  }
}

export interface RevokeRequest {
  /** One session (ASIA…); all sessions when absent. */
  accessKeyId?: string;
  /** What AWS answers afterwards: ExpiredToken (the session ends now) or InvalidClientTokenId (it is gone; default). */
  as?: "ExpiredToken" | "InvalidClientTokenId";
}

/** Ends sessions before their time, as an administrator at AWS can; returns how many. */
export function revokeSessions(deps: Pick<ServerDeps, "state" | "clocks">, req: unknown): number {
  if (typeof req !== "object" || req === null || Array.isArray(req)) throw new Error("revoke takes a JSON object");
  const { accessKeyId, as = "InvalidClientTokenId", ...rest } = req as RevokeRequest;
  if (Object.keys(rest).length) throw new Error(`unknown revoke field '${Object.keys(rest)[0]}'`);
  if (as !== "ExpiredToken" && as !== "InvalidClientTokenId") throw new Error("'as' must be ExpiredToken or InvalidClientTokenId");
  if (accessKeyId !== undefined && typeof accessKeyId !== "string") throw new Error("'accessKeyId' must be a string");
  let n = 0;
  for (const s of [...deps.state.sessions.values()]) {
    if (accessKeyId !== undefined && s.accessKeyId !== accessKeyId) continue;
    if (as === "ExpiredToken") s.expiresAt = Math.min(s.expiresAt, deps.clocks.session() - 1000);
    else deps.state.sessions.delete(s.accessKeyId);
    n++;
  }
  return n;
}

/** Issued sessions without their secrets: tests check expiry and whether MFA was used. */
export function listSessions(deps: Pick<ServerDeps, "state">) {
  return [...deps.state.sessions.values()].map((s) => ({
    accessKeyId: s.accessKeyId,
    kind: s.kind,
    userName: s.userName,
    mfa: s.mfa,
    expiration: new Date(s.expiresAt).toISOString(),
    roleArn: s.role?.arn,
    roleSessionName: s.role?.sessionName,
  }));
}
