// The real Host (ports/host.ts), read from `process`. Part of the entry with cli.ts: the only two
// files that touch process. cli.ts installs it before main runs; the test setup installs the same.
import type { Host } from "./ports/host.js";

export function processHost(): Host {
  return {
    pid: process.pid,
    parentPid: process.ppid,
    platform: process.platform,
    nodeVersion: process.version,
    uid: process.getuid?.(),
    isAlive: (pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch (e) {
        return (e as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
      }
    },
    // process.kill, not ChildProcess.kill: only it takes a negative pid (a POSIX process group).
    signal: (pid, sig) => process.kill(pid, sig),
    atExit: (fn) => void process.on("exit", fn),
  };
}
