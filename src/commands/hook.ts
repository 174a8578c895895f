import { mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { statOrUndefined } from "../ports/atomic-write.js";
import { DOTFILE_MAX_BYTES, parseDotfileBytes, type Dotfile } from "../core/dotfile.js";
import { isAwsMfaError, usage, msg } from "../core/errors.js";
import { cacheDir, credentialsFile, pathApi } from "../core/paths.js";
import { printable } from "../core/printable.js";
import { shellPath, trustKey } from "../core/trust.js";
import { findNearest, readBytes, trustOf } from "../ports/trust-store.js";
import { SHELLS } from "../shells/index.js";
import { planEnv, planExpiry, type FileView, type ParseFailure } from "../shells/plan.js";
import { PROFILE_VARS, REGION_VARS, SHELL_NAMES, type Shell, type ShellName } from "../shells/types.js";
import type { World } from "../world.js";
import { spec } from "./hook.spec.js";
import { parseFlags } from "../core/flags.js";
import type { Command } from "./types.js";


export const command: Command = {
  async run(world, args) {
    const { flags, positionals } = parseFlags(args, spec.flags);
    const name = positionals[0];
    if (positionals.length !== 1 || !name || !(SHELL_NAMES as readonly string[]).includes(name)) {
      throw usage(msg("hook.awsmfaHookNeedsOne", { value: SHELL_NAMES.join(", ") }), msg("hook.eGEvalAwsmfa"));
    }
    const sh = SHELLS[name as ShellName];
    if (!flags.eval) {
      world.stdout.write(sh.hook());
      return 0;
    }
    const out = await evaluate(world, sh, {
      pid: flags.pid,
      applied: flags.applied ?? "",
      seenFile: flags["seen-file"] ?? "",
      seenExp: flags["seen-exp"] ?? "",
      outerProfile: flags["outer-profile"],
    });
    world.stdout.write(out);
    return 0;
  },
};

interface EvalInput {
  pid?: string;
  applied: string;
  seenFile: string;
  seenExp: string;
  outerProfile?: string;
}

const STAMP_MAX_AGE_MS = 14 * 24 * 3600 * 1000;
/** Far above the ~0.24 µs a double loses at today's epoch, far below any real gap between writes. */
const STAMP_MARGIN_MS = 0.002;

/**
 * The shell asks `[[ WATCHED -nt STAMP ]]`, so the stamp carries the newest mtime among the watched
 * files as seen BEFORE anything is read: a rewrite after that is newer (a wake-up), while the write
 * that brought us here is not (no second wake-up right after a login). The time is read back,
 * because a cache on a coarser filesystem (HFS+, FAT) rounds it down, which would look "newer"
 * at every prompt. One stamp per shell process, or one shell's run would hide a change from another.
 */
// Synchronous, like the trust store's reads: a prompt waits for this run anyway, and
// node:fs/promises costs 1.5–2 ms to load.
function writeStamp(world: World, shell: ShellName, pid: string | undefined, watch: string[]): { path: string; t: number } | undefined {
  if (!pid || !/^\d{1,10}$/.test(pid)) return undefined;
  const p = pathApi(world.platform);
  const dir = p.join(cacheDir(world), "hook");
  const file = p.join(dir, `${shell}-${pid}`);
  try {
    const seen = watch.map((w) => statOrUndefined(w)?.mtimeMs ?? 0);
    const newest = Math.max(1000, ...seen);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const isNew = !statOrUndefined(file);
    writeFileSync(file, "", { mode: 0o600 });
    for (const ms of [newest + STAMP_MARGIN_MS, Math.ceil(newest / 1000) * 1000, Math.ceil(newest / 2000) * 2000 + 2000]) {
      utimesSync(file, ms / 1000, ms / 1000);
      const got = statSync(file).mtimeMs;
      if (got >= newest) {
        if (isNew) sweepStamps(p, dir, file, world.now().getTime());
        return { path: file, t: Math.floor(got / 1000) };
      }
    }
    return undefined;
  } catch {
    return undefined; // no stamp: the shell then simply skips the session-file check
  }
}

/** Stamps of shells long gone (ctime: when we last wrote it); a live shell just calls us once more. */
function sweepStamps(p: ReturnType<typeof pathApi>, dir: string, own: string, now: number): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    const f = p.join(dir, n);
    if (f === own) continue;
    const st = statOrUndefined(f);
    try {
      if (st && now - st.ctimeMs > STAMP_MAX_AGE_MS) rmSync(f, { force: true });
    } catch {
      // it cannot be removed: a stamp is worth no error
    }
  }
}

