import { spawn } from "node:child_process";
import { AwsMfaError, usage } from "../core/errors.js";
import { CONFLICTING_VARS, sessionEnv } from "../core/envvars.js";
import { parseFlags } from "../core/flags.js";
import { credentialsFor } from "../session/warm.js";
import type { Command } from "./types.js";

const help = `awsmfa exec — run a command with MFA session credentials in its environment

Usage: awsmfa exec [--profile P] [--no-prompt] -- CMD [ARGS…]

The child gets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
AWS_CREDENTIAL_EXPIRATION, AWS_REGION and AWS_DEFAULT_REGION (when known) and AWSMFA_PROFILE;
AWS_PROFILE and AWS_DEFAULT_PROFILE are removed so only one credential source is in play.
Signals are forwarded and awsmfa exits with the child's status (127 when CMD is not found, 126 when
it cannot be run, as env and sudo do). With no command it starts $SHELL.
Running exec inside another exec is refused (the inner one would shadow the outer keys).
For a role profile (role_arn + source_profile) the child gets the role's credentials, assumed
with the source profile's MFA session (no second prompt).

Examples:
  awsmfa exec --profile work -- terraform plan
  awsmfa exec --profile work -- aws s3 ls
  awsmfa exec --profile work            # a subshell with the session
`;

export const command: Command = {
  help,
  async run(world, args) {
    const { flags, positionals, rest } = parseFlags(args, { profile: { type: "string", short: "p" }, "no-prompt": { type: "boolean" } });
    if (positionals.length) throw usage(`put the command after '--': awsmfa exec --profile P -- ${positionals.join(" ")}`);
    if (world.env.AWSMFA_EXEC)
      throw new AwsMfaError("Nested", `already inside 'awsmfa exec' for profile ${world.env.AWSMFA_EXEC}`, {
        hint: "exit that shell first, or run the command directly",
      });
    const r = await credentialsFor(world, flags.profile, { noPrompt: flags["no-prompt"] });
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(world.env)) if (v !== undefined && !CONFLICTING_VARS.includes(k)) env[k] = v;
    for (const [k, v] of sessionEnv(r.profile, r.credentials, r.region)) env[k] = v;
    env.AWSMFA_EXEC = r.profile;

    const [cmd, ...cmdArgs] = rest.length ? rest : [world.env.SHELL || (world.platform === "win32" ? "cmd.exe" : "/bin/sh")];
    return await new Promise<number>((resolve, reject) => {
      const child = spawn(cmd!, cmdArgs, { env, stdio: "inherit" });
      const off = world.onSignal?.((sig) => {
        if (child.exitCode === null) child.kill(sig);
      });
      child.on("error", (e: NodeJS.ErrnoException) => {
        off?.();
        reject(spawnError(cmd!, e));
      });
      child.on("exit", (code, signal) => {
        off?.();
        // A child killed by a signal exits like a shell reports it: 128 + signal number.
        resolve(code ?? 128 + (signal ? (signalNumbers[signal] ?? 1) : 1));
      });
    });
  },
};

/** 127 and 126 like env(1) and sudo, so scripts can tell "no such program" from the program's own failure. */
function spawnError(cmd: string, e: NodeJS.ErrnoException): AwsMfaError {
  if (e.code === "ENOENT") return new AwsMfaError("CommandNotFound", `cannot run '${cmd}': command not found`);
  if (e.code === "EACCES" || e.code === "ENOEXEC" || e.code === "EISDIR" || e.code === "ENOTDIR")
    return new AwsMfaError("CannotExecute", `cannot run '${cmd}': ${e.code === "ENOEXEC" ? "not an executable format" : "permission denied or not an executable file"}`);
  return new AwsMfaError("Internal", `cannot run '${cmd}': ${e.message}`);
}

const signalNumbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };
