/**
 * Turnstile through Better Auth's captcha plugin (its `cloudflare-turnstile`
 * verification), with what the plugin leaves open decided here:
 * - a missing token is 403, like a failed one (the plugin says 400);
 * - the verdict has TURNSTILE_DEADLINE_MS (the plugin waits 10 s), and an
 *   unknown verdict (deadline, network, siteverify's 5xx: the plugin's 500)
 *   follows the endpoint's policy (lib/shared/auth/turnstile.ts): 503 with
 *   Retry-After where accounts are made or mail sent, through with a log
 *   entry for password sign-in;
 * - siteverify gets the client's own address (the plugin would send an IPv6
 *   client's /48, the rate limiter's key);
 * - a token must have been solved on this site's host (Cloudflare's advice:
 *   one widget may serve several hostnames, staging among them), except with
 *   Cloudflare's test secrets, whose answers all name `example.com`.
 * A token the client sends is never what decides the policy: empty, failed
 * or Turnstile's own `internal-error` are all 403.
 *
 * It runs as the plugin does, on requests through the auth route's handler;
 * server calls through `auth.api` are not checked (no protected flow uses one).
 */
import type { BetterAuthPlugin } from "better-auth";
import { captcha } from "better-auth/plugins/captcha";
import {
  CAPTCHA_HEADER,
  TURNSTILE_ENDPOINTS,
  TURNSTILE_ERRORS,
  TURNSTILE_FAIL_OPEN,
} from "@/lib/shared/auth/turnstile";
import type { TurnstileEnv } from "@/lib/shared/env";
import { RETRY_AFTER_SECONDS } from "@/lib/shared/unavailable";

export const TURNSTILE_DEADLINE_MS = 3000;

type OnRequest = NonNullable<BetterAuthPlugin["onRequest"]>;
type RequestContext = Parameters<OnRequest>[1];

const json = (status: number, code: keyof typeof TURNSTILE_ERRORS, headers: Record<string, string> = {}) => ({
  response: new Response(JSON.stringify({ code, message: TURNSTILE_ERRORS[code] }), {
    status,
    headers: { "content-type": "application/json", ...headers },
  }),
});

/** The endpoint a request to the auth route names, as the plugin reads it. */
function endpointOf(request: Request, ctx: RequestContext): string {
  const basePath = ctx.options.basePath ?? "/api/auth";
  const { pathname } = new URL(request.url);
  const path = (pathname.startsWith(basePath) ? pathname.slice(basePath.length) : pathname).replace(/\/{2,}/g, "/");
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path || "/";
}

/** The context with the client's whole address: the captcha plugin reads it through the rate limiter's settings. */
function withWholeAddress(ctx: RequestContext): RequestContext {
  const advanced = ctx.options.advanced ?? {};
  const ipAddress = { ...advanced.ipAddress, ipv6Subnet: 128 as const };
  return { ...ctx, options: { ...ctx.options, advanced: { ...advanced, ipAddress } } };
}

const UNKNOWN = Symbol("unknown");

export function turnstile(
  config: TurnstileEnv,
  baseURL: string,
  onSkipped: (endpoint: string, reason: string, request: Request) => void,
): BetterAuthPlugin {
  const verify = captcha({
    provider: "cloudflare-turnstile",
    secretKey: config.secretKey,
    siteVerifyURLOverride: config.siteverifyUrl,
    endpoints: [...TURNSTILE_ENDPOINTS],
    allowedHostnames: config.testSecret ? undefined : [new URL(baseURL).hostname],
  }).onRequest as OnRequest;
  return {
    id: "edgegate-turnstile",
    async onRequest(request, ctx) {
      const endpoint = endpointOf(request, ctx);
      if (!TURNSTILE_ENDPOINTS.includes(endpoint)) return;
      if (!request.headers.get(CAPTCHA_HEADER)?.trim()) return json(403, "CAPTCHA_REQUIRED");
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<typeof UNKNOWN>((resolve) => {
        timer = setTimeout(() => resolve(UNKNOWN), TURNSTILE_DEADLINE_MS);
      });
      const verdict = await Promise.race([verify(request, withWholeAddress(ctx)), deadline]).finally(() =>
        clearTimeout(timer),
      );
      const answer = verdict !== UNKNOWN && verdict && "response" in verdict ? verdict.response : undefined;
      if (verdict !== UNKNOWN && answer?.status !== 500) {
        // Passed (nothing to say), or the plugin's 403 for a token Turnstile refused.
        return answer ? json(403, "CAPTCHA_REQUIRED") : undefined;
      }
      const reason = verdict === UNKNOWN ? "timeout" : "siteverify unavailable";
      if ((TURNSTILE_FAIL_OPEN as readonly string[]).includes(endpoint)) {
        console.warn(`[turnstile] no verdict for ${endpoint} (${reason}): let through`);
        onSkipped(endpoint, reason, request);
        return;
      }
      console.warn(`[turnstile] no verdict for ${endpoint} (${reason}): 503`);
      return json(503, "CAPTCHA_UNAVAILABLE", { "retry-after": String(RETRY_AFTER_SECONDS) });
    },
  };
}