async function viewOf(world: World): Promise<{ view: FileView; records?: { allow: string; deny: string }; trustBits: string }> {
  const file = await findNearest(world);
  const content = file ? await readBytes(file) : undefined;
  if (!file || !content) return { view: { kind: "none" }, trustBits: "" };
  const trust = await trustOf(world, file, content);
  let parsed: Dotfile | ParseFailure;
  try {
    parsed = parseDotfileBytes(content, file);
  } catch (e) {
    if (!isAwsMfaError(e)) throw e;
    parsed = content.length > DOTFILE_MAX_BYTES ? { error: e.message, refused: true } : { error: e.message };
  }
  return {
    view: { kind: "present", path: file, trust: trust.state, key: trustKey(file, content), parsed },
    records: trust.records,
    trustBits: (trust.allowExists ? "a" : "") + (trust.denyExists ? "d" : ""),
  };
}

export async function evaluate(world: World, sh: Shell, input: EvalInput): Promise<string> {
  const p = pathApi(world.platform);
  // Session renewals show up as a new mtime on one of these: the credentials file (file mode) and
  // the sessions folder (the cache writes a temp file and renames it in place). A path that does
  // not exist yet still works: `-nt` is true once it appears.
  const watch = [credentialsFile(world), p.join(cacheDir(world), "sessions")];
  // The stamp only has to precede the session read below.
  const stamp = writeStamp(world, sh.name, input.pid, watch);
  const { view, records, trustBits } = await viewOf(world);
  const env = planEnv({
    file: view,
    applied: input.applied,
    seenFile: input.seenFile,
    envProfile: world.env.AWS_PROFILE,
    outerProfile: input.outerProfile,
  });
  // Loaded only when there is a profile to ask about: it reads the AWS files and the cache.
  const expiry = env.activeProfile
    ? await import("../ports/session-info.js").then((m) => m.findSessionExpiry(world, env.activeProfile!)).catch(() => undefined)
    : undefined;
  const exp = planExpiry(env.activeProfile, expiry, world.now(), input.seenExp);
  for (const n of env.notices) world.stderr.write(printable(n) + "\n");
  if (exp.notice) world.stderr.write(printable(exp.notice) + "\n");

  const sp = (f: string) => shellPath(world.platform, f);
  const lines: string[] = [];
  const a = env.action;
  if (a.kind === "apply") {
    lines.push(sh.call("__awsmfa_save"));
    for (const v of PROFILE_VARS) lines.push(sh.export(v, a.profile));
    for (const v of REGION_VARS) lines.push(a.region ? sh.export(v, a.region) : sh.call("__awsmfa_put_back", v));
  } else if (a.kind === "restore") {
    lines.push(sh.call("__awsmfa_restore"));
  }
  lines.push(
    sh.setState("__awsmfa_applied", env.applied),
    sh.setState("__awsmfa_seen_file", env.seenFile),
    sh.setState("__awsmfa_seen_exp", exp.seenExp),
    sh.setState("__awsmfa_allow", records ? sp(records.allow) : ""),
    sh.setState("__awsmfa_deny", records ? sp(records.deny) : ""),
    sh.setState("__awsmfa_trust", trustBits),
    sh.setState("__awsmfa_stamp", stamp ? sp(stamp.path) : ""),
    sh.setState("__awsmfa_stamp_t", stamp ? String(stamp.t) : ""),
    sh.setState("__awsmfa_watch", watch.map(sp)),
    sh.setState("__awsmfa_check_at", exp.checkAt === undefined ? "" : String(exp.checkAt)),
  );
  return lines.join("\n") + "\n";
}
