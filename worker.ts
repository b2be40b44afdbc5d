/**
 * The Cloudflare Worker's entry (wrangler.toml `main`): OpenNext's handler,
 * which `npm run build:cf` writes to .open-next/worker.js, plus the Cron
 * Trigger (wrangler.toml [triggers]), which runs the housekeeping job by
 * calling the app's own route through that same handler, the way Vercel Cron
 * calls it over HTTP: one code path on every platform.
 */
// @ts-expect-error: written by `npm run build:cf`, without type declarations
import openNext from "./.open-next/worker.js";

// OpenNext's Durable Objects (its revalidation queue and tag caches) are not exported: nothing here binds
// them (prerendered pages are never revalidated, open-next.config.ts), and each export ships their code.

interface Env {
  BETTER_AUTH_URL?: string;
  CRON_SECRET?: string;
}

interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
}

interface Handler {
  fetch(request: Request, env: Env, ctx: WorkerContext): Promise<Response>;
}

const handler = openNext as Handler;

export default {
  fetch: (request: Request, env: Env, ctx: WorkerContext) => handler.fetch(request, env, ctx),
  async scheduled(_event: unknown, env: Env, ctx: WorkerContext): Promise<void> {
    if (!env.BETTER_AUTH_URL || !env.CRON_SECRET) {
      console.error("[housekeeping] not run: set BETTER_AUTH_URL and CRON_SECRET for the Worker");
      return;
    }
    const request = new Request(new URL("/api/cron/housekeeping", env.BETTER_AUTH_URL), {
      headers: { authorization: `Bearer ${env.CRON_SECRET}` },
    });
    const response = await handler.fetch(request, env, ctx);
    const report = `[housekeeping] ${response.status} ${await response.text()}`;
    if (response.ok) console.log(report);
    else console.error(report);
  },
};
