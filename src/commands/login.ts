import { humanDuration, parseDuration } from "../core/duration.js";
import { printable } from "../core/printable.js";
import { AwsMfaError, badFlag, msg } from "../core/errors.js";
import { isReusable, localTime, readFileSession, removeFileSession, sessionState, writeFileSession } from "../core/session.js";
import { checkWritable } from "../ports/atomic-write.js";
import { updateIniFile } from "../ports/aws-files.js";
import { lazyTerminal } from "../ports/terminal.js";
import { sessionWhere } from "../ports/session-info.js";
import { chooseCodeSource, commandWait, loadLongTermKey, loadPlan, mfaDeps, refuseLongTermKeyInSessionSection, type PlanContext } from "../session/context.js";
import { flagCode } from "../session/codes.js";
import { getMfaSession, type MfaDeps } from "../session/mfa.js";
import type { World } from "../world.js";
import { spec } from "./login.spec.js";
import { parseCommand } from "./spec.js";
import type { Command } from "./types.js";
import { t as tr } from "../i18n/index.js";


export const command: Command = {
  async run(world, args) {
    const { flags } = parseCommand(spec, args);
    // Validate flags before touching files or the network.
    if (flags.force && flags.verify) throw badFlag("--verify", msg("login.notWithForceWhich"));
    if (flags.code !== undefined) flagCode(flags.code);
    const flagDuration = flags.duration !== undefined ? parseDuration(flags.duration, "--duration") : undefined;

    const ctx = await loadPlan(world, flags.profile);
    const { plan } = ctx;
    const src = plan.mfa; // a role logs in its source profile
    refuseLongTermKeyInSessionSection(ctx.creds, src.name, ctx.credentialsFile);
    const durationSeconds = flagDuration ?? src.durationSeconds;
    const processMode = plan.mode === "process";
    const now = world.now();
    const roleNote = plan.role ? tr("login.sourceOf", { name: plan.name }) : "";

    const term = lazyTerminal(world);
    const wait = commandWait(world, src.name, term.tell);
    try {
      const deps = mfaDeps(world, plan, term);
      let force = !!flags.force;
      const verified = flags.verify && !force ? await verifyAtAws(world, ctx, deps) : undefined;
      if (verified === "refused") force = true;
      const checked = verified === "accepted" ? tr("login.awsAccepts") : "";

      if (!force && !processMode && !plan.role) {
        const where = await sessionWhere(ctx, deps.cache, plan);
        const st = sessionState(where.expiration, now, where.lifetimeMs);
        if (st.kind === "valid") {
          world.stdout.write(
            tr("login.profileNameSessionStill", { name: src.name, expiration: localTime(st.expiration), value: humanDuration(st.remainingMs / 1000), checked }),
          );
          return 0;
        }
      }
      // Before a code is spent: a read-only ~/.aws must not cost a code and leave a session half-stored.
      if (!processMode) await checkWritable(ctx.credentialsFile);
      const codes = () =>
        chooseCodeSource(world, plan, term, {
          code: flags.code,
          allowStdin: true,
          noTerminalMessage: msg("login.noMfaCode", { name: src.name }),
        });
      const { session, fresh } = await getMfaSession(deps, {
        profile: src,
        cacheId: plan.cache.mfa,
        key: () => loadLongTermKey(plan, ctx, world),
        durationSeconds,
        force,
        codes,
        wait,
      });
      if (!processMode) {
        await updateIniFile(ctx.credentialsFile, "credentials", (doc) => {
          // Re-checked under the lock: the file may have changed since we first read it.
          refuseLongTermKeyInSessionSection(doc, src.name, ctx.credentialsFile);
          writeFileSession(doc, src.name, session);
        }, { read: ctx.creds, onNarrowed: (f, from, to) => world.stderr.write(tr("login.awsmfaFWasReadable", { f, value: from.toString(8).padStart(4, "0"), value2: to.toString(8).padStart(4, "0") })) });
      }
      const left = humanDuration((session.expiration.getTime() - world.now().getTime()) / 1000);
      const how = fresh ? tr("login.newSession") : tr("login.reusedSession");
      const where = processMode ? tr("login.servedByProcess") : tr("login.writtenTo", { name: src.name, credentialsFile: ctx.credentialsFile });
      world.stdout.write(printable(tr("login.profileNameRolenoteHow", { name: src.name, roleNote, how, expiration: localTime(session.expiration), left, checked: fresh ? "" : checked, where })) + "\n");
      if (plan.role) {
        const role = plan.role;
        if (plan.roleNeedsOwnCode) {
          world.stdout.write(tr("login.profileNameRolearnLasts", { name: plan.name, roleArn: role.roleArn }));
        } else {
          const { resolveChain } = await import("../session/chain.js");
          const r = await resolveChain(world, ctx, wait, { force });
          world.stdout.write(tr("login.profileNameRoleSession", { name: plan.name, roleArn: role.roleArn, expiration: localTime(r.credentials.expiration), name2: src.name }));
        }
      }
      return 0;
    } finally {
      wait.done();
      term.close();
    }
  },
};

/** AWS's answers that mean "this session no longer works", as opposed to "cannot tell right now". */
const REFUSED = new Set(["ExpiredToken", "InvalidClientTokenId", "AccessDenied", "SignatureDoesNotMatch"]);

/**
 * --verify: the session login would hand out (the one in [SOURCE], else the cached one) is checked
 * with GetCallerIdentity, which needs no permission, so only a dead token fails it. A refused
 * session is dropped from the cache and from [SOURCE] before the new login, so nothing hands it
 * out again even if that login fails. Network trouble or clock skew is an error: it says nothing
 * about the session.
 */
async function verifyAtAws(world: World, ctx: PlanContext, deps: MfaDeps): Promise<"accepted" | "refused" | undefined> {
  const { plan } = ctx;
  const src = plan.mfa.name;
  const now = world.now();
  const inFile = plan.mode === "file" ? readFileSession(ctx.creds, src) : undefined;
  const cached = await deps.cache.reusable(plan.cache.mfa, now, { serial: plan.serial });
  const session = inFile && isReusable(sessionState(inFile.expiration, now)) ? inFile : cached;
  if (!session) return undefined; // nothing to verify: a plain login follows
  try {
    await (await deps.sts()).getCallerIdentity(session);
    return "accepted";
  } catch (e) {
    if (!(e instanceof AwsMfaError) || !REFUSED.has(e.code)) throw e;
    world.stderr.write(tr("login.awsmfaAwsRefusedThe", { src, code: e.code }));
    await deps.cache.remove(plan.cache.mfa);
    if (plan.mode === "file")
      await updateIniFile(ctx.credentialsFile, "credentials", (doc) => {
        removeFileSession(doc, src);
      });
    return "refused";
  }
}
