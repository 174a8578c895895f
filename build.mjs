// Bundle with code splitting: the entry chunk stays tiny and each command, the AWS SDK and the QR
// library load only when a dynamic import() on that path asks for them (fast warm credential-process).
import { build } from "esbuild";
import { readFileSync, rmSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });
await build({
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
  banner: {
    // Some CommonJS dependencies call require(); give the ESM bundle one.
    js: "#!/usr/bin/env node\nimport { createRequire as __awsmfaCreateRequire } from 'node:module'; const require = __awsmfaCreateRequire(import.meta.url);",
  },
  define: { __VERSION__: JSON.stringify(JSON.parse(readFileSync("package.json", "utf8")).version) },
  logLevel: "warning",
});
