import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { afs } from "./fs-async.js";
import { statOrUndefined } from "./atomic-write.js";
import path from "node:path";
import { AwsMfaError, msg } from "../core/errors.js";
import { DOTFILE_MAX_BYTES, DOTFILE_NAME } from "../core/dotfile.js";
import { dataDir, pathApi } from "../core/paths.js";
import { canonicalPath, dotfileCandidates, explicitTarget, recordPaths, trustState, type TrustRecords, type TrustState } from "../core/trust.js";
import type { World } from "../world.js";

// The filesystem side of trust: finding the nearest `.awsmfa` from Node's own cwd, and the allow/deny
// records under the data directory (0700 folders, 0600 files holding the path they stand for, so
// a person can see what they trusted).

// Synchronous where the shell hook calls (finding, reading and judging an .awsmfa): a prompt waits
// for it anyway, and a synchronous stat costs no promise and no turn of the event loop.
const isFile = async (f: string) => statOrUndefined(f)?.isFile() ?? false;
const exists = async (f: string) => statOrUndefined(f) !== undefined;

/** The nearest `.awsmfa` from the process's cwd upward (never `$PWD`: see core/trust.ts). */
export async function findNearest(world: World): Promise<string | undefined> {
  for (const c of dotfileCandidates(pathApi(world.platform), world.cwd)) if (await isFile(c)) return c;
  return undefined;
}

/**
 * The file `allow`/`deny`/`edit` act on. An explicit FILE (or a directory, meaning its `.awsmfa`)
 * has its folder resolved through symlinks, as the cwd the hook starts from already is.
 */
export async function resolveTarget(world: World, arg: string | undefined, mustExist: boolean): Promise<string> {
  const p = pathApi(world.platform);
  if (arg === undefined) {
    const near = await findNearest(world);
    if (!near) {
      throw new AwsMfaError("NotFound", msg("truststore.noDotfileNameIn", { DOTFILE_NAME, cwd: world.cwd }), {
        hint: msg("truststore.createOneWithAwsmfa"),
      });
    }
    return near;
  }
  const st = statOrUndefined(p.resolve(world.cwd, arg));
  const target = explicitTarget(p, world.cwd, arg, st?.isDirectory() ?? false);
  if (mustExist && !(await isFile(target))) throw new AwsMfaError("NotFound", msg("truststore.targetDoesNotExist", { target }));
  const dir = await afs().realpath(p.dirname(target)).catch(() => p.dirname(target));
  return p.join(canonicalPath(p, dir), p.basename(target));
}

export interface TrustView {
  records: TrustRecords;
  state: TrustState;
  allowExists: boolean;
  denyExists: boolean;
}

export async function trustOf(world: World, file: string, content: Uint8Array): Promise<TrustView> {
  const records = recordPaths(pathApi(world.platform), dataDir(world), file, content);
  const [allowExists, denyExists] = await Promise.all([exists(records.allow), exists(records.deny)]);
  return { records, state: trustState(allowExists, denyExists), allowExists, denyExists };
}

async function writeRecord(file: string, forPath: string): Promise<void> {
  await afs().mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await afs().writeFile(file, forPath + "\n", { mode: 0o600 });
}

/** Trusts exactly this content at this path; an explicit allow also lifts a deny of the path. */
export async function allow(world: World, file: string, content: Uint8Array): Promise<void> {
  const { records } = await trustOf(world, file, content);
  await writeRecord(records.allow, file);
  await afs().rm(records.deny, { force: true });
}

/** Denies the path whatever its content, and drops the allow records that name it. */
export async function deny(world: World, file: string): Promise<void> {
  const { records } = await trustOf(world, file, new Uint8Array());
  await writeRecord(records.deny, file);
  const allowDir = path.dirname(records.allow);
  const names = await afs().readdir(allowDir).catch(() => [] as string[]);
  await Promise.all(
    names.map(async (n) => {
      const f = path.join(allowDir, n);
      const text = await afs().readFile(f, "utf8").catch(() => "");
      if (text === file + "\n") await afs().rm(f, { force: true });
    }),
  );
}

/**
 * An `.awsmfa` file's bytes, at most DOTFILE_MAX_BYTES + 1 of them (enough for the parser to see
 * it is too large without reading 40 MB); undefined when it cannot be read or is no regular file.
 * O_NONBLOCK: opening a FIFO planted under the name must not hang the prompt.
 */
export async function readBytes(file: string): Promise<Buffer | undefined> {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    if (!fstatSync(fd).isFile()) return undefined;
    const buf = Buffer.alloc(DOTFILE_MAX_BYTES + 1);
    let n = 0;
    for (;;) {
      const bytesRead = readSync(fd, buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
      if (n === buf.length) break;
    }
    return buf.subarray(0, n);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
