import {
  anyFailed,
  checkAwsCli,
  checkClock,
  checkEnvKeys,
  checkFromError,
  checkHook,
  checkKeySources,
  checkModes,
  checkNode,
  checkProfileVars,
  checkSessions,
  checkStaticKeys,
  doctorProfile,
  profilesInScope,
  renderChecks,
  stsEndpointFor,
  type Check,
  type ClockFacts,
  type OpenedKey,
} from "../core/doctor.js";
import { EXIT, isAwsMfaError } from "../core/errors.js";
import { emptyIni, type IniDocument, type IniKind } from "../core/ini.js";
import { cacheDir, configFile, credentialsFile, dataDir, homeDir, pathApi } from "../core/paths.js";
import { resolveProfileName } from "../core/profile.js";
import { resolvePlan, type Plan } from "../core/resolve.js";
import { awsCliFacts, hookFacts, measureSkew, pathFacts, runtimeFacts } from "../ports/doctor.js";
import { readIniFile } from "../ports/aws-files.js";
import { sessionWhere } from "../ports/session-info.js";
import { sessionCache } from "../session/cache.js";
import type { World } from "../world.js";
import { spec } from "./doctor.spec.js";
import { parseCommand } from "./spec.js";
import { machineOutput, t as tr } from "../i18n/index.js";
import type { Command } from "./types.js";


export const command: Command = {
  async run(world, args) {
    const { flags } = parseCommand(spec, args);
    if (flags.json) machineOutput();
    const checks = await runChecks(world, { profile: flags.profile, offline: !!flags.offline, checkKeys: !!flags["check-keys"] });
    const ok = !anyFailed(checks);
    if (flags.json) world.stdout.write(JSON.stringify({ checks, ok }) + "\n");
    else {
      const active = resolveProfileName(flags.profile, world.env);
      world.stdout.write(renderChecks(checks, tr("doctor.title", { active })));
    }
    // Exit 1 is doctor's "a check failed": its own errors (bad flags) keep their usual codes.
    return ok ? EXIT.ok : 1;
  },
};

async function readOrReport(file: string, kind: IniKind, checks: Check[]): Promise<IniDocument> {
  try {
    return await readIniFile(file, kind);
  } catch (e) {
    checks.push(checkFromError("aws-files", e));
    return emptyIni(file, kind);
  }
}

async function runChecks(world: World, opts: { profile?: string; offline: boolean; checkKeys: boolean }): Promise<Check[]> {
  const checks: Check[] = [];
  const files = { config: configFile(world), credentials: credentialsFile(world) };
  const [config, creds] = [await readOrReport(files.config, "config", checks), await readOrReport(files.credentials, "credentials", checks)];
  const active = resolveProfileName(opts.profile, world.env);
  const names = profilesInScope(config, opts.profile, active);
  const profiles = names.map((n) => doctorProfile(config, n));

  // Started first: the network and `aws --version` (a Python start-up) take the longest.
  const runtime = runtimeFacts();
  const activeProfile = doctorProfile(config, active);
  const clock: Promise<ClockFacts> = opts.offline ? Promise.resolve({ offline: true }) : measureSkew(stsEndpointFor(world.env, activeProfile.region), world.now);
  const awsCli = awsCliFacts(world.env);
  const hook = hookFacts(world, runtime.parentPid);

  checks.push(...checkStaticKeys(config, creds, names, files));
  checks.push(checkEnvKeys(world.env, active, world.now()));
  const known = [...new Set([...config.profiles(), ...creds.profiles()])];
  checks.push(...checkProfileVars(world.env, known, files, opts.profile));

  const p = pathApi(world.platform);
  const cache = cacheDir(world);
  const data = dataDir(world);
  const home = homeDir(world);
  checks.push(
    ...checkModes(
      [
        pathFacts("credentials", files.credentials),
        pathFacts("config", files.config),
        // Only awsmfa's own folders are compared with HOME's owner: the AWS files may be shared on purpose.
        pathFacts("cache", cache, [p.join(cache, "sessions"), p.join(cache, "devices")], home),
        // The encrypted key store (awsmfa_source = file) lives directly in the data folder.
        pathFacts("key store", data, [data], home),
      ],
      world.platform,
    ),
  );

  checks.push(...checkKeySources(profiles, creds, files.credentials, opts.checkKeys ? await openStores(world, profiles) : new Map()));

  const store = sessionCache(world);
  const sessions = (
    await Promise.all(
      profiles.map(async (d) => {
        const plan = planOrUndefined(config, d.name, files.config);
        return plan && { profile: d, expiration: (await sessionWhere({ creds }, store, plan)).expiration };
      }),
    )
  ).filter((x) => x !== undefined);
  checks.push(...checkSessions(sessions, world.now()));

  checks.push(checkClock(await clock));
  checks.push(checkHook(await hook));
  checks.push(checkNode(runtime.nodeVersion));
  checks.push(checkAwsCli(await awsCli, world.env));
  return checks;
}

/** Only with --check-keys: a keyring may show an unlock dialog, an encrypted file asks for a passphrase. */
/** The resolver's plan, or undefined for a profile it refuses (other checks explain why). */
function planOrUndefined(config: IniDocument, name: string, configFile: string): Plan | undefined {
  try {
    return resolvePlan({ config, name, configFile });
  } catch (e) {
    if (isAwsMfaError(e)) return undefined;
    throw e;
  }
}

async function openStores(world: World, profiles: ReturnType<typeof doctorProfile>[]): Promise<Map<string, OpenedKey>> {
  const opened = new Map<string, OpenedKey>();
  const { openKeySource } = await import("../ports/keys/index.js");
  for (const d of profiles) {
    const kind = d.keySource;
    if (!d.mfaSource || opened.has(d.mfaSource) || (kind !== "keyring" && kind !== "file")) continue;
    try {
      const src = await openKeySource(kind, world);
      const key = await src.read(d.mfaSource);
      opened.set(d.mfaSource, { found: !!key, where: src.describe(d.mfaSource) });
    } catch (e) {
      opened.set(d.mfaSource, isAwsMfaError(e) ? { error: e.message, ...(e.hint ? { hint: e.hint } : {}) } : { error: e instanceof Error ? e.message : String(e) });
    }
  }
  return opened;
}
