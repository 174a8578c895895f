// Bundle with code splitting: the entry chunk stays tiny and each command, the AWS SDK and the QR
// library load only when a dynamic import() on that path asks for them (fast warm credential-process).
import { build } from "esbuild";
import { chmodSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";

const started = Date.now();
const result = await build({
  entryPoints: ["src/cli.ts"],
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  // Prefer the SDK's ES module build: smaller chunks and no CommonJS interop surprises.
  mainFields: ["module", "main"],
  target: "node20",
  sourcemap: false,
  legalComments: "none",
  chunkNames: "chunks/[name]-[hash]",
  metafile: true,
  banner: {
    // Some CommonJS dependencies call require(); give the ESM bundle one.
    js: "#!/usr/bin/env node\nimport { createRequire as __awsmfaCreateRequire } from 'node:module'; const require = __awsmfaCreateRequire(import.meta.url);",
  },
  define: { __VERSION__: JSON.stringify(JSON.parse(readFileSync("package.json", "utf8")).version) },
  logLevel: "warning",
});
chmodSync("dist/cli.js", 0o755);

// dist/ is not wiped first: a CLI process started from the previous build may still import its
// chunks. Chunks of older builds are pruned once nothing can be running them any more.
const current = new Set(Object.keys(result.metafile.outputs).map((f) => path.resolve(f)));
for (const f of readdirSync("dist/chunks")) {
  const file = path.resolve("dist/chunks", f);
  if (!current.has(file) && statSync(file).mtimeMs < started - 10 * 60_000) rmSync(file, { force: true });
}
