/**
 * The edge gate: decides every non-static request before it reaches a page,
 * an API route or a server action. No Node APIs, no database (biome.jsonc
 * enforces what it may import), so it runs unchanged in Edge middleware or a
 * Node `proxy.ts`.
 *
 * It never lets a request through on a fault: configuration errors and
 * unknown answers become 503, malformed paths 400.
 */
import type { NextRequest, NextResponse } from "next/server";
import { accessTokenAudience } from "@/lib/shared/auth/access-token";
import { bearerChallenge } from "@/lib/shared/auth/api-credentials";
import { cookieConfig } from "@/lib/shared/auth/cookies";
import { readAuthEnv } from "@/lib/shared/env";
import { hmacKey } from "@/lib/shared/hmac";
import { decide, type GateContext, type Outcome } from "./decide";
import { JwksCache } from "./jwks";
import { MalformedPathError, type Requirement, requirementFor } from "./requirement";
import { respond } from "./respond";
import type { Transport } from "./transport";

export interface GateOptions {
  /** How to reach the auth handler; see transport.ts. Global fetch when absent. */
  transport?: Transport;
}

let context: GateContext | undefined;

/**
 * Built once per isolate, on the first gated request: env read, HMAC key
 * prepared. Throws ConfigError, and being unassigned then, tries again next time.
 */
function gateContext(): GateContext {
  if (!context) {
    const env = readAuthEnv(process.env);
    context = {
      cookies: cookieConfig(env),
      key: hmacKey(env.secret),
      fallback: { authOrigin: env.baseURL, timeoutMs: env.gateFallbackTimeoutMs },
      accessTokens: { keys: new JwksCache(), issuer: env.baseURL, audience: accessTokenAudience(env.baseURL) },
    };
  }
  return context;
}

async function outcomeFor(request: NextRequest, requirement: Requirement, options: GateOptions): Promise<Outcome> {
  if (requirement.public) return { type: "pass", step: "public", setCookies: [] };
  let ctx: GateContext;
  try {
    ctx = gateContext();
  } catch (error) {
    console.error(`[gate] ${(error as Error).message}`);
    return { type: "unavailable", step: "config", reason: "configuration" };
  }
  const gateRequest = {
    headers: request.headers,
    method: request.method,
    pathname: request.nextUrl.pathname,
    callbackUrl: request.nextUrl.searchParams.get("callbackUrl"),
  };
  return decide(gateRequest, requirement, {
    ...ctx,
    fallback: { ...ctx.fallback, fetchImpl: options.transport?.fetch },
  });
}

export async function gate(request: NextRequest, options: GateOptions = {}): Promise<NextResponse> {
  const started = performance.now();
  let requirement: Requirement;
  try {
    requirement = requirementFor(request.nextUrl.pathname);
  } catch (error) {
    if (!(error instanceof MalformedPathError)) throw error;
    const api = request.nextUrl.pathname.toLowerCase().startsWith("/api/");
    return respond(request, { type: "bad-request", step: "path" }, api, performance.now() - started, "fetch");
  }
  let outcome: Outcome;
  try {
    outcome = await outcomeFor(request, requirement, options);
  } catch (error) {
    console.error("[gate] unexpected failure:", error);
    outcome = { type: "unavailable", step: "error", reason: "internal error" };
  }
  if (outcome.type === "unavailable")
    console.warn(`[gate] 503 for ${request.method} ${request.nextUrl.pathname}: ${outcome.reason}`);
  const response = respond(
    request,
    outcome,
    requirement.api,
    performance.now() - started,
    options.transport?.via ?? "fetch",
  );
  // RFC 6750 §3: a route that takes tokens or keys says so to a request that brought none.
  if (outcome.type === "unauthenticated" && (requirement.tokens || requirement.keys)) {
    response.headers.set("www-authenticate", bearerChallenge());
  }
  return response;
}
