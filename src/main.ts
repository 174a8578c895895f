import { AwsMfaError, EXIT, msg } from "./core/errors.js";
import { t, th } from "./i18n/index.js";
import { closest } from "./core/suggest.js";
import { allSpecs, COMMANDS } from "./commands/index.js";
import { renderHelp } from "./commands/help.js";
import type { World } from "./world.js";
import { guarded } from "./report.js";
import { topLevel } from "./core/flags.js";
// The entry installs its Host into this bundle too (dist/main.js has its own copy of the port).
export { installHost } from "./ports/host.js";

// Commands load lazily (src/commands/index.ts): a warm `credential-process` must not pay for the
// AWS SDK, the emulator or any other command's definition.
async function topHelp(): Promise<string> {
  const specs = (await allSpecs()).filter((s) => !s.hidden);
  const width = Math.max(...specs.map((s) => s.name.length));
  const lines = specs.map((s) => `  ${s.name.padEnd(width)}  ${th(`${s.name}.summary`, s.summary)}`);
  return `${t("top.title")}

${t("help.usage")} awsmfa <command> [flags]     awsmfa <command> --help

${t("top.commands")}
${lines.join("\n")}

${t("top.globalFlags")}
  --debug     ${t("top.debug")}
  --version   ${t("top.version")}

${t("help.examples")}
  awsmfa login --profile work
  awsmfa status
  awsmfa exec --profile work -- terraform plan
`;
}

export async function main(world: World): Promise<number> {
  const { debug, name, args, help } = topLevel(world.argv);
  return guarded(world, debug, async () => {
    if (name === undefined || name === "help" || name === "--help" || name === "-h") {
      world.stdout.write(await topHelp());
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === "--version" || name === "-v") {
      world.stdout.write(`${VERSION}\n`);
      return EXIT.ok;
    }
    // Own keys only: "constructor" is not a command.
    const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!entry) {
      const near = closest(name, name.startsWith("-") ? ["--help", "--version"] : Object.keys(COMMANDS).filter((n) => !n.startsWith("__")));
      throw new AwsMfaError("Usage", msg("main.unknownCommand", { name }), { hint: near ? msg("main.didYouMean", { near }) : msg("main.seeList") });
    }
    if (help) {
      // The definition alone: help never loads the command's run code.
      world.stdout.write(renderHelp((await entry.spec()).spec));
      return EXIT.ok;
    }
    const { command } = await entry.load();
    return await command.run(debug ? { ...world, debug } : world, args);
  });
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === "string" ? __VERSION__ : "0.0.0-dev";
