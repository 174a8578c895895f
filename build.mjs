// Two bundles, both lazy where it matters for a fast start:
// - dist/cli.js: a stub that turns on Node's compile cache (src/bin.ts), then dist/thin.js: the
//   thin entry (a warm credential-process needs nothing else), and
//   dist/main.js: all of awsmfa's own code in ONE CommonJS file. CommonJS because esbuild then keeps
//   each module's require() of node builtins inside the module's lazy initialiser, so a warm
//   credential-process loads neither child_process, readline, http nor the emulator; and one file
//   because every extra ES module chunk cost the warm path about a millisecond (10 chunks, 10 ms).
// - dist/vendor/*.mjs: the AWS SDK clients and qrcode, bundled once, imported only on the paths
//   that call AWS or draw a QR code.
// Everything the bundles contain is a devDependency; `dependencies` holds only what stays external
// (NATIVE below), so a global install fetches one package instead of the SDK's sixty.
//
// Each build writes a fresh folder and swaps it in for dist/ with two renames: nothing of an older
// build survives (a pack never ships orphan chunks), and a CLI started from the old build sees a
// complete dist/ at every moment but the instant between the renames. Chunk names are content
// hashes, so a running process that lazily imports a vendor chunk after a rebuild finds it under
// the same name unless the bundled library itself changed.
import { build } from "esbuild";
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";

const VENDOR = { "client-sts": "@aws-sdk/client-sts", "client-iam": "@aws-sdk/client-iam", qrcode: "qrcode" };
// A native addon (.node binary chosen per platform at run time): esbuild cannot bundle it, so it is
// required from node_modules, lazily, by the keyring key store only.
const NATIVE = ["@napi-rs/keyring"];
const OUT = `dist.next-${process.pid}`;
// A failed build leaves no half-written folder behind (after the swap there is nothing to remove).
process.on("exit", () => rmSync(OUT, { recursive: true, force: true }));

const vendorEntries = {
  name: "vendor-entries",
  setup(b) {
    b.onResolve({ filter: /^vendor:/ }, (a) => ({ path: a.path.slice("vendor:".length), namespace: "vendor" }));
    b.onLoad({ filter: /.*/, namespace: "vendor" }, (a) => ({
      // qrcode is CommonJS: re-export module.exports as the default, as `import("qrcode")` gives.
      contents: a.path === "qrcode" ? `import q from "qrcode"; export default q;` : `export * from "${VENDOR[a.path]}";`,
      resolveDir: process.cwd(),
      loader: "js",
    }));
  },
};
// Node builtins reach the vendor bundles through require(), not import: Node builds an ES module
// facade for an imported builtin by reading every export, and on Node 24 one of node:http's is a
// getter that loads all of undici (the SDK's `await import("node:http")` cost a refresh ~30 ms).
const builtinsByRequire = {
  name: "builtins-by-require",
  setup(b) {
    const names = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    b.onResolve({ filter: /^[a-z:_/0-9]+$/ }, (a) =>
      !names.has(a.path) ? undefined : a.namespace === "builtin" ? { path: a.path, external: true } : { path: a.path, namespace: "builtin" },
    );
    b.onLoad({ filter: /.*/, namespace: "builtin" }, (a) => ({ contents: `module.exports = require(${JSON.stringify(a.path)});`, loader: "js" }));
  },
};
await build({
  entryPoints: Object.fromEntries(Object.keys(VENDOR).map((k) => [k, `vendor:${k}`])),
  outdir: `${OUT}/vendor`,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // The SDK's ES module build: smaller output and no CommonJS interop surprises.
  mainFields: ["module", "main"],
  legalComments: "none",
  chunkNames: "chunks/[name]-[hash]",
  banner: { js: "import { createRequire as __awsmfaCreateRequire } from 'node:module'; const require = __awsmfaCreateRequire(import.meta.url);" },
  plugins: [vendorEntries, builtinsByRequire],
  logLevel: "warning",
});

