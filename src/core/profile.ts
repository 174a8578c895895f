import { AwsMfaError, msg } from "./errors.js";
import { DEFAULT_DURATION, MAX_DURATION, MIN_DURATION } from "./duration.js";
import { isValidRegion } from "./dotfile.js";
import type { Env } from "../world.js";

/** The read side of an INI document, as much as profile resolution needs. */
export interface IniReader {
  has(profile: string): boolean;
  get(profile: string, key: string): string | undefined;
  /** All of the profile's values as get answers them (keys lower-cased, values trimmed); not to be changed. */
  values?(profile: string): ReadonlyMap<string, string>;
  /** Each profile of profiles(), in order, with its values(). */
  profileValues?(): Iterable<{ profile: string; values: ReadonlyMap<string, string> }>;
  profiles(): string[];
  /** Header line numbers of the profile's sections (several when the file repeats a section). */
  sectionLines?(profile: string): number[];
}

/** Where a long-term key is kept (awsmfa_source); the stores themselves are in ports/keys/. */
export const KEY_SOURCE_KINDS = ["credentials", "keyring", "file"] as const;
export type KeySource = (typeof KEY_SOURCE_KINDS)[number];

/** awsmfa_source of [profile NAME]; the default is the credentials file. */
export function configuredSource(config: IniReader, name: string, configFile: string): KeySource {
  const v = config.get(name, "awsmfa_source")?.trim();
  if (!v) return "credentials";
  if ((KEY_SOURCE_KINDS as readonly string[]).includes(v)) return v as KeySource;
  throw new AwsMfaError("MalformedFile", msg("profile.configfileProfileNameAwsmfa", { configFile, name, v }));
}

export interface MfaProfile {
  name: string;
  mfaSerial: string;
  durationSeconds: number;
  region?: string;
  mfaProcess?: string;
  source: KeySource;
  /** The credentials-file section holding the long-term key (source = credentials). */
  longTermSection: string;
  credentialProcess?: string;
}

/** --profile, else AWS_PROFILE, else AWS_DEFAULT_PROFILE, else default. */
export function resolveProfileName(flag: string | undefined, env: Env): string {
  return flag || env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || "default";
}

/** AWS's pattern for an MFA SerialNumber: an ARN or a hardware token's serial. */
export const isMfaSerial = (s: string) => /^[\w+=/:,.@-]{9,256}$/.test(s);

export const longTermSectionFor = (profile: string) => `${profile}-long-term`;

/**
 * The profiles a user can pick, as the AWS CLI sees them (either file may define one), without
 * the `[P-long-term]` sections that only hold P's key. Config order first.
 */
export function pickableProfiles(config: IniReader, creds: IniReader): string[] {
  const longTerm = new Set(config.profiles().map(longTermSectionFor));
  return [...new Set([...config.profiles(), ...creds.profiles()])].filter((p) => config.has(p) || !longTerm.has(p));
}

/** `[default]` or `[profile P]`: how a user finds the profile's section in the config file. */
export const configSectionName = (profile: string) => (profile === "default" ? "[default]" : `[profile ${profile}]`);

/**
 * Reads our keys from `[profile P]`; `configFile` names the file in errors, `viaRole` the role
 * profile that led here (its source_profile is P).
 */
export function readMfaProfile(config: IniReader, name: string, configFile: string, viaRole?: string): MfaProfile {
  const get = (k: string) => config.get(name, k)?.trim() || undefined;
  const mfaSerial = get("mfa_serial");
  if (!mfaSerial) {
    const where = configSectionName(name);
    const via = viaRole ? ` (the source_profile of ${configSectionName(viaRole)})` : "";
    throw new AwsMfaError("MissingMfaSerial", msg("profile.configfileWhereViaHas", { configFile, where, via }), {
      hint: msg("profile.addMfaSerialArn", { where, name }),
    });
  }
  let durationSeconds = DEFAULT_DURATION;
  const d = get("duration_seconds");
  if (d !== undefined) {
    const n = Number(d);
    if (!/^\d+$/.test(d) || n < MIN_DURATION || n > MAX_DURATION)
      throw new AwsMfaError("MalformedFile", msg("profile.configfileProfileNameDuration", { configFile, name, d, MIN_DURATION, MAX_DURATION }));
    durationSeconds = n;
  }
  // Checked here rather than by STS: a malformed value is a config error (exit 3) and costs no code.
  // The value is not echoed: it may hold control characters.
  if (!isMfaSerial(mfaSerial))
    throw new AwsMfaError("MalformedFile", msg("profile.configfileProfileNameMfa", { configFile, name }), {
      hint: msg("profile.itIsAnArn"),
    });
  const region = get("region");
  if (region !== undefined && !isValidRegion(region))
    throw new AwsMfaError("MalformedFile", msg("profile.configfileProfileNameRegion", { configFile, name }), { hint: msg("profile.eGRegionEu") });
  const source = configuredSource(config, name, configFile);
  return {
    name,
    mfaSerial,
    durationSeconds,
    region,
    mfaProcess: get("mfa_process"),
    source,
    longTermSection: longTermSectionFor(name),
    credentialProcess: get("credential_process"),
  };
}

export interface LongTermKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * The key in [P-long-term], or undefined when it has none: the one reading of that section, for
 * login's chain and for the credentials-file key store alike.
 */
export function longTermKeyIn(creds: IniReader, profile: string, credentialsFile: string): LongTermKey | undefined {
  const section = longTermSectionFor(profile);
  // The SDK would merge duplicate sections and the last key wins; a key that is not the one the
  // user meant then fails at AWS with a misleading "deactivated key". Refuse the ambiguity.
  const lines = creds.sectionLines?.(section) ?? [];
  if (lines.length > 1 && creds.get(section, "aws_access_key_id") !== undefined)
    throw new AwsMfaError("MalformedFile", msg("profile.credentialsfileSectionAppearsTwice", { credentialsFile, section, first: lines[0]!, second: lines[1]! }), {
      hint: msg("profile.keepOneSectionSection", { section }),
    });
  const id = creds.get(section, "aws_access_key_id")?.trim();
  const secret = creds.get(section, "aws_secret_access_key")?.trim();
  return id && secret ? { accessKeyId: id, secretAccessKey: secret } : undefined;
}

/** The long-term key in [P-long-term]; the error says so when one sits in plain [P] instead. */
export function readLongTermKey(creds: IniReader, profile: string, credentialsFile: string): LongTermKey {
  const key = longTermKeyIn(creds, profile, credentialsFile);
  if (key) return key;
  const section = longTermSectionFor(profile);
  const plain = /^AKIA/.test(creds.get(profile, "aws_access_key_id")?.trim() ?? "");
  throw new AwsMfaError("MissingLongTermKey", msg(plain ? "profile.noLongTermOneInPlain" : "profile.credentialsfileNoLongTerm", { credentialsFile, section, profile }), {
    hint: plain ? msg("profile.setupMovesKey", { profile, section }) : msg("profile.putKeyUnder", { profile, section }),
  });
}

/** Profiles that have an mfa_serial: the ones status lists. */
export function mfaProfileNames(config: IniReader): string[] {
  return config.profiles().filter((p) => !!config.get(p, "mfa_serial")?.trim());
}
