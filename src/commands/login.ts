import { humanDuration, parseDuration } from "../core/duration.js";
import { parseFlags } from "../core/flags.js";
import { printable } from "../core/printable.js";
import { fileSessionExpiry, localTime, sessionState, writeFileSession } from "../core/session.js";
import { updateIniFile } from "../ports/files.js";
import { lazyTerminal } from "../ports/terminal.js";
import { chooseCodeSource, loadProfile, mfaDeps, refuseLongTermKeyInSessionSection } from "../session/context.js";
import { flagCode } from "../session/codes.js";
import { getMfaSession } from "../session/mfa.js";
import type { Command } from "./types.js";

const help = `awsmfa login — get an MFA session for a profile and hand it to the AWS CLI and SDKs

Usage: awsmfa login [--profile P] [--code 123456] [--duration 12h] [--force]

Reads mfa_serial, duration_seconds and region from [profile P] in ~/.aws/config and the long-term
key from [P-long-term] in ~/.aws/credentials, calls sts:GetSessionToken and writes the session to [P]
in ~/.aws/credentials (or only to awsmfa's cache when the profile uses credential_process).
A session with more than 15 minutes left is reused without asking for a code.

Flags:
  -p, --profile P    profile (default: $AWS_PROFILE, $AWS_DEFAULT_PROFILE, then "default")
  -c, --code C       the 6-digit MFA code (default: mfa_process, else ask on the terminal,
                     else read one line from stdin)
  -d, --duration D   session length: 900, 15m, 12h, 36h (900..129600 s; default duration_seconds or 12h)
  -f, --force        get a new session even if the current one is still valid

Examples:
  awsmfa login --profile work
  awsmfa login --profile work --code 123456 --duration 8h
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
    }, { command: "login" });
    // Validate flags before touching files or the network.
    if (flags.code !== undefined) flagCode(flags.code);
    const flagDuration = flags.duration !== undefined ? parseDuration(flags.duration, "--duration") : undefined;

    const ctx = await loadProfile(world, flags.profile);
    const durationSeconds = flagDuration ?? ctx.profile.durationSeconds;
    const processMode = !!ctx.profile.credentialProcess;
    const now = world.now();

    if (!flags.force && !processMode) {
      const st = sessionState(fileSessionExpiry(ctx.creds, ctx.name), now);
      if (st.kind === "valid") {
        world.stdout.write(`profile ${ctx.name}: session still valid until ${localTime(st.expiration)} (${humanDuration(st.remainingMs / 1000)} left); use --force to renew\n`);
        return 0;
      }
    }

    const term = lazyTerminal(world);
    try {
      const deps = mfaDeps(world, ctx, term);
      const { session, fresh } = await getMfaSession(deps, {
        profile: ctx.profile,
        key: ctx.key,
        durationSeconds,
        force: flags.force,
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
      world.stdout.write(printable(`profile ${ctx.name}: ${how}, valid until ${localTime(session.expiration)} (${left} left); ${where}`) + "\n");
      return 0;
    } finally {
      term.close();
    }
  },
};
