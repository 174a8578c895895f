import { readFileSync } from "node:fs";
import { parseFlags, type FlagSpec } from "../core/flags.js";
import { parseIni } from "../core/ini.js";
import { cacheDir, configFile } from "../core/paths.js";
import { resolveProfileName } from "../core/profile.js";
import { resolvePlan, servedCacheId } from "../core/resolve.js";
import type { SessionCredentials } from "../core/session.js";
import type { World } from "../world.js";
import { parseCachedSession, servable, sessionFilePath } from "./cache-file.js";

// The thin entry's warm credential-process: what the AWS CLI runs on every call in process mode.
// cli.ts asks this before it loads the full bundle (main.js: every command, the chain, the SDK's
// loaders), so a warm call parses a few KB of JavaScript instead of 250 KB. It makes the same
// decisions as the full path, from the same modules (flags, resolver, cache-file rules): the AWS
// config is read on every call, so an edited profile counts at once, and a session is served only
// for the plan's own cache entry, serial and role. Anything else (a miss, a session inside its
// refresh margin, a bad flag, --debug, a malformed file, any error at all) returns undefined and
// the full path runs from the start and does what it always did (refresh, wait, or report).

export const credentialProcessFlags = {
  profile: { type: "string", short: "p" },
  "no-prompt": { type: "boolean" },
} as const satisfies FlagSpec;

/** AWS's credential_process output: one line of JSON. */
export const credentialProcessJson = (c: SessionCredentials) =>
  JSON.stringify({
    Version: 1,
    AccessKeyId: c.accessKeyId,
    SecretAccessKey: c.secretAccessKey,
    SessionToken: c.sessionToken,
    Expiration: c.expiration.toISOString(),
  }) + "\n";

export interface WarmAnswer {
  /** What `credential-process` prints, when the cache could answer. */
  out?: string;
  /** Otherwise, the config file as read here, for the full path (World.configRead). */
  configRead?: { file: string; text: string | undefined };
}

/** The text `credential-process` would print from the cache; without `out`, the full path runs. */
export function warmCredentialProcess(world: World): WarmAnswer {
  const [name, ...args] = world.argv;
  if (name !== "credential-process") return {};
  let configRead: WarmAnswer["configRead"];
  try {
    // --debug, --help and -h are not credential-process flags: parseFlags refuses them, and the
    // full path handles them.
    const { flags } = parseFlags(args, credentialProcessFlags, { command: "credential-process" });
    const profile = resolveProfileName(flags.profile, world.env);
    const cfgPath = configFile(world);
    configRead = { file: cfgPath, text: readOrUndefined(cfgPath) };
    const plan = resolvePlan({ config: parseIni(configRead.text ?? "", cfgPath, "config"), name: profile, configFile: cfgPath });
    const s = parseCachedSession(readOrUndefined(sessionFilePath(cacheDir(world), servedCacheId(plan))));
    if (servable(s, world.now(), { serial: plan.serial, roleArn: plan.role?.roleArn })) return { out: credentialProcessJson(s) };
  } catch {
    // the full path reports it
  }
  return { configRead };
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}
