import { parseFlags } from "../core/flags.js";
import { configFile, credentialsFile } from "../core/paths.js";
import { longTermSectionFor, readMfaProfile, resolveProfileName } from "../core/profile.js";
import { removeFileSession } from "../core/session.js";
import { readIniFile, updateIniFile } from "../ports/aws-files.js";
import { cacheKey } from "../session/cache.js";
import { sessionCache } from "../session/cache.js";
import type { Command } from "./types.js";

const help = `awsmfa logout — forget a profile's MFA session

Usage: awsmfa logout [--profile P]

Removes the session keys from [P] in ~/.aws/credentials and from awsmfa's cache. The long-term
key in [P-long-term] is never touched; a long-term (AKIA…) key in [P] is left alone too.

Examples:
  awsmfa logout --profile work
`;


export const command: Command = {
  help,
  async run(world, args) {
    const { flags } = parseFlags(args, { profile: { type: "string", short: "p" } }, { command: "logout" });
    const name = resolveProfileName(flags.profile, world.env);
    const cfgPath = configFile(world);
    const credPath = credentialsFile(world);
    const config = await readIniFile(cfgPath, "config");
    const profile = readMfaProfile(config, name, cfgPath);
    let removedFile = false;
    let keyId: string | undefined;
    await updateIniFile(credPath, "credentials", (doc) => {
      keyId = doc.get(longTermSectionFor(name), "aws_access_key_id")?.trim();
      removedFile = removeFileSession(doc, name);
    });
    const removedCache = keyId ? await sessionCache(world).remove(cacheKey(keyId, profile.mfaSerial)) : false;
    world.stdout.write(
      removedFile || removedCache ? `profile ${name}: session removed\n` : `profile ${name}: no session to remove\n`,
    );
    return 0;
  },
};
