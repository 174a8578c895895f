import { AwsMfaError, msg } from "../core/errors.js";
import { configFile, credentialsFile } from "../core/paths.js";
import { quoteArg } from "../core/process-line.js";
import { isLongTermKeyId, removeFileSession } from "../core/session.js";
import { updateIniFile } from "../ports/aws-files.js";
import type { World } from "../world.js";

/**
 * Puts profile NAME (an MFA source profile) in process mode: clears awsmfa's own session from [NAME]
 * of the credentials file (static keys there would beat credential_process in the CLI), refuses a
 * long-term key there, and writes the credential_process line. The one home of that decision, for
 * `configure --mode process` and `setup`. Returns the line written.
 */
export async function useProcessMode(world: World, name: string, command?: string): Promise<string> {
  const credPath = credentialsFile(world);
  await updateIniFile(credPath, "credentials", (doc) => {
    const id = doc.get(name, "aws_access_key_id");
    if (isLongTermKeyId(id))
      throw new AwsMfaError("StaticKeysBeatProcess", msg("processmode.credpathNameHoldsA", { credPath, name }), {
        hint: msg("processmode.renameNameToName", { name }),
      });
    removeFileSession(doc, name);
  });
  const cmd = command ?? world.selfCommand().map((w) => quoteArg(w, world.platform)).join(" ");
  const line = `${cmd} credential-process --profile ${quoteArg(name, world.platform)}`;
  await updateIniFile(configFile(world), "config", (doc) => doc.set(name, "credential_process", line));
  return line;
}
