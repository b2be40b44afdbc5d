// OpenNext's Cloudflare adapter settings. No incremental cache (hence no R2
// bucket): every page that matters here is dynamic (it reads the session), so
// there is nothing worth caching across requests.
import { defineCloudflareConfig } from "@opennextjs/cloudflare";

export default defineCloudflareConfig();
