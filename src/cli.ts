// The only file that touches process: it builds the World and hands it to main.
//
// It is also the thin entry (dist/thin.js, run by the dist/cli.js stub of bin.ts): a warm `credential-process`, which the AWS
// CLI runs on every call, is answered here (commands/credential-process.thin.ts) without loading the full
// bundle
// (dist/main.js, every command). Everything else, and every case the warm path does not serve,
// loads main.js and runs exactly as before.
import { fstatSync, writeSync } from "node:fs";
import { installHost } from "./ports/host.js";
import { selfCommand } from "./ports/launcher.js";
import { processHost } from "./process-host.js";
import { topLevel } from "./core/flags.js";
import { releaseClaim, warmCredentialProcessWaiting, type WarmAnswer } from "./commands/credential-process.thin.js";
import type { World } from "./world.js";

// The SDK's Node-version notice is about our dependency, not the user's AWS setup: keep stderr clean.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// The process facts the ports need (lock owners, temp names, root, signals, the exit hook). main.js
// is a bundle of its own with its own copy of ports/host.ts, so it gets the same Host (runMain).
const HOST = processHost();
installHost(HOST);

let configRead: World["configRead"];
const world: World = {
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  platform: process.platform,
  stdout: fdOut(1),
  stderr: fdOut(2),
  // isatty(0), not process.stdin.isTTY: touching process.stdin builds a stream (a socket for a
  // pipe) at every start, and most commands never read stdin. Asked on first use: node:tty loads
  // node:net and the stream machinery, a third of the warm path's own cost.
  get stdinIsTTY() {
    return isatty(0);
  },
  get stderrIsTTY() {
    return isatty(2);
  },
  get stderrColumns() {
    return isatty(2) ? process.stderr.columns || undefined : undefined;
  },
  get stdoutIsTTY() {
    return isatty(1);
  },
  readStdinLine,
  now: () => new Date(),
  get configRead() {
    return configRead;
  },
  // A function: only `configure`, `setup` and `demo` need it; start-up should not pay for a PATH search.
  selfCommand: () => selfCommand({ execPath: process.execPath, script: process.argv[1]!, env: process.env, platform: process.platform }),
  onSignal: (handler) => {
    const sigs: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];
    for (const s of sigs) process.on(s, handler);
    return () => sigs.forEach((s) => process.off(s, handler));
  },
};

// require, not import: this file is only run bundled as CommonJS (dist/thin.js), and a static
// import would load node:tty at every start. Only a character device can be a terminal: a pipe, a
// file or a socket (`status | less`, `eval "$(awsmfa env)"`) is answered by fstat, without
// node:tty's 26 modules (45 M instructions, a fifth of a small status).
function isatty(fd: number): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false; // closed: not a terminal either
  }
  return (require("node:tty") as typeof import("node:tty")).isatty(fd);
}

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

void start();

async function start() {
  const warm: WarmAnswer = world.argv[0] === "credential-process" ? await warmCredentialProcessWaiting(world) : {};
  if (warm.out !== undefined) return world.stdout.write(warm.out);
  configRead = warm.configRead;
  if (warm.claim?.mine) process.on("exit", () => releaseClaim(warm.claim));
  await runMain();
  releaseClaim(warm.claim);
}

/** The full bundle (every command, every non-warm case), or a lane (src/lane.ts) for a plain call of its command. */
function bundle() {
  // A lane runs the command as main.ts would, where main.ts would do nothing of its own first.
  const { debug, help, name, args } = topLevel(world.argv);
  if (!debug && !help && name === "credential-process") return import("./cp.js");
  if (!debug && !help && name === "hook" && args.includes("--eval")) return import("./hook.js");
  return import("./main.js");
}

function runMain() {
  return bundle().then((m) => (m.installHost(HOST), m.main(world))).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`awsmfa: internal error: ${String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

/**
 * stdout and stderr, written straight to file descriptors 1 and 2. process.stdout builds a stream
 * (for a pipe, a socket and the net machinery): 2–7 ms of CPU per run, for output that is
 * usually one short write (`hook --eval` into a shell's command substitution). A pipe the parent made
 * non-blocking may refuse with EAGAIN: the rest, and every later write (order is kept), then go
 * through the stream, which waits for the reader.
 */
function fdOut(fd: 1 | 2): World["stdout"] {
  let stream: NodeJS.WriteStream | undefined;
  const viaStream = (buf: Buffer) => {
    if (!stream) {
      stream = fd === 1 ? process.stdout : process.stderr;
      stream.on("error", (e: NodeJS.ErrnoException) => {
        if (e.code === "EPIPE") readerGone();
        throw e;
      });
    }
    stream.write(buf);
  };
  return {
    write(text) {
      const buf = Buffer.from(text);
      if (stream) return viaStream(buf);
      let off = 0;
      try {
        while (off < buf.length) off += writeSync(fd, buf, off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EAGAIN") return viaStream(buf.subarray(off));
        // `awsmfa env | head -1`: a reader that stops early is not an error worth a stack trace.
        if (code === "EPIPE") return readerGone();
        throw e;
      }
    },
  };
}

function readerGone(): never {
  process.exit(process.exitCode ?? 0);
}
