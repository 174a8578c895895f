// The only file that touches process: it builds the World and hands it to main.
import { main } from "./main.js";
import type { World } from "./world.js";

const world: World = {
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  platform: process.platform,
  stdout: { write: (s) => void process.stdout.write(s) },
  stderr: { write: (s) => void process.stderr.write(s) },
  stdinIsTTY: Boolean(process.stdin.isTTY),
  readStdin: async () => {
    if (process.stdin.isTTY) return undefined;
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return chunks.length ? Buffer.concat(chunks).toString("utf8") : undefined;
  },
  now: () => new Date(),
  onSignal: (handler) => {
    const sigs: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];
    for (const s of sigs) process.on(s, handler);
    return () => sigs.forEach((s) => process.off(s, handler));
  },
};

main(world).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`awsmfa: internal error: ${String(e)}\n`);
    process.exitCode = 1;
  },
);
