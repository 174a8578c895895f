import { badFlag, msg } from "../core/errors.js";
import { configFile } from "../core/paths.js";
import { resolveProfileName } from "../core/profile.js";
import { resolvePlan } from "../core/resolve.js";
import { readIniFile, updateIniFile } from "../ports/aws-files.js";
import { useProcessMode } from "../session/process-mode.js";
import { spec } from "./configure.spec.js";
import { parseCommand } from "./spec.js";
import type { Command } from "./types.js";
import { t as tr } from "../i18n/index.js";

export const command: Command = {
  async run(world, args) {
    const { flags } = parseCommand(spec, args);
    if (flags.mode !== "process" && flags.mode !== "file") throw badFlag("--mode", flags.mode === undefined ? msg("configure.needsProcessOrFile") : msg("configure.modeIsNotProcess", { mode: flags.mode }));
    const asked = resolveProfileName(flags.profile, world.env);
    const cfgPath = configFile(world);
    const plan = resolvePlan({ config: await readIniFile(cfgPath, "config"), name: asked, configFile: cfgPath }); // must resolve to an MFA profile
    // The mode belongs to the MFA source profile; for a role, say so on the first line.
    const name = plan.mfa.name;
    const via = plan.role ? `profile ${asked} assumes ${plan.role.roleArn} through ${name}; ` : "";

    if (flags.mode === "file") {
      await updateIniFile(cfgPath, "config", (doc) => void doc.delete(name, "credential_process"));
      world.stdout.write(tr("configure.viaProfileNameFile", { via, name, asked }));
      return 0;
    }

    const line = await useProcessMode(world, name, flags.command);
    world.stdout.write(tr("configure.viaProfileNameProcess", { via, name, line }));
    return 0;
  },
};
