import { mfaSourceName } from "./resolve.js";
import { printable } from "./printable.js";
import { AwsMfaError, isAwsMfaError } from "./errors.js";
import { configSectionName, longTermSectionFor, readLongTermKey, type IniReader } from "./profile.js";
import { sessionState } from "./session.js";
import { humanDuration } from "./duration.js";
import type { Env } from "../world.js";
import { t as tr } from "../i18n/index.js";

// `awsmfa doctor`: every check is a pure function from facts gathered by the command (files,
// modes, versions, a measured clock offset) to rows of pass/warn/fail/skip, each with a one-line
// fix. Nothing here reads a file, the clock or the network, so each branch is table-tested.

export type CheckStatus = "pass" | "warn" | "fail" | "skip";

export interface Check {
  /** Stable kind of check; several rows may share one (one per profile, one per path). */
  id: string;
  status: CheckStatus;
  message: string;
  /** One line that repairs it; null when there is nothing to do. */
  fix: string | null;
}

const row = (id: string, status: CheckStatus, message: string, fix: string | null = null): Check => ({ id, status, message, fix });

// ---------------------------------------------------------------------------------------------
// The profiles doctor looks at. Kept small and in this one place on purpose: the shared profile
// resolver (issue 9) replaces it, and nothing else in doctor walks role → source → serial.

export interface DoctorProfile {
  name: string;
  /** process: credential_process; role: role_arn without credential_process; file: the session sits in [P]. */
  mode: "file" | "process" | "role";
  /** The profile holding mfa_serial and owning the long-term key (the profile itself, or its source_profile). */
  mfaSource?: string;
  serial?: string;
  /** awsmfa_source of mfaSource, as written (validated by checkKeySources). */
  keySource?: string;
  region?: string;
}

const val = (doc: IniReader, section: string, key: string) => doc.get(section, key)?.trim() || undefined;

/**
 * A tolerant view of a profile: doctor must describe a half-written profile that the resolver
 * (core/resolve.ts) would refuse, so it only borrows the resolver's rule for the MFA source.
 */
export function doctorProfile(config: IniReader, name: string): DoctorProfile {
  const roleArn = val(config, name, "role_arn");
  const mfaSource = mfaSourceName(config, name);
  const serial = val(config, mfaSource, "mfa_serial");
  return {
    name,
    mode: val(config, name, "credential_process") ? "process" : roleArn ? "role" : "file",
    ...(serial ? { mfaSource, serial, keySource: val(config, mfaSource, "awsmfa_source") ?? "credentials" } : {}),
    region: val(config, name, "region") ?? (mfaSource !== name ? val(config, mfaSource, "region") : undefined),
  };
}

/**
 * --profile P alone; otherwise every profile awsmfa could be serving (an mfa_serial, a
 * credential_process, or a role on an MFA profile) plus the active one the CLI would pick.
 */
export function profilesInScope(config: IniReader, flag: string | undefined, active: string): string[] {
  if (flag) return [flag];
  const names = config.profiles().filter((p) => {
    const d = doctorProfile(config, p);
    return d.serial !== undefined || d.mode === "process";
  });
  if (config.has(active) && !names.includes(active)) names.unshift(active);
  return names;
}

// ---------------------------------------------------------------------------------------------
// Static keys in [P] of the credentials file beat the profile's credential_process.

