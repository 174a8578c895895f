import { AwsMfaError, EXIT, isAwsMfaError } from "./core/errors.js";
import { paint, useColor } from "./core/color.js";
import { printable } from "./core/printable.js";
import { closest } from "./core/suggest.js";
import type { Command } from "./commands/types.js";
import type { World } from "./world.js";

// Commands load lazily: a warm `credential-process` must not pay for the AWS SDK or the emulator.
type Entry = { summary: string; load: () => Promise<{ command: Command }> };
const commands: Record<string, Entry> = {
  login: { summary: "get an MFA session for a profile", load: () => import("./commands/login.js") },
  status: { summary: "show MFA profiles and their sessions", load: () => import("./commands/status.js") },
  logout: { summary: "forget a profile's session (never its long-term key)", load: () => import("./commands/logout.js") },
  "credential-process": { summary: "print session credentials for AWS credential_process", load: () => import("./commands/credential-process.js") },
  exec: { summary: "run a command with session credentials in its environment", load: () => import("./commands/exec.js") },
  env: { summary: "print session credentials as sh/fish/pwsh/dotenv/json", load: () => import("./commands/env.js") },
  configure: { summary: "switch a profile between file and process mode", load: () => import("./commands/configure.js") },
  hook: { summary: "print the shell hook for bash, zsh or fish", load: () => import("./commands/hook.js") },
  allow: { summary: "trust an .awsmfa file", load: () => import("./commands/allow.js") },
  deny: { summary: "block an .awsmfa file", load: () => import("./commands/deny.js") },
  edit: { summary: "edit the nearest .awsmfa file and re-allow it", load: () => import("./commands/edit.js") },
  direnv: { summary: "print a direnvrc snippet defining `use awsmfa`", load: () => import("./commands/direnv.js") },
  device: { summary: "add, enable, list, resync or remove MFA devices", load: () => import("./commands/device.js") },
  keys: { summary: "add, move, list, remove or rotate long-term keys (keyring, encrypted file)", load: () => import("./commands/keys.js") },
  setup: { summary: "turn plaintext keys into a protected MFA profile", load: () => import("./commands/setup.js") },
  doctor: { summary: "explain why the AWS CLI does not use the credentials you expect", load: () => import("./commands/doctor.js") },
  emulator: { summary: "run the local STS/IAM sandbox on 127.0.0.1", load: () => import("./commands/emulator.js") },
  demo: { summary: "try awsmfa end to end against the local sandbox", load: () => import("./commands/demo.js") },
};

function topHelp(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([n, e]) => `  ${n.padEnd(width)}  ${e.summary}`);
  return `awsmfa — AWS CLI and SDK sessions with MFA

Usage: awsmfa <command> [flags]     awsmfa <command> --help

Commands:
${lines.join("\n")}

Global flags:
  --debug     print stack traces with errors
  --version   print the version

Examples:
  awsmfa login --profile work
  awsmfa status
  awsmfa exec --profile work -- terraform plan
`;
}

export async function main(world: World): Promise<number> {
  const argv = [...world.argv];
  const debug = argv.includes("--debug") && !argv.slice(0, argv.indexOf("--debug")).includes("--");
  if (debug) argv.splice(argv.indexOf("--debug"), 1);
  const [name, ...args] = argv;
  try {
    if (name === undefined || name === "help" || name === "--help" || name === "-h") {
      world.stdout.write(topHelp());
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === "--version" || name === "-v") {
      world.stdout.write(`${VERSION}\n`);
      return EXIT.ok;
    }
    // Own keys only: "constructor" is not a command.
    const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
    if (!entry) {
      const near = closest(name, name.startsWith("-") ? ["--help", "--version"] : Object.keys(commands));
      throw new AwsMfaError("Usage", `unknown command '${name}'`, { hint: near ? `did you mean 'awsmfa ${near}'?` : "run 'awsmfa --help' for the list" });
    }
    const { command } = await entry.load();
    const dd = args.indexOf("--");
    const own = dd === -1 ? args : args.slice(0, dd);
    if (own.includes("--help") || own.includes("-h")) {
      world.stdout.write(command.help.endsWith("\n") ? command.help : command.help + "\n");
      return EXIT.ok;
    }
    return await command.run(debug ? { ...world, debug } : world, args);
  } catch (e) {
    return report(world, e, debug);
  }
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === "string" ? __VERSION__ : "0.0.0-dev";

/** The one place errors are printed: one line, plus an optional hint line. */
export function report(world: World, e: unknown, debug: boolean): number {
  const prefix = paint(useColor(world.env, world.stderrIsTTY ?? false)).red("awsmfa:");
  if (isAwsMfaError(e)) {
    // Messages carry paths and names from outside (folder names, profiles): no control characters.
    world.stderr.write(`${prefix} ${printable(e.message)}\n`);
    if (e.hint) world.stderr.write(`  ${printable(e.hint)}\n`);
    if (debug && e.stack) world.stderr.write(`${e.stack}\n`);
    return e.exitCode;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  world.stderr.write(`${prefix} internal error: ${printable(err.message)}\n`);
  if (debug && err.stack) world.stderr.write(`${err.stack}\n`);
  else world.stderr.write("  run again with --debug for details\n");
  return EXIT.internal;
}
