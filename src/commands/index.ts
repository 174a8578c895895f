import type { CommandSpec } from "./spec.js";
import type { Command } from "./types.js";

// The command registry: names and lazy loaders only. A command's run code and its definition are
// separate modules, so `awsmfa --help` and completion load definitions only, and a warm
// `credential-process` loads neither the AWS SDK nor any other command's definition.
export type Entry = { spec: () => Promise<{ spec: CommandSpec }>; load: () => Promise<{ command: Command }> };

export const COMMANDS: Readonly<Record<string, Entry>> = {
  login: { spec: () => import("./login.spec.js"), load: () => import("./login.js") },
  status: { spec: () => import("./status.spec.js"), load: () => import("./status.js") },
  logout: { spec: () => import("./logout.spec.js"), load: () => import("./logout.js") },
  "credential-process": { spec: () => import("./credential-process.spec.js"), load: () => import("./credential-process.js") },
  exec: { spec: () => import("./exec.spec.js"), load: () => import("./exec.js") },
  env: { spec: () => import("./env.spec.js"), load: () => import("./env.js") },
  configure: { spec: () => import("./configure.spec.js"), load: () => import("./configure.js") },
  hook: { spec: () => import("./hook.spec.js"), load: () => import("./hook.js") },
  allow: { spec: () => import("./allow.spec.js"), load: () => import("./allow.js") },
  deny: { spec: () => import("./deny.spec.js"), load: () => import("./deny.js") },
  edit: { spec: () => import("./edit.spec.js"), load: () => import("./edit.js") },
  direnv: { spec: () => import("./direnv.spec.js"), load: () => import("./direnv.js") },
  device: { spec: () => import("./device.spec.js"), load: () => import("./device.js") },
  keys: { spec: () => import("./keys.spec.js"), load: () => import("./keys.js") },
  setup: { spec: () => import("./setup.spec.js"), load: () => import("./setup.js") },
  doctor: { spec: () => import("./doctor.spec.js"), load: () => import("./doctor.js") },
  completion: { spec: () => import("./completion.spec.js"), load: () => import("./completion.js") },
  emulator: { spec: () => import("./emulator.spec.js"), load: () => import("./emulator.js") },
  demo: { spec: () => import("./demo.spec.js"), load: () => import("./demo.js") },
  __complete: { spec: () => import("./complete.spec.js"), load: () => import("./complete.js") },
};

/** Every definition, in registry order (the order of the top-level list). */
export async function allSpecs(): Promise<CommandSpec[]> {
  return Promise.all(Object.values(COMMANDS).map(async (e) => (await e.spec()).spec));
}
