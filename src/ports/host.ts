import { AwsMfaError, msg } from "../core/errors.js";

// What the filesystem ports need to know about the process they run in: its pid (lock owners,
// temp-file names), the platform, its uid (root editing a user's files), whether another pid on
// this host is alive, signals to process groups, and a hook that runs at exit. Only the entry reads
// `process` (src/process-host.ts builds the real Host); src/cli.ts installs it once, before main
// runs, and the test setup (test/helpers/host.ts) installs the same.
// A module-level slot rather than a parameter: the ports are reached from a dozen call sites in
// commands and session code, and the exit hook is process-wide by nature anyway.

export interface Host {
  readonly pid: number;
  /** The pid of whoever started us (doctor: the shell whose hook stamp to look for). */
  readonly parentPid: number;
  readonly platform: NodeJS.Platform;
  /** The running Node's version (doctor). */
  readonly nodeVersion: string;
  /** Effective uid; undefined where there is none (Windows). */
  readonly uid: number | undefined;
  /** True when `pid` is a live process on this host (one we may not signal counts as alive). */
  isAlive(pid: number): boolean;
  /** Send `sig` to `pid`; a negative pid is a POSIX process group (mfa_process and its children). Throws ESRCH when gone. */
  signal(pid: number, sig: NodeJS.Signals | 0): void;
  /** Run `fn` synchronously when the process exits, even through process.exit(). */
  atExit(fn: () => void): void;
}

let installed: Host | undefined;

export function installHost(h: Host): void {
  installed = h;
}

export function host(): Host {
  if (!installed) throw new AwsMfaError("Internal", msg("host.noHostInstalledSrc"));
  return installed;
}
