// The executable, dist/cli.js: a few lines that turn on Node's compile cache and then run the thin
// entry (dist/thin.js, built from cli.ts). Part of the entry with cli.ts and process-host.ts.
//
// Why: on Node ≥ 22.1, module.enableCompileCache() keeps V8's compiled code for every module
// loaded after the call, so a warm credential-process (run by the AWS CLI on every call) stops
// compiling the thin entry's functions anew each time. It cannot cover the file that calls it,
// hence this separate file. Node 20 has no compile cache: the call is skipped.
//
// Where: a folder of our own under the temp dir, never the user's HOME or XDG folders (a command
// that refuses bad input writes nothing there). A cache file is code Node runs, so the folder must
// be ours alone: created 0700, and used only if it is a real folder owned by us that nobody else
// can write. Anything unexpected just runs without a cache. NODE_DISABLE_COMPILE_CACHE=1 turns it
// off (Node's own switch); a NODE_COMPILE_CACHE the user set wins (Node enabled it already).
// require, not import: this file is only run bundled as CommonJS, and Node 20 needs none of them.
// node:module is asked only on a Node that may have the cache (22.1+): on Node 20 it is not in the
// start-up snapshot, and requiring it compiles it and the ES module loader it pulls in, about a
// fifth of what a warm call adds to a bare node, only to learn the function is missing.
const enable =
  Number(process.versions.node.split(".")[0]) >= 22
    ? (require("node:module") as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache
    : undefined;
if (enable) {
  try {
    const { lstatSync, mkdirSync } = require("node:fs") as typeof import("node:fs");
    const { join } = require("node:path") as typeof import("node:path");
    const uid = process.getuid?.();
    const dir = join(tempDir(), `awsmfa-compile-cache-${uid ?? "user"}`);
    // Looked at first: on every call but the first the folder is there, and a mkdir refused with
    // EEXIST builds an Error (with its stack) for nothing, most of this file's own cost.
    let st = lstatSync(dir, { throwIfNoEntry: false });
    if (!st) {
      try {
        mkdirSync(dir, { mode: 0o700 });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e; // made meanwhile: checked below
      }
      st = lstatSync(dir);
    }
    if (st.isDirectory() && (uid === undefined || (st.uid === uid && (st.mode & 0o022) === 0))) enable(dir);
  } catch {
    // no cache: slower by a few milliseconds, nothing else
  }
}

// os.tmpdir()'s answer on POSIX, without loading node:os (not in Node's start-up snapshot: about
// 0.25 ms, a tenth of what a warm call adds to a bare node). Windows asks node:os.
function tempDir(): string {
  if (process.platform === "win32") return (require("node:os") as typeof import("node:os")).tmpdir();
  const dir = process.env.TMPDIR || process.env.TMP || process.env.TEMP || "/tmp";
  return dir.length > 1 && dir.endsWith("/") ? dir.slice(0, -1) : dir;
}

require("./thin.js");
