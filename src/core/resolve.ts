import { AwsMfaError, msg } from "./errors.js";
import { sha256Hex } from "./sha256.js";
import { configSectionName, readMfaProfile, type IniReader, type KeySource, type MfaProfile } from "./profile.js";

// The one resolver: how a profile name becomes a plan for credentials. Every command asks it
// (login, status, logout, configure, credential-process, exec, env, the shell hook), so a role
// profile works wherever its source profile does. Pure: documents in, plan out; it never opens a
// key source, so the warm path can use it (the cache identity needs no key and no key id).

/** AWS caps a role session assumed with session credentials (role chaining) at 1 hour. */
export const CHAINED_ROLE_MAX_SECONDS = 3600;

export interface RolePlan {
  roleArn: string;
  /** The profile whose MFA session (or long-term key) assumes the role. */
  sourceProfile: string;
  roleSessionName: string;
  externalId?: string;
  durationSeconds?: number;
  region?: string;
}

export interface Plan {
  /** The profile asked for (a role profile, or the MFA profile itself). */
  name: string;
  /** The MFA source profile: serial, duration, mfa_process, key source. Equal to `name` without a role. */
  mfa: MfaProfile;
  role?: RolePlan;
  serial: string;
  /** Where the long-term key lives, and under which account (always the MFA source profile). */
  key: { source: KeySource; account: string };
  /**
   * How the MFA session reaches the AWS CLI: `process` when the source profile has
   * credential_process, else `file` ([SOURCE] in the credentials file). For a role profile the
   * AWS CLI assumes the role itself from its source profile (role_arn beats credential_process
   * in both botocore and the JS SDK), so the source's mode is the one that counts.
   */
  mode: "file" | "process";
  region?: string;
  /** Cache identities: derived from the device and the role, never from the key. */
  cache: { mfa: string; role?: string };
  /** Over 1 h a role cannot be chained from the MFA session: AssumeRole with the key and a code. */
  roleNeedsOwnCode: boolean;
}

export interface PlanInput {
  config: IniReader;
  name: string;
  configFile: string;
}

// sha256Hex, not node:crypto: the warm path computes these on every call (see sha256.ts); the
// names are the same either way.
const hash = (parts: string[]) => sha256Hex(parts.join("\n")).slice(0, 32);

/**
 * The MFA session is keyed by the device alone: a serial identifies the IAM user, so profiles
 * sharing a device share a session (one prompt), and a rotated key keeps the current session.
 */
export const mfaCacheId = (serial: string) => {
  // Remembered per serial: status resolves every profile, and thousands of role profiles share a device.
  let id = mfaIds.get(serial);
  if (id === undefined) mfaIds.set(serial, (id = hash(["mfa", serial])));
  return id;
};
const mfaIds = new Map<string, string>();

export const roleCacheId = (serial: string, r: RolePlan) =>
  hash(["role", serial, r.roleArn, r.roleSessionName, r.externalId ?? "", String(r.durationSeconds ?? "")]);

/** The role settings of [profile NAME], or undefined when it has no role_arn. */
export function readRole(config: IniReader, name: string, configFile: string): RolePlan | undefined {
  return roleOf(settingsOf(config, name), name, configFile);
}

/**
 * How the resolver reads one profile's settings: each trimmed, and taken as absent when empty
 * (`get(key) || undefined`). Through the reader's map of the profile's values when it has one
 * (IniIndex): status reads about ten settings of each of 50,000 profiles, and a lookup of the
 * profile and a lower-casing of the key for each was a good part of its time.
 */
type Settings = Pick<ReadonlyMap<string, string | undefined>, "get">;
function settingsOf(config: IniReader, name: string): Settings {
  // The map's values are trimmed already.
  return config.values?.(name) ?? { get: (k) => config.get(name, k)?.trim() };
}

function roleOf(values: Settings, name: string, configFile: string): RolePlan | undefined {
  const roleArn = values.get("role_arn") || undefined;
  if (!roleArn) return undefined;
  const sourceProfile = values.get("source_profile") || undefined;
  if (!sourceProfile)
    throw new AwsMfaError("MalformedFile", msg("resolve.configfileWhereHasRole", { configFile, where: configSectionName(name) }), {
      hint: msg("resolve.setSourceProfileTo"),
    });
  if (sourceProfile === name) throw new AwsMfaError("MalformedFile", msg("resolve.configfileWhereSourceProfile", { configFile, where: configSectionName(name) }));
  const d = values.get("duration_seconds") || undefined;
  if (d !== undefined && (!/^\d+$/.test(d) || Number(d) < 900 || Number(d) > 43200))
    throw new AwsMfaError("MalformedFile", msg("resolve.configfileWhereDurationSeconds", { configFile, where: configSectionName(name), d }));
  return {
    roleArn,
    sourceProfile,
    roleSessionName: values.get("role_session_name") || `awsmfa-${sourceProfile}`,
    externalId: values.get("external_id") || undefined,
    durationSeconds: d === undefined ? undefined : Number(d),
    region: values.get("region") || undefined,
  };
}

