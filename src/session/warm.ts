import { isAwsMfaError } from "../core/errors.js";
import { sessionState } from "../core/session.js";
import { existsSync } from "node:fs";
import { configFile, credentialsFile } from "../core/paths.js";
import { resolveProfileName } from "../core/profile.js";
import { resolvePlan, servedCacheId, type Plan } from "../core/resolve.js";
import { indexIni, readIniFile } from "../ports/aws-files.js";
import { waitForRelease } from "../ports/lock.js";
import { sayOnTerminal } from "../ports/slow.js";
import type { World } from "../world.js";
import { sessionCache, type SessionCache } from "./cache.js";
import type { ChainOptions, ChainResult } from "./chain.js";
import { commandWait } from "./wait.js";

// The warm path of credential-process, exec and env: the config file, the resolver and one cache
// read. No key source is opened (the cache identity needs no key), and the credentials file, the
// AWS SDK, the terminal and child processes are only loaded (with the chain) when the cached
// session is missing or inside the refresh margin — AWS CLI v2 runs credential_process often.

export async function credentialsFor(world: World, flagProfile: string | undefined, opts: ChainOptions = {}): Promise<ChainResult> {
  const r = await resolve(world, flagProfile, opts);
  if (world.debug) for (const step of r.steps) world.stderr.write(`awsmfa: ${r.profile}: ${step}\n`);
  return r;
}

async function resolve(world: World, flagProfile: string | undefined, opts: ChainOptions): Promise<ChainResult> {
  const name = resolveProfileName(flagProfile, world.env);
  const cfgPath = configFile(world);
  // Read by the thin entry already when it could not answer from the cache (cli.ts).
  const pre = world.configRead?.file === cfgPath ? world.configRead : undefined;
  const config = pre ? indexIni(pre.text ?? "", cfgPath, "config") : await readIniFile(cfgPath, "config", indexIni);
  const plan = resolvePlan({ config, name, configFile: cfgPath });
  const cache = sessionCache(world);
  // The one wait of this command: the warm wait below and the chain's lock waits share it.
  // Why this process waits goes to the person at the terminal, or to stderr without one.
  const wait = commandWait(world, plan.name, sayOnTerminal(world.platform, (line) => world.stderr.write(line.endsWith("\n") ? line : line + "\n")));
  try {
    if (!opts.force) {
      const warm = await fromCache(cache, plan, world.now());
      if (warm) return warm;
      // A role over 1 h is renewed under its own lock; everything else under the MFA session's.
      const lockFile = cache.lockFile(plan.roleNeedsOwnCode ? plan.cache.role! : plan.cache.mfa);
      if (existsSync(lockFile)) {
        // Another process is renewing this very session: wait for it here, without loading the
        // refresh machinery, and take its result (single flight for bursts of AWS CLI processes).
        await waitForRelease(lockFile, { timeoutMs: wait.left(), onWait: wait.onWait });
        const again = await fromCache(cache, plan, world.now());
        if (again) return again;
      }
    }
    // A miss: the credentials file is read now, once, and the config is not read again.
    const credPath = credentialsFile(world);
    const creds = await readIniFile(credPath, "credentials", indexIni);
    const { resolveChain } = await import("./chain.js");
    try {
      return await resolveChain(world, { configFile: cfgPath, credentialsFile: credPath, config, creds, plan }, wait, opts);
    } catch (e) {
      // --no-prompt cannot renew: a session inside the refresh margin is still valid, and beats none
      // (direnv's `use awsmfa P --credentials` in a session's last minutes).
      const last = opts.noPrompt && isAwsMfaError(e) && e.code === "NoTerminal" ? await fromCache(cache, plan, world.now(), true) : undefined;
      if (last) return last;
      throw e;
    }
  } finally {
    wait.done();
  }
}

/** `untilExpiry`: take a session inside the refresh margin too (never an expired one). */
async function fromCache(cache: SessionCache, plan: Plan, now: Date, untilExpiry = false): Promise<ChainResult | undefined> {
  const key = servedCacheId(plan);
  const want = { serial: plan.serial, roleArn: plan.role?.roleArn };
  const s = untilExpiry ? unexpired(await cache.matching(key, want), now) : await cache.reusable(key, now, want);
  if (!s) return undefined;
  return {
    profile: plan.name,
    credentials: s,
    region: plan.region,
    steps: [`cached ${plan.role ? "role" : "MFA"} session until ${s.expiration.toISOString()} (${cache.sessionFile(key)})`],
  };
}

const unexpired = <T extends { expiration: Date }>(s: T | undefined, now: Date): T | undefined => {
  const kind = s && sessionState(s.expiration, now).kind;
  return kind === "valid" || kind === "expiring" ? s : undefined;
};
