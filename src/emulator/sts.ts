import {
  accessDenied,
  invalidMfaCode,
  sessionCredsForGetSessionToken,
  validation,
  wrongSerial,
} from "./errors.js";
import { acceptCode } from "./mfa.js";
import { DIGITS, intInRange, requiredShaped, SERIAL, SESSION_NAME, shaped, type Params } from "./params.js";
import { randomId, randomSecret, randomToken, type EmulatorState, type Principal, type Session } from "./state.js";
import type { XmlValue } from "./xml.js";

// STS actions. Each returns the Result element's content; the server wraps it.

export interface ActionContext {
  state: EmulatorState;
  principal: Principal;
  params: Params;
  /** Session clock, epoch ms: issued sessions expire against it. */
  sessionNow: number;
  /** Base clock, epoch ms: TOTP codes are checked against it. */
  totpNow: number;
  allowCodeReuse: boolean;
  /** See Switches.keyActivationSeconds. */
  keyActivationSeconds?: number;
}

export type ActionResult = Record<string, XmlValue> | undefined;

/** AWS prints credentials' expiry without milliseconds. */
export const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** The caller's ARN as IAM policies and error messages name it. */
export function callerArn(state: EmulatorState, p: Principal): string {
  if (p.kind === "session" && p.session.role) return `arn:aws:sts::${state.account}:assumed-role/${p.session.role.name}/${p.session.role.sessionName}`;
  return p.user.arn;
}

/** Validates SerialNumber + TokenCode for the caller; true when MFA was presented and passed. */
function checkMfa(ctx: ActionContext): boolean {
  const serial = shaped(ctx.params, "SerialNumber", 9, 256, SERIAL);
  const code = shaped(ctx.params, "TokenCode", 6, 6, DIGITS);
  if (serial === undefined && code === undefined) return false;
  if (serial === undefined) throw wrongSerial();
  if (code === undefined) throw invalidMfaCode();
  const dev = ctx.state.devices.get(serial);
  if (!dev || dev.userName !== ctx.principal.user.name) throw wrongSerial();
  if (!acceptCode(dev, code, { nowMs: ctx.totpNow, allowReuse: ctx.allowCodeReuse })) throw invalidMfaCode();
  return true;
}

function issue(ctx: ActionContext, seconds: number, fields: Omit<Session, "accessKeyId" | "secret" | "token" | "expiresAt">): Session {
  const s: Session = { accessKeyId: randomId("ASIA"), secret: randomSecret(), token: randomToken(), expiresAt: ctx.sessionNow + seconds * 1000, ...fields };
  ctx.state.sessions.set(s.accessKeyId, s);
  return s;
}

const credentialsXml = (s: Session) => ({
  AccessKeyId: s.accessKeyId,
  SecretAccessKey: s.secret,
  SessionToken: s.token,
  Expiration: isoSeconds(s.expiresAt),
});

export function getSessionToken(ctx: ActionContext): ActionResult {
  // AWS refuses before looking at the parameters: only long-term keys may call it.
  if (ctx.principal.kind === "session") throw sessionCredsForGetSessionToken();
  const duration = intInRange(ctx.params, "DurationSeconds", 900, 129600) ?? 43200;
  const mfa = checkMfa(ctx);
  const s = issue(ctx, duration, { userName: ctx.principal.user.name, kind: "session", mfa });
  return { Credentials: credentialsXml(s) };
}

export function getCallerIdentity(ctx: ActionContext): ActionResult {
  const p = ctx.principal;
  const role = p.kind === "session" ? p.session.role : undefined;
  return {
    UserId: role ? `${role.roleId}:${role.sessionName}` : p.user.userId,
    Account: ctx.state.account,
    Arn: callerArn(ctx.state, p),
  };
}

export function assumeRole(ctx: ActionContext): ActionResult {
  const roleArn = requiredShaped(ctx.params, "RoleArn", 20, 2048);
  const sessionName = requiredShaped(ctx.params, "RoleSessionName", 2, 64, SESSION_NAME);
  const externalId = shaped(ctx.params, "ExternalId", 2, 1224, { re: /^[\w+=,.@:/-]*$/, text: "[\\w+=,.@:\\/-]*" });
  const requested = intInRange(ctx.params, "DurationSeconds", 900, 43200);
  const duration = requested ?? 3600;
  const chained = ctx.principal.kind === "session";

  const denied = () => accessDenied(`User: ${callerArn(ctx.state, ctx.principal)} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
  const role = ctx.state.roles.get(roleArn);
  if (!role) throw denied();
  if (role.externalId !== undefined && role.externalId !== externalId) throw denied();

  // MFA counts when the caller's own session was MFA-authenticated, or a code comes with this call.
  const inheritedMfa = ctx.principal.kind === "session" && ctx.principal.session.mfa;
  const presentedMfa = checkMfa(ctx);
  const mfa = inheritedMfa || presentedMfa;
  if (role.requireMfa && !mfa) throw denied();

  if (chained && duration > 3600) {
    throw validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
  }
  if (duration > role.maxSessionDuration) throw validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");

  const s = issue(ctx, duration, {
    userName: ctx.principal.user.name,
    kind: "role",
    mfa,
    role: { arn: role.arn, name: role.name, roleId: role.roleId, sessionName },
  });
  return {
    Credentials: credentialsXml(s),
    AssumedRoleUser: {
      AssumedRoleId: `${role.roleId}:${sessionName}`,
      Arn: `arn:aws:sts::${ctx.state.account}:assumed-role/${role.name}/${sessionName}`,
    },
  };
}
