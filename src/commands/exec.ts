import { spawn } from "node:child_process";
import { AwsMfaError, usage, msg } from "../core/errors.js";
import { CONFLICTING_VARS, sessionEnv } from "../core/envvars.js";
import { credentialsFor } from "../session/warm.js";
import { spec } from "./exec.spec.js";
import { parseCommand } from "./spec.js";
import type { Command } from "./types.js";


export const command: Command = {
  async run(world, args) {
    const { flags, positionals, rest } = parseCommand(spec, args);
    if (positionals.length) throw usage(msg("exec.putTheCommandAfter", { value: positionals.join(" ") }));
    if (world.env.AWSMFA_EXEC)
      throw new AwsMfaError("Nested", msg("exec.alreadyInsideAwsmfaExec", { AWSMFA_EXEC: world.env.AWSMFA_EXEC }), {
        hint: msg("exec.exitThatShellFirst"),
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
  if (e.code === "ENOENT") return new AwsMfaError("CommandNotFound", msg("exec.cannotRunCmdCommand", { cmd }));
  if (e.code === "EACCES" || e.code === "ENOEXEC" || e.code === "EISDIR" || e.code === "ENOTDIR")
    return new AwsMfaError("CannotExecute", msg("exec.cannotRunCmdValue", { cmd, value: e.code === "ENOEXEC" ? "not an executable format" : "permission denied or not an executable file" }));
  return new AwsMfaError("Internal", msg("exec.cannotRunCmdMessage", { cmd, message: e.message }));
}

const signalNumbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };
