import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The ports read process facts from an installed host (src/ports/host.ts); cli.ts installs it in the product.
    setupFiles: ["test/helpers/host.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // e2e tests spawn real CLIs and servers; two cores only.
    maxWorkers: 2,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
