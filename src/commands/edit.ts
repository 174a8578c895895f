import { spawn } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import { DOTFILE_NAME } from "../core/dotfile.js";
import { AwsMfaError, msg } from "../core/errors.js";
import { pathApi } from "../core/paths.js";
import { printable } from "../core/printable.js";
import { findNearest, readBytes, resolveTarget } from "../ports/trust-store.js";
import type { World } from "../world.js";
import { allowFile } from "./allow.js";
import { spec } from "./edit.spec.js";
import { parseCommand } from "./spec.js";
import type { Command } from "./types.js";
import { t as tr } from "../i18n/index.js";


const TEMPLATE = `# awsmfa: the AWS profile for this folder and everything below it.
# profile = NAME
# region = eu-west-1
`;

/** Runs the user's editor string the way git does: through the shell, with the file as one argument. */
function runEditor(world: World, editor: string, file: string): Promise<number> {
  const child =
    world.platform === "win32"
      ? spawn(`${editor} "${file}"`, { shell: true, stdio: "inherit", env: world.env as NodeJS.ProcessEnv })
      : spawn("/bin/sh", ["-c", `${editor} "$1"`, "sh", file], { stdio: "inherit", env: world.env as NodeJS.ProcessEnv });
  return new Promise((resolve, reject) => {
    child.on("error", (e) => reject(new AwsMfaError("NotFound", msg("edit.cannotStartTheEditor", { editor, message: e.message }))));
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

export const command: Command = {
  async run(world, args) {
    const { positionals } = parseCommand(spec, args);
    const p = pathApi(world.platform);
    const existing = positionals[0] !== undefined ? await resolveTarget(world, positionals[0], false) : await findNearest(world);
    const file = existing ?? p.join(world.cwd, DOTFILE_NAME);
    const before = await readBytes(file);
    const created = before === undefined;
    if (created) await writeFile(file, TEMPLATE, { mode: 0o644 });
    const editor = world.env.VISUAL || world.env.EDITOR || (world.platform === "win32" ? "notepad" : "vi");
    const code = await runEditor(world, editor, file);
    if (code !== 0) {
      if (created) await rm(file, { force: true });
      throw new AwsMfaError("Aborted", msg("edit.theEditorExitedWith", { code, file }));
    }
    const after = await readBytes(file);
    if (!after) throw new AwsMfaError("NotFound", msg("edit.fileIsGoneNothing", { file }));
    if (created && after.toString("utf8") === TEMPLATE) {
      await rm(file, { force: true });
      world.stderr.write(tr("edit.awsmfaNothingSavedFile", { file: printable(file) }));
      return 0;
    }
    await allowFile(world, file);
    return 0;
  },
};
