import { AwsMfaError, badFlag } from "../core/errors.js";
import { parseFlags } from "../core/flags.js";
import { configFile, credentialsFile } from "../core/paths.js";
import { resolveProfileName } from "../core/profile.js";
import { resolvePlan } from "../core/resolve.js";
import { isLongTermKeyId, removeFileSession } from "../core/session.js";
import { readIniFile, updateIniFile } from "../ports/aws-files.js";
import type { World } from "../world.js";
import type { Command } from "./types.js";

const help = `awsmfa configure — switch a profile between file mode and process mode

Usage: awsmfa configure --profile P --mode process|file [--command CMD]

process  writes credential_process into [profile P] of ~/.aws/config, so the AWS CLI and SDKs
         ask awsmfa for a session whenever they need one (renewing it on demand). The line
         names absolute paths, because credential_process expands neither ~ nor variables.
         Static keys in [P] of the credentials file would beat credential_process, so a session
         awsmfa wrote there is removed; a long-term key there is refused.
file     removes that credential_process line; 'awsmfa login' writes sessions to [P] again.

For a role profile (role_arn + source_profile = S) the switch is made on S: the AWS CLI and the
SDKs assume the role themselves from S, and ignore credential_process in a profile that has
role_arn. So '--profile ROLE --mode process' writes credential_process into [profile S], and the
role then renews on demand through S's MFA session.

Flags:
  -p, --profile P   profile (default: $AWS_PROFILE, $AWS_DEFAULT_PROFILE, then "default")
  --mode M          process or file
  --command CMD     the awsmfa command to write (default: the absolute path of the awsmfa on
                    PATH if it is this one, else this node and this awsmfa's script)

Examples:
  awsmfa configure --profile work --mode process
  awsmfa configure --profile work --mode process --command awsmfa
  awsmfa configure --profile work --mode file
`;

/**
 * Quotes a word for credential_process, which two different parsers read: the AWS CLI (botocore's
 * compat_shell_split: shlex.split on POSIX, its own MS-C-runtime-style splitter on Windows) and the
 * JS SDK (child_process.exec: /bin/sh -c on POSIX, cmd.exe on Windows). On POSIX only single quotes
 * mean the same to shlex and sh (inside double quotes shlex keeps the backslash of \$ and sh does
 * not); a ' inside is written '\''. On Windows only double quotes quote (paths cannot hold a ").
 */
export function quoteArg(arg: string, platform: NodeJS.Platform = "linux"): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(arg)) return arg;
  return platform === "win32" ? `"${arg}"` : `'${arg.replace(/'/g, "'\\''")}'`;
}

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
      throw new AwsMfaError("StaticKeysBeatProcess", `${credPath}: [${name}] holds a long-term key, which would beat credential_process`, {
        hint: `rename [${name}] to [${name}-long-term] (awsmfa reads the key from there), then run this again`,
      });
    removeFileSession(doc, name);
  });
  const cmd = command ?? world.selfCommand().map((w) => quoteArg(w, world.platform)).join(" ");
  const line = `${cmd} credential-process --profile ${quoteArg(name, world.platform)}`;
  await updateIniFile(configFile(world), "config", (doc) => doc.set(name, "credential_process", line));
  return line;
}

export const command: Command = {
  help,
  async run(world, args) {
    const { flags } = parseFlags(args, {
      profile: { type: "string", short: "p" },
      mode: { type: "string" },
      command: { type: "string" },
    }, { command: "configure" });
    if (flags.mode !== "process" && flags.mode !== "file") throw badFlag("--mode", flags.mode === undefined ? "needs process or file" : `'${flags.mode}' is not process or file`);
    const asked = resolveProfileName(flags.profile, world.env);
    const cfgPath = configFile(world);
    const plan = resolvePlan({ config: await readIniFile(cfgPath, "config"), name: asked, configFile: cfgPath }); // must resolve to an MFA profile
    // The mode belongs to the MFA source profile; for a role, say so on the first line.
    const name = plan.mfa.name;
    const via = plan.role ? `profile ${asked} assumes ${plan.role.roleArn} through ${name}; ` : "";

    if (flags.mode === "file") {
      await updateIniFile(cfgPath, "config", (doc) => void doc.delete(name, "credential_process"));
      world.stdout.write(`${via}profile ${name}: file mode; run 'awsmfa login --profile ${asked}' to write a session to [${name}]\n`);
      return 0;
    }

    const line = await useProcessMode(world, name, flags.command);
    world.stdout.write(`${via}profile ${name}: process mode\n  credential_process = ${line}\n`);
    return 0;
  },
};
