/**
 * Drives the real gate with real NextRequest objects. The auth handler it
 * falls back to is the app's real Better Auth instance (in-process, through
 * the gate's fetch seam), or a scripted answer for fault cases.
 */
import { NextRequest } from "next/server";
import { gate } from "@/lib/gate";
import type { TestAuth } from "./auth-instance";
import { TEST_BASE_URL } from "./constants";

export interface FallbackCall {
  url: string;
  headers: Headers;
}

export type Answer = (url: string, signal: AbortSignal | null) => Promise<Response> | Response;

export class GateHarness {
  readonly calls: FallbackCall[] = [];
  /** When set, the fallback gets this answer instead of the real handler's. */
  answer: Answer | undefined;

  constructor(private readonly auth: TestAuth) {}

  private readonly fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    this.calls.push({ url: request.url, headers: request.headers });
    if (this.answer) return this.answer(request.url, init?.signal ?? null);
    return this.auth.handle(request);
  }) as typeof fetch;

  async run(path: string, init: { cookie?: string; method?: string; headers?: Record<string, string> } = {}) {
    const headers = new Headers(init.headers);
    if (init.cookie) headers.set("cookie", init.cookie);
    // Concatenated, not resolved: "//admin" is a path on the wire, not a host.
    const request = new NextRequest(`${TEST_BASE_URL}${path}`, { method: init.method ?? "GET", headers });
    const before = this.calls.length;
    const response = await gate(request, { transport: { fetch: this.fetchImpl, via: "fetch" } });
    return { response, fallbackCalls: this.calls.length - before, step: stepOf(response) };
  }
}

/** The ladder step that decided, from the gate's Server-Timing entry (e.g. "cache", "fallback"). */
export function stepOf(response: Response): string | undefined {
  return /gate;desc="([a-z]+)/.exec(response.headers.get("server-timing") ?? "")?.[1];
}

/** How the fallback reached the auth handler ("service-binding" or "fetch"). */
export function fallbackVia(response: Response): string | undefined {
  return /gate;desc="fallback via ([a-z-]+)"/.exec(response.headers.get("server-timing") ?? "")?.[1];
}

/** The gate passed the request on to the app (NextResponse.next()). */
export function passed(response: Response): boolean {
  return response.headers.get("x-middleware-next") === "1";
}
