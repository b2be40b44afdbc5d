// OpenNext's Cloudflare adapter settings. Public pages are prerendered at build
// time and never revalidated, so the incremental cache is the Worker's own
// static assets (read-only, no R2 bucket or KV namespace to create), filled by
// `npm run build:cf`. Cache interception answers a prerendered page before the
// Next server is even loaded; protected pages are dynamic and never cached.
import { defineCloudflareConfig } from "@opennextjs/cloudflare";
import staticAssetsIncrementalCache from "@opennextjs/cloudflare/overrides/incremental-cache/static-assets-incremental-cache";

export default defineCloudflareConfig({
  incrementalCache: staticAssetsIncrementalCache,
  enableCacheInterception: true,
});
