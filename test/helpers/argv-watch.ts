import { readdirSync, readFileSync } from "node:fs";

// Proves that no secret ever appears on a command line: while commands run, every process's
// /proc/PID/cmdline is read every few milliseconds and searched for each secret.

export interface ArgvWatch {
  /** Processes seen (a sanity check that the watch really ran), and what was found. */
  stop(): { scans: number; processesSeen: number; hits: string[] };
}

/** `secrets` is asked on every scan, so secrets created while commands run (a rotated key) are watched too. */
export function watchArgv(secrets: () => Iterable<string>, intervalMs = 5): ArgvWatch {
  const hits: string[] = [];
  const pids = new Set<string>();
  let scans = 0;
  const scan = () => {
    scans++;
    const current = [...secrets()];
    let entries: string[];
    try {
      entries = readdirSync("/proc");
    } catch {
      return;
    }
    for (const pid of entries) {
      if (!/^\d+$/.test(pid)) continue;
      let cmd: string;
      try {
        cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      } catch {
        continue; // exited meanwhile
      }
      pids.add(pid);
      for (const s of current) if (s && cmd.includes(s)) hits.push(`pid ${pid}: ${cmd.replace(/\0/g, " ").replace(s, "<SECRET>")}`);
    }
  };
  const timer = setInterval(scan, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      scan();
      return { scans, processesSeen: pids.size, hits };
    },
  };
}

/** Every file under `dir` whose bytes contain one of `needles` (the stores a test allows are passed in `except`). */
export function filesContaining(dir: string, needles: string[], except: string[] = []): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    let list;
    try {
      list = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of list) {
      const p = `${d}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && !except.includes(p)) {
        let text: string;
        try {
          text = readFileSync(p).toString("latin1");
        } catch {
          continue;
        }
        for (const n of needles) if (n && text.includes(n)) found.push(`${p}: ${n.slice(0, 4)}…`);
      }
    }
  };
  walk(dir);
  return found;
}
