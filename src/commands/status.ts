import { AwsMfaError } from "../core/errors.js";
import { humanDuration } from "../core/duration.js";
import { parseFlags } from "../core/flags.js";
import { longTermSectionFor, mfaProfileNames, readMfaProfile, type MfaProfile } from "../core/profile.js";
import { localTime, sessionState, type SessionState } from "../core/session.js";
import { readAwsFiles } from "../ports/aws-files.js";
import { sessionWhere } from "../ports/session-info.js";
import { sessionCache } from "../session/cache.js";
import type { Command } from "./types.js";

const help = `awsmfa status — show MFA profiles, where their keys live, and their sessions

Usage: awsmfa status [--profile P] [--json]

For each profile with an mfa_serial (or just P): the MFA serial, the long-term key's source,
file or process mode, and the session: valid until X with N left, expiring, expired, or none.
Reads local files only: no network, no prompt.

Flags:
  -p, --profile P   only this profile
  --json            a JSON array on stdout (fields: profile, mfaSerial, mode, keySource,
                    keySection, keyPresent, session {state, expiration, remainingSeconds}, sessionFile)

Examples:
  awsmfa status
  awsmfa status --profile work --json
`;

export interface ProfileStatus {
  profile: string;
  mfaSerial: string;
  mode: "file" | "process";
  keySource: string;
  keySection: string;
  keyPresent: boolean;
  session: { state: SessionState["kind"]; expiration?: string; remainingSeconds?: number };
  sessionFile?: string;
}

export const command: Command = {
  help,
  async run(world, args) {
    const { flags } = parseFlags(args, { profile: { type: "string", short: "p" }, json: { type: "boolean" } }, { command: "status" });
    const { configFile: cfgPath, config, creds } = await readAwsFiles(world);
    const names = flags.profile ? [flags.profile] : mfaProfileNames(config);
    const cache = sessionCache(world);
    const now = world.now();
    const rows: ProfileStatus[] = [];
    for (const name of names) {
      const p: MfaProfile = readMfaProfile(config, name, cfgPath);
      const keyId = creds.get(longTermSectionFor(name), "aws_access_key_id")?.trim();
      const keyPresent = !!keyId && !!creds.get(longTermSectionFor(name), "aws_secret_access_key")?.trim();
      const mode = p.credentialProcess ? "process" : "file";
      const { expiration, sessionFile } = await sessionWhere(config, creds, cache, name);
      const st = sessionState(expiration, now);
      rows.push({
        profile: name,
        mfaSerial: p.mfaSerial,
        mode,
        keySource: p.source,
        keySection: p.longTermSection,
        keyPresent,
        session: {
          state: st.kind,
          ...(st.kind !== "none" ? { expiration: st.expiration.toISOString() } : {}),
          ...(st.kind === "valid" || st.kind === "expiring" ? { remainingSeconds: Math.floor(st.remainingMs / 1000) } : {}),
        },
        sessionFile,
      });
    }
    if (flags.json) {
      world.stdout.write(JSON.stringify(rows) + "\n");
      return 0;
    }
    if (!rows.length) {
      throw new AwsMfaError("NotFound", `${cfgPath}: no profile has an mfa_serial`, { hint: "run 'awsmfa setup --profile NAME' to make one" });
    }
    for (const r of rows) world.stdout.write(formatRow(r) + "\n");
    return 0;
  },
};

function formatRow(r: ProfileStatus): string {
  const key = r.keyPresent ? `${r.keySource} [${r.keySection}]` : `missing (expected in [${r.keySection}])`;
  const s = r.session;
  const exp = s.expiration ? localTime(new Date(s.expiration)) : "";
  const state =
    s.state === "valid" || s.state === "expiring"
      ? `valid until ${exp} (${humanDuration(s.remainingSeconds ?? 0)} left${s.state === "expiring" ? ", renews on next use" : ""})`
      : s.state === "expired"
        ? `expired at ${exp}`
        : "none";
  return `${r.profile}\n  mfa_serial: ${r.mfaSerial}\n  key:        ${key}\n  mode:       ${r.mode}\n  session:    ${state}`;
}
