// OpenNext's Cloudflare adapter settings. Public pages are prerendered at build
// time and never revalidated, so the incremental cache is the Worker's own
// static assets (read-only, no R2 bucket or KV namespace to create), filled by
// `npm run build:cf`. Cache interception answers a prerendered page before the
// Next server is even loaded; protected pages are dynamic and never cached.
//
// The Worker is built with webpack, everything else with Turbopack: the same app
// bundled by Turbopack makes a Worker about 390 KiB (gzip) larger, 2,952 KiB of
// Workers Free's 3,072, against 2,564 with webpack (docs/cloudflare.md).
import { defineCloudflareConfig } from "@opennextjs/cloudflare";
import staticAssetsIncrementalCache from "@opennextjs/cloudflare/overrides/incremental-cache/static-assets-incremental-cache";

export default {
  ...defineCloudflareConfig({
    incrementalCache: staticAssetsIncrementalCache,
    enableCacheInterception: true,
  }),
  buildCommand: "npm run build -- --webpack",
};
