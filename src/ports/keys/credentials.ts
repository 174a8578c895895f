import { longTermKeyIn, longTermSectionFor } from "../../core/profile.js";
import { credentialsFile } from "../../core/paths.js";
import { readIniFile, updateIniFile } from "../aws-files.js";
import type { World } from "../../world.js";
import type { KeySource, LongTermKey } from "./types.js";

// awsmfa_source = credentials (the default, aws-mfa's convention): the key sits in plain text in
// [P-long-term] of the shared credentials file. Every edit goes through the locked, atomic INI
// update, which changes only our lines and keeps comments and other sections byte for byte.

const ID = "aws_access_key_id";
const SECRET = "aws_secret_access_key";

export function credentialsKeySource(world: Pick<World, "env" | "platform">): KeySource {
  const file = () => credentialsFile(world);
  return {
    kind: "credentials",
    describe: (account) => `[${longTermSectionFor(account)}] in ${file()}`,
    async read(account) {
      return longTermKeyIn(await readIniFile(file(), "credentials"), account, file());
    },
    async write(account, key: LongTermKey) {
      await updateIniFile(file(), "credentials", (doc) => {
        const section = longTermSectionFor(account);
        doc.set(section, ID, key.accessKeyId);
        doc.set(section, SECRET, key.secretAccessKey);
      });
    },
    async remove(account) {
      let removed = false;
      await updateIniFile(file(), "credentials", (doc) => {
        const section = longTermSectionFor(account);
        removed = doc.delete(section, ID);
        removed = doc.delete(section, SECRET) || removed;
        // The section existed only to hold the key: its header goes too. A section the user also
        // keeps other settings in keeps them, and comment lines always stay.
        doc.deleteEmptySection(section);
      });
      return removed;
    },
  };
}
