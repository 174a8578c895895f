import { AwsMfaError } from "../core/errors.js";

// What the filesystem ports need to know about the process they run in: its pid (lock owners,
// temp-file names), the platform, its uid (root editing a user's files), whether another pid on
// this host is alive, and a hook that runs at exit. Only the entry reads `process`: src/cli.ts
// installs the real values once, before main runs; tests install theirs (test/helpers/host.ts).
// A module-level slot rather than a parameter: the ports are reached from a dozen call sites in
// commands and session code, and the exit hook is process-wide by nature anyway.

export interface Host {
  readonly pid: number;
  readonly platform: NodeJS.Platform;
  /** Effective uid; undefined where there is none (Windows). */
  readonly uid: number | undefined;
  /** True when `pid` is a live process on this host (one we may not signal counts as alive). */
  isAlive(pid: number): boolean;
  /** Run `fn` synchronously when the process exits, even through process.exit(). */
  atExit(fn: () => void): void;
}

let installed: Host | undefined;

export function installHost(h: Host): void {
  installed = h;
}

export function host(): Host {
  if (!installed) throw new AwsMfaError("Internal", "no host installed (src/cli.ts installs it before main runs)");
  return installed;
}
