import { EXIT, isAwsMfaError } from "./core/errors.js";
import { paint, useColor } from "./core/color.js";
import { printable } from "./core/printable.js";
import { t, useLanguage } from "./i18n/index.js";
import type { World } from "./world.js";

// Shared by the full bundle (main.ts) and the lanes (lane.ts).

/** A run as main.ts and the lanes make it: in the user's language, any error printed by report. */
export async function guarded(world: World, debug: boolean, body: () => Promise<number>): Promise<number> {
  try {
    // Before anything can print: messages, prompts and help follow the user's language.
    await useLanguage(world.env);
    return await body();
  } catch (e) {
    return report(world, e, debug);
  }
}

/** The one place errors are printed: one line, plus an optional hint line. */
export function report(world: World, e: unknown, debug: boolean): number {
  const prefix = paint(useColor(world.env, world.stderrIsTTY ?? false)).red("awsmfa:");
  if (isAwsMfaError(e)) {
    // Messages carry paths and names from outside (folder names, profiles): no control characters.
    world.stderr.write(`${prefix} ${printable(e.message)}\n`);
    if (e.hint) world.stderr.write(`  ${printable(e.hint)}\n`);
    if (debug && e.stack) world.stderr.write(`${e.stack}\n`);
    return e.exitCode;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  world.stderr.write(`${prefix} ${printable(t("main.internalError", { message: err.message }))}\n`);
  if (debug && err.stack) world.stderr.write(`${err.stack}\n`);
  else world.stderr.write(`  ${t("main.runWithDebug")}\n`);
  return EXIT.internal;
}