const toVendor = {
  name: "to-vendor",
  setup(b) {
    const byPackage = Object.fromEntries(Object.entries(VENDOR).map(([k, v]) => [v, k]));
    b.onResolve({ filter: /^(@aws-sdk\/client-(sts|iam)|qrcode)$/ }, (a) => ({ path: `./vendor/${byPackage[a.path]}.mjs`, external: true }));
  },
};
// `./FILE.js` imported by `importer` stays a separate file of dist/, loaded only when that import
// runs: main.js from the thin entry (src/cli.ts), which answers a warm credential-process alone,
// and the Japanese catalogue from src/i18n/index.ts, which an English run never reads.
const separate = (file, importer) => ({
  name: `separate-${file}`,
  setup(b) {
    const filter = new RegExp(`^\\./${file.replace(".", "\\.")}$`);
    b.onResolve({ filter }, (a) => (a.importer.endsWith(importer) ? { path: `./${file}`, external: true } : undefined));
  },
});
const common = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  legalComments: "none",
  define: { __VERSION__: JSON.stringify(JSON.parse(readFileSync("package.json", "utf8")).version), __AWSMFA_BUNDLE__: "true" },
  external: NATIVE,
  logLevel: "warning",
};
await build({
  ...common,
  entryPoints: ["src/bin.ts"],
  outfile: `${OUT}/cli.js`,
  banner: { js: "#!/usr/bin/env node" },
  external: [...NATIVE, "./thin.js"],
});
await build({
  ...common,
  entryPoints: ["src/cli.ts"],
  outfile: `${OUT}/thin.js`,
  plugins: ["main.js", "hook.js", "cp.js"].map((f) => separate(f, "/src/cli.ts")),
  // Node 20 compiles this file on every warm credential-process (it has no compile cache): fewer
  // bytes to scan measured about 2% of that run. Its stack traces never reach a user: any error
  // there hands over to main.js, which is not minified.
  minify: true,
  // import("./main.js") as require(): a dynamic import() would start the ES module loader too.
  supported: { "dynamic-import": false },
});
await build({ ...common, entryPoints: ["src/main.ts"], outfile: `${OUT}/main.js`, plugins: [toVendor, separate("ja.js", "/src/i18n/index.ts")] });
// The lanes (src/lane.ts): one command each, for the calls made most often.
for (const lane of ["hook", "cp"])
  await build({ ...common, entryPoints: [`src/${lane}.ts`], outfile: `${OUT}/${lane}.js`, plugins: [toVendor, separate("ja.js", "/src/i18n/index.ts")] });
await build({ ...common, entryPoints: ["src/i18n/ja.ts"], outfile: `${OUT}/ja.js` });
// The thin entry must stay thin: a static import that drags in a command would undo it silently.
// 32 KB minified (24 KB today): the INI model is most of it; the whole of main.js is ~460 KB.
// (node:crypto may appear: core/sha256.ts requires it only in a process that hashes a lot. That
// the warm path loads none of these is checked at run time, in test/e2e/thin-entry.test.ts.)
const thin = readFileSync(`${OUT}/thin.js`, "utf8");
if (thin.length > 32_000 || /fs\/promises|child_process/.test(thin))
  throw new Error(`dist/thin.js is no longer a thin entry (${thin.length} bytes): check src/cli.ts's static imports`);
if (readFileSync(`${OUT}/cli.js`, "utf8").length > 3_000) throw new Error("dist/cli.js is no longer a stub: check src/bin.ts");
// The package is "type": "module"; this folder's cli.js is CommonJS, its vendor/*.mjs ES modules.
writeFileSync(`${OUT}/package.json`, JSON.stringify({ type: "commonjs" }) + "\n");
chmodSync(`${OUT}/cli.js`, 0o755);

const old = `dist.old-${process.pid}`;
if (existsSync("dist")) renameSync("dist", old);
renameSync(OUT, "dist");
rmSync(old, { recursive: true, force: true });
