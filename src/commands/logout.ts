import { planProfileNames, resolvePlan } from "../core/resolve.js";
import { removeFileSession } from "../core/session.js";
import { updateIniFile } from "../ports/aws-files.js";
import { sessionCache } from "../session/cache.js";
import { loadPlan } from "../session/context.js";
import { spec } from "./logout.spec.js";
import { parseCommand } from "./spec.js";
import type { Command } from "./types.js";
import { t as tr } from "../i18n/index.js";


export const command: Command = {
  async run(world, args) {
    const { flags } = parseCommand(spec, args);
    const { plan, credentialsFile, config, configFile } = await loadPlan(world, flags.profile);
    const cache = sessionCache(world);
    if (plan.role) {
      const removed = await cache.remove(plan.cache.role!);
      const src = plan.role.sourceProfile;
      world.stdout.write(
        tr(removed ? "logout.roleRemoved" : "logout.noRoleSession", { name: plan.name, src }),
      );
      return 0;
    }
    let removedFile = false;
    await updateIniFile(credentialsFile, "credentials", (doc) => {
      removedFile = removeFileSession(doc, plan.name);
    });
    let removedCache = await cache.remove(plan.cache.mfa);
    // Role sessions assumed from this one would outlive it in the cache: a logout ends them too.
    for (const name of planProfileNames(config)) {
      if (config.get(name, "source_profile")?.trim() !== plan.name || !config.get(name, "role_arn")?.trim()) continue;
      const role = resolvePlan({ config, name, configFile });
      if (role.cache.role && (await cache.remove(role.cache.role))) removedCache = true;
    }
    world.stdout.write(
      tr(removedFile || removedCache ? "logout.removed" : "logout.nothingToRemove", { name: plan.name }),
    );
    return 0;
  },
};
