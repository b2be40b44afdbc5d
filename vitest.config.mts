import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = { "@": fileURLToPath(new URL(".", import.meta.url)) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/support/global-database.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/support/global-database.ts", "test/support/global-build.ts"],
          // Each file starts its own server; on two cores they run one at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      // The gate in proxy.ts (npm run gate:proxy) in a copy of the checkout, built once with
      // `vercel build`: its output, and the gate's HTTP contract on next start (npm run test:proxy).
      ...(process.env.PROXY_VARIANT_CHECK === "1"
        ? [
            {
              resolve: { alias },
              test: {
                name: "proxy",
                include: [
                  "test/proxy/**/*.test.ts",
                  "test/e2e/gate-http.test.ts",
                  "test/e2e/gated-prerendered.test.ts",
                ],
                globalSetup: ["test/support/proxy-checkout.ts"],
                fileParallelism: false,
                testTimeout: 60_000,
                hookTimeout: 300_000,
              },
            },
          ]
        : []),
      // The Vercel CLI's local build rebuilds .next in place, so it runs on its own
      // (npm run test:vercel), never alongside the other projects.
      ...(process.env.VERCEL_OUTPUT_CHECK === "1"
        ? [
            {
              resolve: { alias },
              test: { name: "vercel", include: ["test/vercel/**/*.test.ts"], hookTimeout: 300_000 },
            },
          ]
        : []),
    ],
  },
});
