import { isAwsMfaError } from "../core/errors.js";
import { longTermSectionFor, resolveProfileName } from "../core/profile.js";
import { sessionState } from "../core/session.js";
import { existsSync } from "node:fs";
import { readAwsFiles, waitForRelease } from "../ports/files.js";
import type { World } from "../world.js";
import { cacheKey, HOLDER_WAIT_MS, renewingNotice, sessionCache, slowWaitNotice } from "./cache.js";
import type { ChainOptions, ChainResult } from "./chain.js";
import { readRole, roleCacheKey } from "./roles.js";

// The warm path of credential-process, exec and env: two small file reads and one cache read.
// The AWS SDK, the terminal and child processes are only loaded (with the chain) when the cached
// session is missing or inside the refresh margin — AWS CLI v2 runs credential_process often.

export async function credentialsFor(world: World, flagProfile: string | undefined, opts: ChainOptions = {}): Promise<ChainResult> {
  const r = await resolve(world, flagProfile, opts);
  if (world.debug) for (const step of r.steps) world.stderr.write(`awsmfa: ${r.profile}: ${step}\n`);
  return r;
}

async function resolve(world: World, flagProfile: string | undefined, opts: ChainOptions): Promise<ChainResult> {
  if (!opts.force) {
    const warm = await warmCredentials(world, flagProfile);
    if (warm.result) return warm.result;
    if (warm.lockFile && existsSync(warm.lockFile)) {
      // Another process is renewing this very session: wait for it here, without loading the
      // refresh machinery, and take its result (single flight for bursts of AWS CLI processes).
      const notice = slowWaitNotice(() => void waitingNotice(world, warm.profile));
      await waitForRelease(warm.lockFile, { timeoutMs: HOLDER_WAIT_MS, onWait: notice.onWait }).finally(notice.done);
      const again = await warmCredentials(world, flagProfile);
      if (again.result) return again.result;
    }
  }
  const { resolveChain } = await import("./chain.js");
  try {
    return await resolveChain(world, flagProfile, opts);
  } catch (e) {
    // --no-prompt cannot renew: a session inside the refresh margin is still valid, and beats none
    // (direnv's `use awsmfa P --credentials` in a session's last 15 minutes).
    const last = opts.noPrompt && isAwsMfaError(e) && e.code === "NoTerminal" ? await warmCredentials(world, flagProfile, true) : undefined;
    if (last?.result) return last.result;
    throw e;
  }
}

/** Tells the person at the terminal (or stderr) why this process is waiting. */
async function waitingNotice(world: World, profile: string) {
  const line = renewingNotice(profile);
  const term = (await import("../ports/terminal.js")).lazyTerminal(world);
  term.tell(line);
  term.close();
}

interface Warm {
  profile: string;
  result?: ChainResult;
  /** The refresh lock of the session this profile needs, when the profile is complete. */
  lockFile?: string;
}

/** `untilExpiry`: take a session inside the refresh margin too (never an expired one). */
async function warmCredentials(world: World, flagProfile: string | undefined, untilExpiry = false): Promise<Warm> {
  const name = resolveProfileName(flagProfile, world.env);
  const { config, creds } = await readAwsFiles(world);
  const role = readRole(config, name);
  const source = role ? role.sourceProfile : name;
  const serial = config.get(source, "mfa_serial")?.trim();
  const keyId = creds.get(longTermSectionFor(source), "aws_access_key_id")?.trim();
  if (!serial || !keyId) return { profile: name }; // the full chain explains what is missing
  const cache = sessionCache(world);
  // A role session is renewed under the MFA session's lock first: wait on that one.
  const mfaKey = cacheKey(keyId, serial);
  const key = role ? roleCacheKey(keyId, serial, role) : mfaKey;
  const s = untilExpiry ? unexpired(await cache.read(key), world.now()) : await cache.reusable(key, world.now());
  if (!s) return { profile: name, lockFile: cache.lockFile(mfaKey) };
  return {
    profile: name,
    result: {
      profile: name,
      credentials: s,
      region: role?.region ?? config.get(source, "region")?.trim(),
      steps: [`cached ${role ? "role" : "MFA"} session until ${s.expiration.toISOString()} (${cache.sessionFile(key)})`],
    },
  };
}

const unexpired = <T extends { expiration: Date }>(s: T | undefined, now: Date): T | undefined => {
  const kind = s && sessionState(s.expiration, now).kind;
  return kind === "valid" || kind === "expiring" ? s : undefined;
};
