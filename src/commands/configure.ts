import { badFlag } from "../core/errors.js";
import { parseFlags } from "../core/flags.js";
import { configFile } from "../core/paths.js";
import { resolveProfileName } from "../core/profile.js";
import { resolvePlan } from "../core/resolve.js";
import { readIniFile, updateIniFile } from "../ports/aws-files.js";
import { useProcessMode } from "../session/process-mode.js";
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
