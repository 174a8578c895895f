import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { requireProgram } from "./programs.js";

// A real Secret Service for one test file: a private D-Bus session (dbus-run-session) with
// gnome-keyring-daemon unlocked by a made-up password, its keyrings under the sandbox's
// XDG_DATA_HOME. Children get DBUS_SESSION_BUS_ADDRESS; nothing touches the machine's own keyring.

export interface SecretService {
  /** Add to a child's environment. */
  env: Record<string, string>;
  /** The secret stored for service/account, through libsecret's own client (secret-tool). */
  lookup(service: string, account: string): string | undefined;
  stop(): Promise<void>;
}

export async function startSecretService(home: string, xdgDataHome: string): Promise<SecretService> {
  requireProgram("dbus-run-session", ["--version"]);
  requireProgram("gnome-keyring-daemon", ["--version"]);
  requireProgram("secret-tool", ["--version"]);
  const runtime = path.join(home, ".run");
  mkdirSync(runtime, { recursive: true, mode: 0o700 });
  const base = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, XDG_DATA_HOME: xdgDataHome, XDG_RUNTIME_DIR: runtime, LANG: "C.UTF-8" };
  const script = `printf '%s' 'made-up-keyring-password' | gnome-keyring-daemon --unlock --components=secrets >/dev/null && echo "BUS=$DBUS_SESSION_BUS_ADDRESS" && exec sleep 3600`;
  const child: ChildProcess = spawn("dbus-run-session", ["--", "sh", "-c", script], { env: base, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const bus = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`the Secret Service did not start in 20 s: ${stderr}`)), 20_000);
    child.stdout!.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      const m = /BUS=(\S+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on("exit", (code) => reject(new Error(`dbus-run-session exited (${code}): ${stderr}`)));
  });
  const env = { ...base, DBUS_SESSION_BUS_ADDRESS: bus };
  return {
    env,
    lookup: (service, account) => {
      try {
        return execFileSync("secret-tool", ["lookup", "service", service, "username", account], { env, encoding: "utf8", timeout: 10_000 });
      } catch {
        return undefined; // secret-tool exits 1 when there is no such item
      }
    },
    stop: async () => {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
      await new Promise((r) => setTimeout(r, 100));
    },
  };
}
