import { accessSync, constants, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, posix, relative, resolve, sep, win32 } from "node:path";
import type { Env } from "../world.js";

// How credential_process (and the demo) call this awsmfa again. The line must survive what users
// do to their machines: nvm switching Node versions or a reinstall moves `process.execPath` and
// the script, but a global install's `awsmfa` launcher on PATH stays where it is. IDEs and GUI
// apps may start the AWS CLI with another PATH, so the launcher's ABSOLUTE path is written.
//
// A launcher on PATH counts only if it really is this awsmfa — judged from the filesystem alone
// (no child process: this runs inside commands, and another awsmfa's `--version` could match by
// chance without being this install):
//   - it resolves (through symlinks: npm and pnpm on POSIX) to this very script; or
//   - it is a small text shim (npm's awsmfa.cmd on Windows, a `exec node …/cli.js "$@"` wrapper)
//     that names this script, absolutely or relative to the shim's folder.
// Otherwise: node plus the script, both absolute (what a local checkout or `npx` needs).

export interface SelfFacts {
  execPath: string;
  /** argv[1] as started. */
  script: string;
  env: Env;
  platform: NodeJS.Platform;
}

/** The command that runs this awsmfa, as argv words (not yet quoted). */
export function selfCommand(f: SelfFacts): string[] {
  const script = realOr(f.script);
  const launcher = findOnPath("awsmfa", f.env, f.platform);
  if (launcher && isThisAwsmfa(launcher, script)) return [launcher];
  return [f.execPath, script];
}

/** The first executable NAME in PATH (with PATHEXT on Windows), absolute; undefined if none. */
export function findOnPath(name: string, env: Env, platform: NodeJS.Platform): string | undefined {
  const win = platform === "win32";
  const p = win ? win32 : posix;
  const list = (win ? (env.Path ?? env.PATH) : env.PATH) ?? "";
  const exts = win ? (env.PATHEXT ?? ".COM;.EXE;.BAT;.CMD").split(";").filter(Boolean) : [""];
  for (const dir of list.split(win ? ";" : ":")) {
    // An empty or relative PATH entry means "relative to the cwd": not a stable place.
    if (!dir || !p.isAbsolute(dir)) continue;
    for (const ext of exts) {
      const file = p.join(dir, name + ext.toLowerCase());
      if (isExecutable(file, win)) return file;
    }
  }
  return undefined;
}

function isExecutable(file: string, win: boolean): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (!win) accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function isThisAwsmfa(launcher: string, script: string): boolean {
  if (realOr(launcher) === script) return true;
  try {
    if (statSync(launcher).size > 4096) return false; // a real program, not a shim
    const text = readFileSync(launcher, "utf8");
    const rel = relative(dirname(launcher), script);
    return [script, rel, rel.split(sep).join("\\")].some((s) => s.length > 0 && text.includes(s));
  } catch {
    return false;
  }
}

function realOr(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return resolve(file);
  }
}
