import { AwsMfaError, msg } from "../core/errors.js";
import type { LongTermKey, MfaProfile } from "../core/profile.js";
import { STEP_SECONDS } from "../core/totp.js";
import { waitForRelease, withLock } from "../ports/lock.js";
import { codeMayBeSpent, type StsPort } from "../ports/sts.js";
import { codeHash, type CachedSession, type SessionCache } from "./cache.js";
import type { CodeSource } from "./codes.js";
import type { WaitBudget } from "./wait.js";
import { t } from "../i18n/index.js";

// The MFA session step of the credential chain: cache first, then one refresh under a
// cross-process lock (single flight), with the code-reuse guard in front of STS.

export interface MfaDeps {
  cache: SessionCache;
  sts: () => Promise<StsPort>;
  now: () => Date;
  /** Waiting notices: the terminal when there is one, else stderr. */
  notify: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

export interface MfaRequest {
  profile: MfaProfile;
  /** The session's cache identity (the resolver's plan.cache.mfa). */
  cacheId: string;
  /** Read only on a miss: the warm path never opens a key source. */
  key: () => Promise<LongTermKey>;
  durationSeconds: number;
  force?: boolean;
  /** Created only when a code is really needed (opening /dev/tty is not free). */
  codes: () => CodeSource;
  /** The command's one wait budget (shared with the warm path that may have waited already). */
  wait: WaitBudget;
}

export interface MfaResult {
  session: CachedSession;
  fresh: boolean;
  cacheFile: string;
}

/** A used code could still verify for ±1 step; never send it again inside that window. */
const REUSE_WINDOW_MS = 3 * STEP_SECONDS * 1000;

export async function getMfaSession(deps: MfaDeps, req: MfaRequest): Promise<MfaResult> {
  const key = req.cacheId;
  const serial = req.profile.mfaSerial;
  const cacheFile = deps.cache.sessionFile(key);
  const lockFile = deps.cache.lockFile(key);
  const wait = req.wait;
  const cached = async () => {
    const s = await deps.cache.reusable(key, deps.now(), { serial });
    return s && { session: s, fresh: false, cacheFile };
  };
  if (!req.force) {
    const hit = await cached();
    if (hit) return hit;
    // A refresh in progress elsewhere: wait for its result rather than queue on its lock.
    await waitForRelease(lockFile, { timeoutMs: wait.left(), onWait: wait.onWait });
    const after = wait.waited && (await cached());
    if (after) return after;
  }
  return withLock(
    lockFile,
    async () => {
      // Single flight: whoever held the lock before us may have just renewed the session.
      const hit = (!req.force || wait.waited) && (await cached());
      if (hit) return hit;
      const longTerm = await req.key();
      const session: CachedSession = await withMfaCode(deps, req.profile, req.codes(), async (sts, code) => ({
        ...(await sts.getSessionToken(longTerm, { serialNumber: serial, tokenCode: code, durationSeconds: req.durationSeconds })),
        mfaSerial: serial,
        // Taken when STS answered (a person may have typed for a minute before): the lifetime.
        issuedAt: deps.now(),
      }));
      await deps.cache.write(key, session);
      return { session, fresh: true, cacheFile };
    },
    { timeoutMs: wait.left(), onWait: wait.onWait },
  );
}

/**
 * Gets a code and exchanges it with STS (GetSessionToken, or AssumeRole with a code), with the
 * code-reuse guard in front: the last code sent for this device is never sent again.
 */
export async function withMfaCode<T>(deps: MfaDeps, profile: MfaProfile, source: CodeSource, exchange: (sts: StsPort, code: string) => Promise<T>): Promise<T> {
  const serial = profile.mfaSerial;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const untilNextStep = () => STEP_SECONDS * 1000 - (deps.now().getTime() % (STEP_SECONDS * 1000)) + 300;
  let why: string | undefined;
  // Load the AWS SDK while the code is being fetched (mfa_process is another process, so both run
  // at once on a second core): a burst of cold AWS CLI calls waits on this one refresh.
  deps.sts().catch(() => {});
  for (let attempt = 1; ; attempt++) {
    let code = await source.get(attempt, why);
    const last = await deps.cache.lastCode(serial);
    const usedRecently = () => !!last && deps.now().getTime() - last.at < REUSE_WINDOW_MS;
    for (let guard = 0; usedRecently() && last!.hash === codeHash(serial, code); guard++) {
      if (!source.canRetry || guard >= 3)
        throw new AwsMfaError("CodeReused", msg("sessionMfa.mfaCodeForSerial", { serial }), {
          hint: msg("sessionMfa.waitForTheNext"),
        });
      if (source.kind === "process") {
        const ms = untilNextStep();
        deps.notify(`awsmfa: the MFA code was already used; waiting ${Math.ceil(ms / 1000)} s for the next one`);
        await sleep(ms);
        code = await source.get(attempt);
      } else code = await source.get(attempt, "that code was already used; wait for the next one and enter it");
    }
    try {
      const out = await exchange(await deps.sts(), code);
      await deps.cache.rememberCode(serial, code, deps.now().getTime());
      return out;
    } catch (e) {
      // No answer came, but the code went out: never send it again (the guard above waits instead).
      if (codeMayBeSpent(e)) await deps.cache.rememberCode(serial, code, deps.now().getTime());
      const invalid = e instanceof AwsMfaError && e.code === "InvalidCode";
      if (!invalid) throw e;
      if (source.canRetry && attempt < 3) {
        why = t("sessionMfa.rejectedEnterNext");
        if (source.kind === "process") {
          const ms = untilNextStep();
          deps.notify(`awsmfa: AWS rejected the code from mfa_process; retrying in ${Math.ceil(ms / 1000)} s with the next one`);
          await sleep(ms);
        }
        continue;
      }
      // "Reused" only when the record shows this very code went out before (another awsmfa may have
      // sent it meanwhile); any other rejection is AWS's plain one.
      const now = await deps.cache.lastCode(serial);
      if (now && now.hash === codeHash(serial, code) && deps.now().getTime() - now.at < REUSE_WINDOW_MS)
        throw new AwsMfaError("CodeReused", msg("sessionMfa.awsRejectedTheMfa"), {
          hint: msg("sessionMfa.waitForTheNext"),
        });
      throw e;
    }
  }
}