export function checkStaticKeys(config: IniReader, creds: IniReader, profiles: readonly string[], files: { config: string; credentials: string }): Check[] {
  const out: Check[] = [];
  for (const p of profiles) {
    if (!val(config, p, "credential_process")) continue;
    const id = val(creds, p, "aws_access_key_id");
    if (!id) {
      out.push(row("static-keys", "pass", tr("doctor.pCredentialProcessIs", { p, credentials: files.credentials })));
      continue;
    }
    const longTerm = /^AKIA/.test(id);
    out.push(
      row(
        "static-keys",
        "fail",
        tr(longTerm ? "doctor.pPInCredentials" : "doctor.pPInCredentialsStatic", { p, credentials: files.credentials }),
        longTerm
          ? tr("doctor.fixSetupMoves", { p, section: longTermSectionFor(p) })
          : tr("doctor.fixLogout", { p }),
      ),
    );
  }
  if (!out.length) out.push(row("static-keys", "pass", tr("doctor.noProfileInScope")));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Keys in the environment beat AWS_PROFILE, in the CLI and in every SDK.

export function checkEnvKeys(env: Env, profile: string, now: Date): Check {
  const set = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"].filter((v) => !!env[v]);
  if (!env.AWS_ACCESS_KEY_ID && !env.AWS_SECRET_ACCESS_KEY)
    return row("env-keys", "pass", tr(set.length ? "doctor.tokenAlone" : "doctor.noEnvKeys"));
  const unset = `unset ${set.join(" ")}${env.AWS_CREDENTIAL_EXPIRATION ? " AWS_CREDENTIAL_EXPIRATION" : ""}`;
  // awsmfa exec/env put a whole session there on purpose, with its expiry and AWSMFA_PROFILE (the
  // hook sets AWSMFA_PROFILE too, but never keys: a key without a token and an expiry is not ours).
  const ours = env.AWSMFA_EXEC || env.AWSMFA_PROFILE;
  const expires = env.AWS_CREDENTIAL_EXPIRATION ? new Date(env.AWS_CREDENTIAL_EXPIRATION) : undefined;
  if (ours && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY && env.AWS_SESSION_TOKEN && expires && !Number.isNaN(expires.getTime())) {
    const again = env.AWSMFA_EXEC ? tr("doctor.exitExecAgain") : `eval "$(awsmfa env --profile ${ours})"`;
    if (expires.getTime() <= now.getTime())
      return row("env-keys", "fail", tr("doctor.theSessionForOurs", { ours, value: expires.toISOString() }), again);
    return row("env-keys", "warn", tr("doctor.awsAccessKeyId", { ours }), env.AWSMFA_EXEC ? tr("doctor.exitExec") : unset);
  }
  return row("env-keys", "fail", tr(set.length > 1 ? "doctor.envKeysSetMany" : "doctor.envKeysSetOne", { vars: set.join(", "), profile }), unset);
}

// ---------------------------------------------------------------------------------------------
// AWS_PROFILE vs AWS_DEFAULT_PROFILE. botocore (AWS CLI v1 and v2, boto3) reads AWS_DEFAULT_PROFILE
// first; the JS SDK reads only AWS_PROFILE. When they differ, two tools use two profiles.

export function checkProfileVars(env: Env, knownProfiles: readonly string[], files: { config: string }, flag?: string): Check[] {
  const p = env.AWS_PROFILE || undefined;
  const d = env.AWS_DEFAULT_PROFILE || undefined;
  const out: Check[] = [];
  if (p && d && p !== d)
    out.push(row("profile-vars", "fail", tr("doctor.awsProfilePBut", { p, d }), tr("doctor.exportAwsDefaultProfile", { p })));
  else if (d && !p)
    out.push(row("profile-vars", "warn", tr("doctor.awsDefaultProfileD", { d }), tr("doctor.exportAwsProfileD", { d })));
  if (flag && flag !== "default" && !knownProfiles.includes(flag))
    out.push(row("profile-vars", "fail", tr("doctor.profileFlagNamesA", { flag }), tr("doctor.addFlagToConfig", { flag: configSectionName(flag), config: files.config, flag2: flag })));
  for (const [name, v] of [["AWS_PROFILE", p], ["AWS_DEFAULT_PROFILE", d]] as const)
    if (v && v !== "default" && !knownProfiles.includes(v))
      out.push(row("profile-vars", "fail", tr("doctor.nameVNamesA", { name, v }), tr("doctor.addVToConfig", { v: configSectionName(v), config: files.config, name })));
  if (!out.length) out.push(row("profile-vars", "pass", p ? (d ? tr("doctor.profileVarsAgree", { p }) : `AWS_PROFILE=${p}`) : tr("doctor.noProfileVar")));
  return out;
}

// ---------------------------------------------------------------------------------------------
// File and folder modes.

export interface PathFacts {
  /** What it is to the user: credentials, config, cache, key store. */
  role: "credentials" | "config" | "cache" | "key store";
  path: string;
  /** undefined when it does not exist. */
  mode?: number;
  isDir?: boolean;
  /** Owner of the path, and of HOME: a cache left by `sudo awsmfa …` belongs to root and fails later. */
  uid?: number;
  homeUid?: number;
  /** Files inside (cache sessions, key store files) that others can read or write, with their modes. */
  looseChildren?: Array<{ path: string; mode: number }>;
}

const octal = (m: number) => (m & 0o777).toString(8).padStart(3, "0");

export function checkModes(paths: readonly PathFacts[], platform: NodeJS.Platform): Check[] {
  // Windows has ACLs, not mode bits: what stat reports there says nothing about other users.
  if (platform === "win32") return [row("file-modes", "skip", tr("doctor.modeBitsMeanNothing"))];
  return paths.map((f) => {
    if (f.mode === undefined) {
      // awsmfa creates its own folders on first use; the AWS files come from the user (or setup).
      if (f.role === "cache" || f.role === "key store") return row("file-modes", "pass", tr("doctor.rolePathDoesNot", { role: f.role, path: f.path }));
      return row("file-modes", "warn", tr("doctor.rolePathDoesNot2", { role: f.role, path: f.path }), f.role === "config" ? tr("doctor.fixSetupCreates") : tr("doctor.fixConfigureSetup"));
    }
    const want = f.isDir ? 0o700 : 0o600;
    const secret = f.role !== "config";
    const others = f.mode & 0o007;
    const group = f.mode & 0o070;
    const child = f.looseChildren?.[0];
    if (others & 0o002 || (f.role === "config" && group & 0o020))
      // A config others can edit can run any command as this user (credential_process, mfa_process).
      return row("file-modes", "fail", tr("doctor.rolePathModeMode", { role: f.role, path: f.path, mode: octal(f.mode) }), tr("doctor.chmodWantPath", { want: octal(want), path: f.path }));
    if (secret && others)
      return row("file-modes", "fail", tr("doctor.rolePathModeMode2", { role: f.role, path: f.path, mode: octal(f.mode) }), tr("doctor.chmodWantPath", { want: octal(want), path: f.path }));
    if (f.uid !== undefined && f.homeUid !== undefined && f.uid !== f.homeUid)
      return row("file-modes", "fail", tr("doctor.rolePathOwnedBy", { role: f.role, path: f.path, uid: f.uid, homeUid: f.homeUid }), tr("doctor.sudoChownRHomeuid", { homeUid: f.homeUid, path: f.path }));
    if (child) return row("file-modes", "fail", tr(child.mode & 0o007 ? "doctor.rolePathModeMode2" : "doctor.rolePathModeMode4", { role: f.role, path: child.path, mode: octal(child.mode) }), tr("doctor.chmodPath", { path: child.path }));
    if (secret && group) return row("file-modes", "warn", tr("doctor.rolePathModeMode4", { role: f.role, path: f.path, mode: octal(f.mode) }), tr("doctor.chmodWantPath", { want: octal(want), path: f.path }));
    return row("file-modes", "pass", tr("doctor.rolePathModeMode5", { role: f.role, path: f.path, mode: octal(f.mode) }));
  });
}

// ---------------------------------------------------------------------------------------------
// Key sources: every MFA identity has one long-term key, and it can be opened.

/** What the command learnt by opening a keyring/file store (only with --check-keys). */
export type OpenedKey = { found: true; where: string } | { found: false; where: string } | { error: string; hint?: string };

export function checkKeySources(
  profiles: readonly DoctorProfile[],
  creds: IniReader,
  credentialsFile: string,
  opened: ReadonlyMap<string, OpenedKey>,
): Check[] {
  const out: Check[] = [];
  const seen = new Set<string>();
  for (const p of profiles) {
    if (!p.mfaSource || seen.has(p.mfaSource)) continue;
    const account = p.mfaSource;
    seen.add(account);
    const src = p.keySource ?? "credentials";
    if (src === "credentials") {
      try {
        readLongTermKey(creds, account, credentialsFile);
        out.push(row("key-source", "pass", tr("doctor.accountLongTermKey", { account, account2: longTermSectionFor(account), credentialsFile })));
      } catch (e) {
        if (!isAwsMfaError(e)) throw e;
        out.push(row("key-source", "fail", tr("doctor.accountMessage", { account, message: e.message }), e.hint ?? `awsmfa setup --profile ${account}`));
      }
      continue;
    }
    if (src !== "keyring" && src !== "file") {
      out.push(row("key-source", "fail", tr("doctor.accountAwsmfaSourceSrc", { account, src }), tr("doctor.fixAwsmfaSourceUnder", { account: configSectionName(account) })));
      continue;
    }
    const o = opened.get(account);
    if (!o) out.push(row("key-source", "skip", tr("doctor.accountKeyInThe", { account, src }), tr("doctor.awsmfaDoctorCheckKeys")));
    else if ("error" in o) out.push(row("key-source", "fail", tr("doctor.accountCannotOpenThe", { account, src, error: o.error }), o.hint ?? tr("keys.seeAwsmfaKeysHelp")));
    else if (!o.found) out.push(row("key-source", "fail", tr("doctor.accountNoLongTerm", { account, where: o.where }), tr("doctor.awsmfaKeysAddProfile", { account, src })));
    else out.push(row("key-source", "pass", tr("doctor.accountLongTermKey2", { account, where: o.where })));
  }
  if (!out.length) out.push(row("key-source", "pass", tr("doctor.noMfaProfileIn")));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sessions: what the AWS CLI would get right now.

export function checkSessions(sessions: ReadonlyArray<{ profile: DoctorProfile; expiration?: Date }>, now: Date): Check[] {
  const out: Check[] = [];
  for (const { profile: p, expiration } of sessions) {
    if (!p.serial) continue;
    const st = sessionState(expiration, now);
    const login = `awsmfa login --profile ${p.mfaSource ?? p.name}`;
    const file = p.mode === "file";
    // In file mode the CLI reads [P] and nothing renews it; in process/role mode awsmfa renews on use.
    if (st.kind === "none")
      out.push(file ? row("session", "warn", tr("doctor.nameNoSessionIn", { name: p.name }), login) : row("session", "pass", tr("doctor.nameNoCachedSession", { name: p.name })));
    else if (st.kind === "expired")
      out.push(
        file
          ? row("session", "fail", tr("doctor.nameTheSessionIn", { name: p.name, value: humanDuration(Math.round((now.getTime() - st.expiration.getTime()) / 1000)) }), login)
          : row("session", "warn", tr("doctor.nameTheCachedSession", { name: p.name }), login),
      );
    else if (st.kind === "expiring")
      out.push(row("session", "warn", tr(file ? "doctor.nameTheSessionExpires" : "doctor.sessionExpiresRenewed", { name: p.name, value: humanDuration(Math.floor(st.remainingMs / 1000)) }), login));
    else out.push(row("session", "pass", tr("doctor.nameSessionValidFor", { name: p.name, value: humanDuration(Math.floor(st.remainingMs / 1000)) })));
  }
  if (!out.length) out.push(row("session", "pass", tr("doctor.noMfaProfileIn")));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Clock skew against the STS endpoint's Date header.

/** AWS refuses signatures more than 5 minutes off. */
export const SKEW_FAIL_MS = 5 * 60 * 1000;
/** A TOTP code lasts 30 s; an mfa_process on a skewed machine makes codes AWS rejects. */
export const SKEW_WARN_MS = 30 * 1000;

export type ClockFacts = { offline: true } | { endpoint: string; skewMs: number } | { endpoint: string; error: string };

/** "STS endpoint": AWS_ENDPOINT_URL_STS, then AWS_ENDPOINT_URL, then the region's own. */
export function stsEndpointFor(env: Env, region: string | undefined): string {
  const custom = env.AWS_ENDPOINT_URL_STS || env.AWS_ENDPOINT_URL;
  if (custom) return custom;
  const r = region || env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1";
  return `https://sts.${r}.amazonaws.com${r.startsWith("cn-") ? ".cn" : ""}`;
}

/**
 * Our clock minus the server's, from a Date header (1 s resolution) and the request's start and
 * end: the server stamped it somewhere in between, so the midpoint is the best guess.
 */
export function skewFromDate(dateHeader: string, sentMs: number, receivedMs: number): number | undefined {
  const server = Date.parse(dateHeader);
  if (Number.isNaN(server)) return undefined;
  // +500: the header truncates to the second, so the true server time is on average half a second later.
  return Math.round((sentMs + receivedMs) / 2 - (server + 500));
}

const describeOffset = (ms: number) => {
  const s = Math.round(Math.abs(ms) / 1000);
  const amount = s >= 120 ? tr("doctor.minutes", { n: Math.round(s / 60) }) : tr("doctor.seconds", { n: s });
  return tr(ms > 0 ? "doctor.ahead" : "doctor.behind", { amount });
};

export function checkClock(c: ClockFacts): Check {
  if ("offline" in c) return row("clock-skew", "skip", tr("doctor.notMeasuredOffline"));
  if ("error" in c) return row("clock-skew", "warn", tr("doctor.couldNotReadThe", { endpoint: c.endpoint, error: c.error }), tr("doctor.checkTheNetworkOr"));
  const fix = tr("doctor.fixTimeSync");
  if (Math.abs(c.skewMs) > SKEW_FAIL_MS)
    return row("clock-skew", "fail", tr("doctor.thisClockIsSkewms", { skewMs: describeOffset(c.skewMs), endpoint: c.endpoint }), fix);
  if (Math.abs(c.skewMs) > SKEW_WARN_MS)
    return row("clock-skew", "warn", tr("doctor.thisClockIsSkewms2", { skewMs: describeOffset(c.skewMs), endpoint: c.endpoint }), fix);
  return row("clock-skew", "pass", tr("doctor.withinValueSOf", { value: Math.max(1, Math.round(Math.abs(c.skewMs) / 1000)), endpoint: c.endpoint }));
}

// ---------------------------------------------------------------------------------------------
// Shell hook. The hook exports nothing of its own until a .awsmfa applies, so it is detected by
// the stamp file each hooked shell writes under the cache (hook/<shell>-<pid>) for its own pid:
// doctor's parent is the shell that runs it.

export interface HookFacts {
  /** The shell doctor runs under (parent process), when it is bash, zsh or fish. */
  shell?: string;
  /** That shell has written its hook stamp. */
  active: boolean;
  /** Startup files that mention `awsmfa hook`. */
  startupFiles: readonly string[];
  /** The login shell's name from $SHELL, for the fix line. */
  loginShell?: string;
}

const INSTALL: Record<string, string> = {
  bash: `echo 'eval "$(awsmfa hook bash)"' >> ~/.bashrc`,
  zsh: `echo 'eval "$(awsmfa hook zsh)"' >> ~/.zshrc`,
  fish: `echo 'awsmfa hook fish | source' >> ~/.config/fish/config.fish`,
};

export function checkHook(h: HookFacts): Check {
  if (h.active) return row("shell-hook", "pass", tr("doctor.theAwsmfaHookIs", { shell: h.shell ?? "" }));
  const sh = h.shell ?? h.loginShell;
  if (h.startupFiles.length)
    return row("shell-hook", "warn", tr(sh ? "doctor.theHookIsIn" : "doctor.theHookIsInAny", { files: h.startupFiles.join(", "), shell: sh ?? "" }), tr("doctor.openANewShell"));
  return row("shell-hook", "warn", tr("doctor.theAwsmfaHookIs2"), sh && INSTALL[sh] ? INSTALL[sh]! : tr("doctor.seeHookHelp"));
}

// ---------------------------------------------------------------------------------------------
// Versions.

export const MIN_NODE_MAJOR = 20;

export function checkNode(version: string): Check {
  const major = Number(/^v?(\d+)/.exec(version)?.[1] ?? NaN);
  if (!(major >= MIN_NODE_MAJOR)) return row("node", "fail", tr("doctor.nodeVersionAwsmfaNeeds", { version, MIN_NODE_MAJOR }), tr("doctor.installNodeMinNode", { MIN_NODE_MAJOR }));
  return row("node", "pass", tr("doctor.nodeValue", { value: version.replace(/^v/, "") }));
}

export type AwsCliFacts = { output: string } | { missing: true } | { error: string };

const cmp = (a: number[], b: number[]) => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
};

/**
 * v1 reads only AWS_DEFAULT_REGION (never AWS_REGION); service endpoint variables
 * (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_STS) arrived in 1.29 and 2.13: older CLIs call real AWS.
 */
export function checkAwsCli(f: AwsCliFacts, env: Env): Check {
  if ("missing" in f) return row("aws-cli", "warn", tr("doctor.noAwsOnPath"), tr("doctor.installAwsCliV"));
  if ("error" in f) return row("aws-cli", "warn", tr("doctor.awsVersionFailedError", { error: f.error }), tr("doctor.runAwsVersionTo"));
  const m = /aws-cli\/(\d+)\.(\d+)\.(\d+)/.exec(f.output);
  if (!m) return row("aws-cli", "warn", tr("doctor.cannotReadTheVersion", { value: f.output.trim().slice(0, 80) }), tr("doctor.reinstallAwsCliV"));
  const v = [Number(m[1]), Number(m[2]), Number(m[3])];
  const shown = v.join(".");
  const endpointVars = ["AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"].filter((k) => !!env[k]);
  const ignoresEndpoints = endpointVars.length > 0 && cmp(v, v[0] === 1 ? [1, 29] : [2, 13]) < 0;
  const gaps: string[] = [];
  if (ignoresEndpoints) gaps.push(tr(endpointVars.length > 1 ? "doctor.cliIgnoresEndpoints2" : "doctor.cliIgnoresEndpoints", { vars: endpointVars[0]!, other: endpointVars[1] ?? "" }));
  if (v[0] === 1) gaps.push(tr("doctor.cliV1Region"));
  if (!gaps.length) return row("aws-cli", "pass", tr("doctor.awsCliShown", { shown }));
  return row("aws-cli", "warn", tr("doctor.awsCliShownValue", { shown, value: gaps.join("; ") }), tr(v[0] === 1 ? "doctor.fixCliV2" : "doctor.fixCliUpgrade"));
}

// ---------------------------------------------------------------------------------------------
// Putting it together.

export const anyFailed = (checks: readonly Check[]) => checks.some((c) => c.status === "fail");

/** A failure to read a file becomes a failed check, so the other checks still run. */
export function checkFromError(id: string, e: unknown): Check {
  if (e instanceof AwsMfaError) return row(id, "fail", e.message, e.hint ?? null);
  const err = e as NodeJS.ErrnoException;
  return row(id, "fail", `${err.path ? `${err.path}: ` : ""}${err.code ?? err.message}`, tr("doctor.fixRegularFile"));
}


/** One line per check, aligned, with the fix indented under it; then a summary line. */
export function renderChecks(checks: readonly Check[], title: string): string {
  const width = Math.max(...checks.map((c) => c.id.length));
  const lines = [printable(title), ""];
  for (const c of checks) {
    lines.push(`${c.status.toUpperCase().padEnd(4)}  ${c.id.padEnd(width)}  ${printable(c.message)}`);
    if (c.fix && c.status !== "pass") lines.push(`${" ".repeat(width + 8)}${tr("doctor.fix", { fix: printable(c.fix) })}`);
  }
  const n = (s: CheckStatus) => checks.filter((c) => c.status === s).length;
  lines.push("", tr(n("skip") ? "doctor.summarySkipped" : "doctor.summary", { fail: n("fail"), warn: n("warn"), pass: n("pass"), skip: n("skip") }));
  return lines.join("\n") + "\n";
}
