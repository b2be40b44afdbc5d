/**
 * How the gate reaches the auth handler for step 3. On Cloudflare, a Worker's
 * fetch of its own hostname reaches the Worker again only on a Custom Domain
 * (on a Route it goes to the origin), so inside an OpenNext Worker the gate
 * uses the self-reference service binding, which always does. Elsewhere
 * (next start, Vercel) it is plain fetch to the configured origin.
 *
 * The binding is read from the context OpenNext puts on globalThis for each
 * request (what getCloudflareContext() reads), so this stays a tiny,
 * edge-safe module with no import from @opennextjs/cloudflare.
 */
export interface Transport {
  fetch?: typeof fetch;
  /** Reported in Server-Timing with the fallback step. */
  via: "service-binding" | "fetch";
}

const CLOUDFLARE_CONTEXT = Symbol.for("__cloudflare-context__");
export const SELF_BINDING = "WORKER_SELF_REFERENCE";

interface Fetcher {
  fetch: typeof fetch;
}

export function authTransport(): Transport {
  const context = (globalThis as Record<symbol, { env?: Record<string, unknown> } | undefined>)[CLOUDFLARE_CONTEXT];
  const binding = context?.env?.[SELF_BINDING] as Fetcher | undefined;
  if (binding && typeof binding.fetch === "function") {
    return { fetch: ((input, init) => binding.fetch(input, init)) as typeof fetch, via: "service-binding" };
  }
  return { via: "fetch" };
}
