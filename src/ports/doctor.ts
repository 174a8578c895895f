import { host } from "./host.js";
import { execFile } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { skewFromDate, type AwsCliFacts, type ClockFacts, type HookFacts, type PathFacts } from "../core/doctor.js";
import { cacheDir, homeDir, pathApi } from "../core/paths.js";
import { SHELL_NAMES } from "../shells/types.js";
import type { Env, World } from "../world.js";

// The I/O behind `awsmfa doctor`: each probe returns plain facts for the pure checks in
// core/doctor.ts, and none of them throws for a missing file, program or network.

/** The running Node's version and the pid of the shell that started us (for the hook stamp). */
export function runtimeFacts(): { nodeVersion: string; parentPid: number } {
  return { nodeVersion: host().nodeVersion, parentPid: host().parentPid };
}

/** Mode and kind of a path; `scanChildren` lists regular files inside that others can read. */
export function pathFacts(role: PathFacts["role"], path: string, scanChildren: string[] = [], home?: string): PathFacts {
  let st;
  try {
    st = statSync(path);
  } catch {
    return { role, path };
  }
  const loose: Array<{ path: string; mode: number }> = [];
  for (const dir of scanChildren) {
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names) {
      const f = `${dir}/${n}`;
      try {
        const c = statSync(f);
        if (c.isFile() && c.mode & 0o077) loose.push({ path: f, mode: c.mode & 0o777 });
      } catch {
        // vanished meanwhile (a renewal renamed it): nothing to report
      }
    }
  }
  let homeUid: number | undefined;
  try {
    homeUid = home === undefined ? undefined : statSync(home).uid;
  } catch {
    homeUid = undefined;
  }
  return {
    role,
    path,
    mode: st.mode & 0o7777,
    isDir: st.isDirectory(),
    ...(homeUid === undefined ? {} : { uid: st.uid, homeUid }),
    ...(loose.length ? { looseChildren: loose } : {}),
  };
}

/**
 * One unsigned request to the STS endpoint, only for its Date header: every response carries one
 * (AWS answers an unsigned GET with an error or a redirect), so no key is needed or sent.
 */
export function measureSkew(endpoint: string, now: () => Date, timeoutMs = 4000): Promise<ClockFacts> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      return resolve({ endpoint, error: "not a URL" });
    }
    const request = url.protocol === "http:" ? httpRequest : url.protocol === "https:" ? httpsRequest : undefined;
    if (!request) return resolve({ endpoint, error: `unsupported scheme ${url.protocol}` });
    const sent = now().getTime();
    const req = request(url, { method: "GET", timeout: timeoutMs, headers: { "user-agent": "awsmfa-doctor" } }, (res) => {
      const received = now().getTime();
      res.resume();
      const date = res.headers.date;
      const skewMs = date ? skewFromDate(date, sent, received) : undefined;
      resolve(skewMs === undefined ? { endpoint, error: "no Date header in the answer" } : { endpoint, skewMs });
    });
    req.on("timeout", () => req.destroy(Object.assign(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`), { code: "timeout" })));
    req.on("error", (e: NodeJS.ErrnoException) => resolve({ endpoint, error: e.code === "timeout" ? e.message : (e.code ?? e.message) }));
    req.end();
  });
}

/** `aws --version` as the user's PATH finds it. v1 printed it on stderr, v2 on stdout. */
export function awsCliFacts(env: Env, timeoutMs = 15_000): Promise<AwsCliFacts> {
  return new Promise((resolve) => {
    execFile("aws", ["--version"], { env: env as NodeJS.ProcessEnv, timeout: timeoutMs, encoding: "utf8" }, (err, stdout, stderr) => {
      const output = `${stdout}${stderr}`.trim();
      if (err && (err as NodeJS.ErrnoException).code === "ENOENT") return resolve({ missing: true });
      if (/aws-cli\//.test(output)) return resolve({ output });
      // A Python traceback ends with the line that says what went wrong.
      const last = output.split("\n").filter((l) => l.trim()).pop()?.replace(/^[\w.]+(Error|Exception): /, "");
      resolve({ error: err?.killed ? "timed out" : last || err?.message || "no output" });
    });
  });
}

/** Whether the shell that runs us has the hook (its stamp exists), and which startup files load it. */
export async function hookFacts(world: World, parentPid: number): Promise<HookFacts> {
  const p = pathApi(world.platform);
  const stampDir = p.join(cacheDir(world), "hook");
  let shell: string | undefined;
  let active = false;
  for (const name of SHELL_NAMES) {
    try {
      statSync(p.join(stampDir, `${name}-${parentPid}`));
      shell = name;
      active = true;
      break;
    } catch {
      // not this shell
    }
  }
  if (!shell) shell = parentShellName(parentPid);
  const home = homeDir(world);
  const xdgConfig = world.env.XDG_CONFIG_HOME || p.join(home, ".config");
  const candidates = [
    p.join(home, ".bashrc"),
    p.join(home, ".bash_profile"),
    p.join(home, ".profile"),
    p.join(world.env.ZDOTDIR || home, ".zshrc"),
    p.join(xdgConfig, "fish", "config.fish"),
  ];
  const startupFiles: string[] = [];
  for (const f of candidates) {
    const text = await readFile(f, "utf8").catch(() => "");
    if (/awsmfa[^\n]*\bhook\s+(bash|zsh|fish)\b/.test(text)) startupFiles.push(f);
  }
  const loginShell = world.env.SHELL ? p.basename(world.env.SHELL) : undefined;
  return { ...(shell ? { shell } : {}), active, startupFiles, ...(loginShell ? { loginShell } : {}) };
}

/** Linux only: the parent's program name, when it is a shell we have a hook for. */
function parentShellName(pid: number): string | undefined {
  try {
    const comm = readFileSync(`/proc/${pid}/comm`, "utf8").trim().replace(/^-/, "");
    return (SHELL_NAMES as readonly string[]).includes(comm) ? comm : undefined;
  } catch {
    return undefined;
  }
}