/** The profile that owns the MFA device and the long-term key: the source of a role, else itself. */
export function mfaSourceName(config: IniReader, name: string): string {
  return (config.get(name, "role_arn")?.trim() && config.get(name, "source_profile")?.trim()) || name;
}

/** The cache entry a plan's credentials are served from: the role session, else the MFA session. */
export const servedCacheId = (plan: Plan) => (plan.role ? plan.cache.role! : plan.cache.mfa);

/**
 * The plans of the profiles status lists (planProfileNames), in document order, each profile
 * resolved once (a listing then a resolution of each read every profile twice). A listed profile
 * that does not resolve throws, as resolvePlan does.
 */
export function listedPlans(config: IniReader, configFile: string): IterableIterator<Plan> {
  // The profiles with their values in one pass when the reader can (IniIndex), else by name.
  const all = config.profileValues?.() ?? config.profiles().map((profile) => ({ profile, values: undefined }));
  return new ListedPlans(config, configFile, all[Symbol.iterator]());
}

/** listedPlans's steps: a plain iterator, not a generator (each step of which saved and restored its frame). */
class ListedPlans implements IterableIterator<Plan> {
  private readonly sources = new Map<string, MfaProfile>();
  private readonly listed: (p: string, settings: Settings) => boolean;
  constructor(
    private readonly config: IniReader,
    private readonly configFile: string,
    private readonly all: Iterator<{ profile: string; values: Settings | undefined }>,
  ) {
    this.listed = lister(config);
  }

  [Symbol.iterator](): IterableIterator<Plan> {
    return this;
  }

  next(): IteratorResult<Plan> {
    for (let step = this.all.next(); !step.done; step = this.all.next()) {
      const { profile, values } = step.value;
      // One reading of the profile's settings for both questions.
      const settings = values ?? settingsOf(this.config, profile);
      if (this.listed(profile, settings)) return { done: false, value: planOf(this.config, profile, this.configFile, settings, this.sources) };
    }
    return { done: true, value: undefined };
  }
}

export function resolvePlan({ config, name, configFile }: PlanInput, sources?: Map<string, MfaProfile>): Plan {
  return planOf(config, name, configFile, settingsOf(config, name), sources);
}

function planOf(config: IniReader, name: string, configFile: string, settings: Settings, sources: Map<string, MfaProfile> | undefined): Plan {
  const role = roleOf(settings, name, configFile);
  // A remembered source was read as an MFA profile, so it has no role_arn: not asked again.
  if (role && !sources?.has(role.sourceProfile) && config.get(role.sourceProfile, "role_arn")?.trim())
    throw new AwsMfaError("MalformedFile", msg("resolve.configfileNameSourceProfile", { configFile, name: configSectionName(name), sourceProfile: role.sourceProfile }), {
      hint: msg("resolve.awsmfaChainsOneRole"),
    });
  const srcName = role ? role.sourceProfile : name;
  // Only a profile read without error is remembered: an error names the role it was reached from.
  let mfa = sources?.get(srcName);
  if (!mfa) {
    mfa = readMfaProfile(config, srcName, configFile, role ? name : undefined);
    sources?.set(srcName, mfa);
  }
  return {
    name,
    mfa,
    role,
    serial: mfa.mfaSerial,
    key: { source: mfa.source, account: mfa.name },
    mode: mfa.credentialProcess ? "process" : "file",
    region: role?.region ?? mfa.region,
    cache: cacheIds(mfa.mfaSerial, role),
    roleNeedsOwnCode: !!role && (role.durationSeconds ?? 3600) > CHAINED_ROLE_MAX_SECONDS,
  };
}

/**
 * A plan's cache ids. A role's is hashed when first asked: status shows 50,000 role profiles, and
 * needs the id only of a role some cache file was issued for (the hashes were 6% of its time).
 */
function cacheIds(serial: string, role: RolePlan | undefined): Plan["cache"] {
  return role ? new RoleCacheIds(serial, role) : { mfa: mfaCacheId(serial) };
}

// A class, not an object literal with a getter: V8 makes such a literal slowly, once per plan.
class RoleCacheIds {
  readonly mfa: string;
  private id: string | undefined;
  constructor(
    private readonly serial: string,
    private readonly plan: RolePlan,
  ) {
    this.mfa = mfaCacheId(serial);
  }
  get role(): string {
    return (this.id ??= roleCacheId(this.serial, this.plan));
  }
}

/** Profiles `status` lists: those with an mfa_serial, and role profiles whose source has one. */
export function planProfileNames(config: IniReader): string[] {
  const listed = lister(config);
  return config.profiles().filter((p) => listed(p, settingsOf(config, p)));
}

/** planProfileNames's test of one profile; what it found about a source profile is remembered. */
function lister(config: IniReader): (p: string, settings: Settings) => boolean {
  const sources = new Map<string, boolean>();
  return (p, settings) => {
    if (settings.get("role_arn")) {
      const src = settings.get("source_profile");
      if (!src || src === p) return false;
      let ok = sources.get(src);
      if (ok === undefined) {
        const source = settingsOf(config, src);
        sources.set(src, (ok = !!source.get("mfa_serial") && !source.get("role_arn")));
      }
      return ok;
    }
    return !!settings.get("mfa_serial");
  };
}
