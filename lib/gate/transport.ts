/**
 * How the gate reaches the auth handler for step 3. On Cloudflare, a Worker's
 * fetch of its own hostname reaches the Worker again only on a Custom Domain
 * (on a Route it goes to the origin), so inside an OpenNext Worker the gate
 * uses the self-reference service binding, which always does. Elsewhere
 * (next start, Vercel) it is plain fetch to the configured origin.
 */
import { getCloudflareContext } from "@opennextjs/cloudflare/cloudflare-context";
import { isWorkerd } from "@/lib/shared/platform";

export interface Transport {
  fetch?: typeof fetch;
  /** Reported in Server-Timing with the fallback step. */
  via: "service-binding" | "fetch";
}

export const SELF_BINDING = "WORKER_SELF_REFERENCE";

interface Fetcher {
  fetch: typeof fetch;
}

export function authTransport(): Transport {
  // OpenNext's public accessor for the request's bindings; it throws outside a Worker, so it is
  // asked only inside one.
  const binding = isWorkerd() ? (getCloudflareContext().env[SELF_BINDING] as Fetcher | undefined) : undefined;
  if (binding && typeof binding.fetch === "function") {
    return { fetch: ((input, init) => binding.fetch(input, init)) as typeof fetch, via: "service-binding" };
  }
  return { via: "fetch" };
}
