import { humanDuration, parseDuration } from "../core/duration.js";
import { parseFlags } from "../core/flags.js";
import { AwsMfaError, badFlag } from "../core/errors.js";
import { fileSessionExpiry, isReusable, localTime, readFileSession, removeFileSession, sessionState, writeFileSession } from "../core/session.js";
import { updateIniFile } from "../ports/files.js";
import { lazyTerminal } from "../ports/terminal.js";
import { cacheKey } from "../session/cache.js";
import { chooseCodeSource, loadProfile, mfaDeps, refuseLongTermKeyInSessionSection, type ProfileContext } from "../session/context.js";
import { flagCode } from "../session/codes.js";
import { getMfaSession, type MfaDeps } from "../session/mfa.js";
import type { World } from "../world.js";
import type { Command } from "./types.js";

const help = `awsmfa login — get an MFA session for a profile and hand it to the AWS CLI and SDKs

Usage: awsmfa login [--profile P] [--code 123456] [--duration 12h] [--force | --verify]

Reads mfa_serial, duration_seconds and region from [profile P] in ~/.aws/config and the long-term
key from [P-long-term] in ~/.aws/credentials, calls sts:GetSessionToken and writes the session to [P]
in ~/.aws/credentials (or only to awsmfa's cache when the profile uses credential_process).
A session with more than 15 minutes left is reused without asking for a code. Its expiry is only
known locally: a session that AWS ended early (revoked, or its key deleted) looks valid until then;
--verify asks AWS first.

Flags:
  -p, --profile P    profile (default: $AWS_PROFILE, $AWS_DEFAULT_PROFILE, then "default")
  -c, --code C       the 6-digit MFA code (default: mfa_process, else ask on the terminal,
                     else read one line from stdin)
  -d, --duration D   session length: 900, 15m, 12h, 36h (900..129600 s; default duration_seconds or 12h)
  -f, --force        get a new session even if the current one is still valid
  --verify           ask AWS (sts:GetCallerIdentity) whether the current session still works; if
                     AWS refuses it (ExpiredToken, InvalidClientTokenId), drop it and log in anew

Examples:
  awsmfa login --profile work
  awsmfa login --profile work --code 123456 --duration 8h
  awsmfa login --profile work --verify
  ykman oath accounts code -s aws | awsmfa login --profile work
`;

export const command: Command = {
  help,
  async run(world, args) {
    const { flags } = parseFlags(args, {
      profile: { type: "string", short: "p" },
      code: { type: "string", short: "c" },
      duration: { type: "string", short: "d" },
      force: { type: "boolean", short: "f" },
      verify: { type: "boolean" },
    }, { command: "login" });
    // Validate flags before touching files or the network.
    if (flags.force && flags.verify) throw badFlag("--verify", "not with --force, which gets a new session without asking AWS");
    if (flags.code !== undefined) flagCode(flags.code);
    const flagDuration = flags.duration !== undefined ? parseDuration(flags.duration, "--duration") : undefined;

    const ctx = await loadProfile(world, flags.profile);
    const durationSeconds = flagDuration ?? ctx.profile.durationSeconds;
    const processMode = !!ctx.profile.credentialProcess;
    const now = world.now();

    const term = lazyTerminal(world);
    try {
      const deps = mfaDeps(world, ctx, term);
      let force = !!flags.force;
      const verified = flags.verify && !force ? await verifyAtAws(world, ctx, deps, processMode) : undefined;
      if (verified === "refused") force = true;
      const checked = verified === "accepted" ? "; AWS accepts it" : "";

      if (!force && !processMode) {
        const st = sessionState(fileSessionExpiry(ctx.creds, ctx.name), now);
        if (st.kind === "valid") {
          world.stdout.write(
            `profile ${ctx.name}: session still valid until ${localTime(st.expiration)} (${humanDuration(st.remainingMs / 1000)} left)${checked}; use --force to renew\n`,
          );
          return 0;
        }
      }

      const { session, fresh } = await getMfaSession(deps, {
        profile: ctx.profile,
        key: ctx.key,
        durationSeconds,
        force,
        codes: () =>
          chooseCodeSource(world, ctx, term, {
            code: flags.code,
            allowStdin: true,
            noTerminalMessage: `no MFA code for profile ${ctx.name}: no --code, no mfa_process, no terminal and nothing on stdin`,
          }),
      });
      if (!processMode) {
        await updateIniFile(ctx.credentialsFile, "credentials", (doc) => {
          // Re-checked under the lock: the file may have changed since we first read it.
          refuseLongTermKeyInSessionSection(doc, ctx.name, ctx.credentialsFile);
          writeFileSession(doc, ctx.name, session);
        });
      }
      const left = humanDuration((session.expiration.getTime() - world.now().getTime()) / 1000);
      const how = fresh ? "new session" : "reused the cached session";
      const where = processMode ? "credential_process serves it" : `written to [${ctx.name}] in ${ctx.credentialsFile}`;
      world.stdout.write(`profile ${ctx.name}: ${how}, valid until ${localTime(session.expiration)} (${left} left)${fresh ? "" : checked}; ${where}\n`);
      return 0;
    } finally {
      term.close();
    }
  },
};

/** AWS's answers that mean "this session no longer works", as opposed to "cannot tell right now". */
const REFUSED = new Set(["ExpiredToken", "InvalidClientTokenId", "AccessDenied", "SignatureDoesNotMatch"]);

/**
 * --verify: the session login would hand out (the one in [P], else the cached one) is checked with
 * GetCallerIdentity, which needs no permission, so only a dead token fails it. A refused session is
 * dropped from the cache and from [P] before the new login, so nothing hands it out again even if
 * that login fails. Network trouble or clock skew is an error: it says nothing about the session.
 */
async function verifyAtAws(world: World, ctx: ProfileContext, deps: MfaDeps, processMode: boolean): Promise<"accepted" | "refused" | undefined> {
  const now = world.now();
  const inFile = processMode ? undefined : readFileSession(ctx.creds, ctx.name);
  const key = cacheKey(ctx.key.accessKeyId, ctx.profile.mfaSerial);
  const session = inFile && isReusable(sessionState(inFile.expiration, now)) ? inFile : await deps.cache.reusable(key, now);
  if (!session) return undefined; // nothing to verify: a plain login follows
  try {
    await (await deps.sts()).getCallerIdentity(session);
    return "accepted";
  } catch (e) {
    if (!(e instanceof AwsMfaError) || !REFUSED.has(e.code)) throw e;
    world.stderr.write(`awsmfa: AWS refused the session for ${ctx.name} (${e.code}); dropped it, logging in anew\n`);
    await deps.cache.remove(key);
    if (!processMode)
      await updateIniFile(ctx.credentialsFile, "credentials", (doc) => {
        removeFileSession(doc, ctx.name);
      });
    return "refused";
  }
}
