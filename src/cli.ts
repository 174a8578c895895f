// The only file that touches process: it builds the World and hands it to main.
import { realpathSync } from "node:fs";
import { isatty } from "node:tty";
import { main } from "./main.js";
import { installHost } from "./ports/host.js";
import { processHost } from "./process-host.js";
import type { World } from "./world.js";

// The SDK's Node-version notice is about our dependency, not the user's AWS setup: keep stderr clean.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// The process facts the ports need (lock owners, temp names, root, signals, the exit hook).
installHost(processHost());

const world: World = {
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  platform: process.platform,
  stdout: { write: (s) => void process.stdout.write(s) },
  stderr: { write: (s) => void process.stderr.write(s) },
  // isatty(0), not process.stdin.isTTY: touching process.stdin builds a stream (a socket for a
  // pipe) at every start, and most commands never read stdin.
  stdinIsTTY: isatty(0),
  stderrIsTTY: isatty(2),
  readStdinLine,
  now: () => new Date(),
  // A function: only `configure` needs it, and start-up should not pay for a realpath.
  selfCommand: () => [process.execPath, realpathSync(process.argv[1]!)],
  onSignal: (handler) => {
    const sigs: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];
    for (const s of sigs) process.on(s, handler);
    return () => sigs.forEach((s) => process.off(s, handler));
  },
};

// `awsmfa env | head -1`: a reader that stops early is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });

// Reads stdin line by line without waiting for EOF: a parent may keep the pipe open.
let stdinBuf = "";
let stdinEnded = false;
function readStdinLine(): Promise<string | undefined> {
  if (process.stdin.isTTY) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const take = () => {
      const nl = stdinBuf.indexOf("\n");
      if (nl !== -1 || stdinEnded) {
        cleanup();
        if (nl === -1 && stdinBuf === "") return resolve(undefined);
        const line = nl === -1 ? stdinBuf : stdinBuf.slice(0, nl);
        stdinBuf = nl === -1 ? "" : stdinBuf.slice(nl + 1);
        resolve(line.replace(/\r$/, ""));
        return true;
      }
      return false;
    };
    const onData = (d: Buffer) => {
      stdinBuf += d.toString("utf8");
      take();
    };
    const onEnd = () => {
      stdinEnded = true;
      take();
    };
    const cleanup = () => {
      process.stdin.off("data", onData).off("end", onEnd).off("error", onEnd);
      process.stdin.pause();
    };
    if (take()) return;
    process.stdin.on("data", onData).on("end", onEnd).on("error", onEnd);
    process.stdin.resume();
  });
}

main(world).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`awsmfa: internal error: ${String(e)}\n`);
    process.exitCode = 1;
  },
);
