import { AwsMfaError, badFlag } from "../core/errors.js";
import { configFile, credentialsFile } from "../core/paths.js";
import { resolveProfileName } from "../core/profile.js";
import { resolvePlan } from "../core/resolve.js";
import { isLongTermKeyId, removeFileSession } from "../core/session.js";
import { readIniFile, updateIniFile } from "../ports/aws-files.js";
import { spec } from "./configure.spec.js";
import { parseCommand } from "./spec.js";
import type { Command } from "./types.js";


/** Quotes a word for credential_process: the CLI splits it like a POSIX shell, the JS SDK runs it in one. */
export function quoteArg(arg: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(arg) ? arg : `"${arg.replace(/(["\\$`])/g, "\\$1")}"`;
}

export const command: Command = {
  async run(world, args) {
    const { flags } = parseCommand(spec, args);
    if (flags.mode !== "process" && flags.mode !== "file") throw badFlag("--mode", flags.mode === undefined ? "needs process or file" : `'${flags.mode}' is not process or file`);
    const asked = resolveProfileName(flags.profile, world.env);
    const cfgPath = configFile(world);
    const credPath = credentialsFile(world);
    const plan = resolvePlan({ config: await readIniFile(cfgPath, "config"), name: asked, configFile: cfgPath }); // must resolve to an MFA profile
    // The mode belongs to the MFA source profile; for a role, say so on the first line.
    const name = plan.mfa.name;
    const via = plan.role ? `profile ${asked} assumes ${plan.role.roleArn} through ${name}; ` : "";

    if (flags.mode === "file") {
      await updateIniFile(cfgPath, "config", (doc) => void doc.delete(name, "credential_process"));
      world.stdout.write(`${via}profile ${name}: file mode; run 'awsmfa login --profile ${asked}' to write a session to [${name}]\n`);
      return 0;
    }

    // Static keys beat credential_process in the CLI: clear our own session from [P] first.
    await updateIniFile(credPath, "credentials", (doc) => {
      const id = doc.get(name, "aws_access_key_id");
      if (isLongTermKeyId(id))
        throw new AwsMfaError("StaticKeysBeatProcess", `${credPath}: [${name}] holds a long-term key, which would beat credential_process`, {
          hint: `rename [${name}] to [${name}-long-term] (awsmfa reads the key from there), then run this again`,
        });
      removeFileSession(doc, name);
    });
    const cmd = flags.command ?? world.selfCommand().map(quoteArg).join(" ");
    const line = `${cmd} credential-process --profile ${quoteArg(name)}`;
    await updateIniFile(cfgPath, "config", (doc) => doc.set(name, "credential_process", line));
    world.stdout.write(`${via}profile ${name}: process mode\n  credential_process = ${line}\n`);
    return 0;
  },
};
