// Tests run the ports in-process (and in child processes) without src/cli.ts: install the same
// process facts the entry installs. vitest loads this first for every test file (setupFiles).
import { installHost } from "../../src/ports/host.js";

installHost({
  pid: process.pid,
  platform: process.platform,
  uid: process.getuid?.(),
  isAlive: (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === "EPERM";
    }
  },
  atExit: (fn) => void process.on("exit", fn),
});
