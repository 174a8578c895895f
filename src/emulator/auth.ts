import { expiredToken, incompleteSignature, invalidClientTokenId, signatureDoesNotMatch, type Service } from "./errors.js";
import { formatAmzDate, parseAmzDate, parseAuthorization, verifySignature, type IncomingSigned } from "./sigv4.js";
import type { EmulatorState, Principal } from "./state.js";

export interface AuthOptions {
  /** Epoch ms of the signing clock (see clock.ts). */
  signingNow: number;
  /** Epoch ms of the session clock. */
  sessionNow: number;
  /** Allowed skew between the request's X-Amz-Date and the signing clock. */
  skewWindowMs: number;
}

export interface Authenticated {
  principal: Principal;
  service: Service;
  region: string;
}

/**
 * Who signed this request, in the order AWS evaluates it: the key must exist and be active, the
 * timestamp must be within the window, the signature must match, and only then does a session's
 * expiry matter (an expired token with a bad signature is still a signature error).
 */
export function authenticate(state: EmulatorState, req: IncomingSigned, opts: AuthOptions): Authenticated {
  const auth = parseAuthorization(req.headers["authorization"]?.[0]);
  if (auth.service !== "sts" && auth.service !== "iam") {
    throw incompleteSignature(`Credential should be scoped to correct service: 'sts' or 'iam'. Credential service: '${auth.service}'`);
  }
  const service: Service = auth.service;

  const amzDateText = req.headers["x-amz-date"]?.[0];
  const amzDate = parseAmzDate(amzDateText);
  if (amzDate === undefined || !amzDateText) throw incompleteSignature("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (amzDateText.slice(0, 8) !== auth.date) {
    throw signatureDoesNotMatch(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDateText.slice(0, 8)}', from '${amzDateText}'.`);
  }

  const key = state.keys.get(auth.accessKeyId);
  const session = key ? undefined : state.sessions.get(auth.accessKeyId);
  if (key && (key.status !== "Active" || (key.activeFrom ?? 0) > opts.sessionNow)) throw invalidClientTokenId();
  if (!key && !session) throw invalidClientTokenId();
  // A session key is only valid together with the token it was issued with.
  const token = req.headers["x-amz-security-token"]?.[0];
  if (session && token !== session.token) throw invalidClientTokenId();
  if (key && token !== undefined) throw invalidClientTokenId();

  checkSkew(amzDate, amzDateText, opts);
  verifySignature(req, auth, amzDateText, key ? key.secret : session!.secret);

  if (session && opts.sessionNow >= session.expiresAt) throw expiredToken();
  const userName = key ? key.userName : session!.userName;
  const user = state.users.get(userName);
  if (!user) throw invalidClientTokenId(); // the user was deleted after the key was issued
  const principal: Principal = key ? { kind: "user", user, key } : { kind: "session", user, session: session! };
  return { principal, service, region: auth.region };
}

/** AWS's wording, e.g. `Signature expired: 20240101T000000Z is now earlier than 20240101T001000Z (20240101T001500Z - 5 min.)`. */
function checkSkew(amzDate: number, amzDateText: string, opts: AuthOptions): void {
  const minutes = Math.round(opts.skewWindowMs / 60_000);
  const now = opts.signingNow;
  if (amzDate < now - opts.skewWindowMs) {
    throw signatureDoesNotMatch(
      `Signature expired: ${amzDateText} is now earlier than ${formatAmzDate(now - opts.skewWindowMs)} (${formatAmzDate(now)} - ${minutes} min.)`,
    );
  }
  if (amzDate > now + opts.skewWindowMs) {
    throw signatureDoesNotMatch(
      `Signature not yet current: ${amzDateText} is still later than ${formatAmzDate(now + opts.skewWindowMs)} (${formatAmzDate(now)} + ${minutes} min.)`,
    );
  }
}
