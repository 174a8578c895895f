import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CLI = path.join(ROOT, "dist", "cli.js");

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A throwaway HOME with its own AWS files, cache and data dirs; nothing of the machine's leaks in. */
export class Sandbox {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), "awsmfa-test-"));
  readonly home = path.join(this.dir, "home");
  readonly configFile = path.join(this.home, ".aws", "config");
  readonly credentialsFile = path.join(this.home, ".aws", "credentials");
  env: Record<string, string>;

  constructor(endpoint?: string) {
    mkdirSync(path.join(this.home, ".aws"), { recursive: true, mode: 0o700 });
    this.env = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: this.home,
      LANG: "C.UTF-8",
      TZ: "UTC",
      AWS_CONFIG_FILE: this.configFile,
      AWS_SHARED_CREDENTIALS_FILE: this.credentialsFile,
      XDG_CACHE_HOME: path.join(this.home, ".cache"),
      XDG_DATA_HOME: path.join(this.home, ".local", "share"),
      XDG_CONFIG_HOME: path.join(this.home, ".config"),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_PAGER: "",
      ...(endpoint ? { AWS_ENDPOINT_URL: endpoint } : {}),
    };
  }

  write(file: string, text: string, mode = 0o600) {
    writeFileSync(file, text, { mode });
  }
  read(file: string) {
    return readFileSync(file, "utf8");
  }
  mode(file: string) {
    return statSync(file).mode & 0o777;
  }

  /** Runs a command with no controlling terminal (detached → new session), like CI or an IDE. */
  exec(cmd: string, args: string[], opts: { input?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {}): Promise<RunResult> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const env = { ...this.env, ...opts.env };
      for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
      const child = spawn(cmd, args, { env: env as NodeJS.ProcessEnv, detached: true, stdio: ["pipe", "pipe", "pipe"], cwd: this.home });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {}
        reject(new Error(`${cmd} ${args.join(" ")} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
      }, opts.timeoutMs ?? 60_000);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr, ms: Date.now() - started });
      });
      // A child may exit before reading stdin (most do not read it at all): that is no error.
      child.stdin.on("error", () => {});
      child.stdin.end(opts.input ?? "");
    });
  }

  awsmfa(args: string[], opts: { input?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {}) {
    return this.exec(process.execPath, [CLI, ...args], opts);
  }

  cleanup() {
    // Retries: a just-killed tmux server or shell may still be closing files in HOME.
    rmSync(this.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}
