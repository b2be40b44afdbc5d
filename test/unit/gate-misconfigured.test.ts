/**
 * A gate without a usable configuration fails closed: protected requests get
 * 503 (never a pass, never a redirect loop), public pages still render.
 */
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { gate } from "@/lib/gate";
import { TOKEN } from "../support/constants";

beforeAll(() => {
  vi.stubEnv("BETTER_AUTH_SECRET", "too-short");
  vi.stubEnv("BETTER_AUTH_URL", "http://localhost:3000");
});
afterAll(() => vi.unstubAllEnvs());

describe("gate with an invalid BETTER_AUTH_SECRET", () => {
  it.each(["/dashboard", "/api/me", "/sign-in"])("answers 503 with Retry-After for %s", async (path) => {
    const response = await gate(
      new NextRequest(`http://localhost:3000${path}`, { headers: { cookie: `${TOKEN}=a.b` } }),
    );
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBeTruthy();
    expect(response.headers.get("server-timing")).toContain('desc="config"');
  });

  it("still serves public pages", async () => {
    const response = await gate(new NextRequest("http://localhost:3000/"));
    expect(response.headers.get("x-middleware-next")).toBe("1");
  });
});
