// Two bundles, both lazy where it matters for a fast start:
// - dist/cli.js: all of awsmfa's own code in ONE CommonJS file. CommonJS because esbuild then keeps
//   each module's require() of node builtins inside the module's lazy initialiser, so a warm
//   credential-process loads neither child_process, readline, http nor the emulator; and one file
//   because every extra ES module chunk cost the warm path about a millisecond (10 chunks, 10 ms).
// - dist/vendor/*.mjs: the AWS SDK clients and qrcode, bundled once, imported only on the paths
//   that call AWS or draw a QR code.
import { build } from "esbuild";
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const VENDOR = { "client-sts": "@aws-sdk/client-sts", "client-iam": "@aws-sdk/client-iam", qrcode: "qrcode" };
const started = Date.now();

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
const vendor = await build({
  entryPoints: Object.fromEntries(Object.keys(VENDOR).map((k) => [k, `vendor:${k}`])),
  outdir: "dist/vendor",
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
  metafile: true,
  banner: { js: "import { createRequire as __awsmfaCreateRequire } from 'node:module'; const require = __awsmfaCreateRequire(import.meta.url);" },
  plugins: [vendorEntries],
  logLevel: "warning",
});

const toVendor = {
  name: "to-vendor",
  setup(b) {
    const byPackage = Object.fromEntries(Object.entries(VENDOR).map(([k, v]) => [v, k]));
    b.onResolve({ filter: /^(@aws-sdk\/client-(sts|iam)|qrcode)$/ }, (a) => ({ path: `./vendor/${byPackage[a.path]}.mjs`, external: true }));
  },
};
await build({
  entryPoints: ["src/cli.ts"],
  outfile: "dist/cli.js",
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  legalComments: "none",
  banner: { js: "#!/usr/bin/env node" },
  define: { __VERSION__: JSON.stringify(JSON.parse(readFileSync("package.json", "utf8")).version) },
  // A native addon cannot be bundled; it is required at run time, and only by the keyring adapter.
  external: ["@napi-rs/keyring"],
  plugins: [toVendor],
  logLevel: "warning",
});
// The package is "type": "module"; this folder's cli.js is CommonJS, its vendor/*.mjs ES modules.
writeFileSync("dist/package.json", JSON.stringify({ type: "commonjs" }) + "\n");
chmodSync("dist/cli.js", 0o755);

// dist/ is not wiped first: a CLI process started from the previous build may still import its
// vendor chunks. Older builds' leftovers are pruned once nothing can be running them any more.
const current = new Set(Object.keys(vendor.metafile.outputs).map((f) => path.resolve(f)));
for (const dir of ["dist/chunks", "dist/vendor/chunks"]) {
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir)) {
    const file = path.resolve(dir, f);
    if (!current.has(file) && statSync(file).mtimeMs < started - 10 * 60_000) rmSync(file, { force: true });
  }
}
