import { posix, win32 } from "node:path";
import type { Env } from "../world.js";
import { AwsMfaError, msg } from "./errors.js";

/** The most any file awsmfa reads may hold: AWS files and our own are a few KB (ports/atomic-write.ts). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

// Where AWS's files and our own state live. Pure: home and platform are passed in.

export interface Where {
  env: Env;
  platform: NodeJS.Platform;
}

export function homeDir(w: Where): string {
  const h = w.platform === "win32" ? (w.env.USERPROFILE ?? w.env.HOME) : (w.env.HOME ?? w.env.USERPROFILE);
  if (!h)
    throw new AwsMfaError("FileAccess", msg("paths.notSet", { name: w.platform === "win32" ? "USERPROFILE" : "HOME" }), {
      hint: msg("paths.awsmfaNeedsAHome"),
    });
  return h;
}

/** The path module for the platform: decisions are made with the target OS's rules, even in tests. */
export const pathApi = (platform: NodeJS.Platform) => (platform === "win32" ? win32 : posix);

const p = (w: Where) => pathApi(w.platform);

function expandHome(w: Where, file: string): string {
  return file === "~" || file.startsWith("~/") ? p(w).join(homeDir(w), file.slice(1)) : file;
}

export const configFile = (w: Where) =>
  expandHome(w, w.env.AWS_CONFIG_FILE || p(w).join(homeDir(w), ".aws", "config"));

export const credentialsFile = (w: Where) =>
  expandHome(w, w.env.AWS_SHARED_CREDENTIALS_FILE || p(w).join(homeDir(w), ".aws", "credentials"));

/** $XDG_CACHE_HOME/awsmfa, %LOCALAPPDATA%\awsmfa\cache, ~/Library/Caches/awsmfa. */
export function cacheDir(w: Where): string {
  if (w.env.XDG_CACHE_HOME) return p(w).join(w.env.XDG_CACHE_HOME, "awsmfa");
  if (w.platform === "win32") return p(w).join(w.env.LOCALAPPDATA ?? p(w).join(homeDir(w), "AppData", "Local"), "awsmfa", "cache");
  if (w.platform === "darwin") return p(w).join(homeDir(w), "Library", "Caches", "awsmfa");
  return p(w).join(homeDir(w), ".cache", "awsmfa");
}

/** $XDG_DATA_HOME/awsmfa (trust records live here), with the OS equivalents. */
export function dataDir(w: Where): string {
  if (w.env.XDG_DATA_HOME) return p(w).join(w.env.XDG_DATA_HOME, "awsmfa");
  if (w.platform === "win32") return p(w).join(w.env.APPDATA ?? p(w).join(homeDir(w), "AppData", "Roaming"), "awsmfa");
  if (w.platform === "darwin") return p(w).join(homeDir(w), "Library", "Application Support", "awsmfa");
  return p(w).join(homeDir(w), ".local", "share", "awsmfa");
}
