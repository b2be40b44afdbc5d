/**
 * The gate in proxy.ts (`npm run gate:proxy`), as `vercel build` ships it:
 * Node routing middleware with the Edge middleware's matcher, and no Edge
 * function at all. The copy it reads is made and built by
 * test/support/proxy-checkout.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { E2E_APP_DIR } from "../support/app-server";
import { vercelFunctions } from "../support/vercel-build";

const OUTPUT = join(E2E_APP_DIR, ".vercel/output");

describe("vercel build of the proxy.ts variant", () => {
  it("is a copy switched by gate:proxy: proxy.ts exporting proxy, no middleware.ts", () => {
    expect(E2E_APP_DIR).not.toBe(".");
    expect(existsSync(join(E2E_APP_DIR, "middleware.ts"))).toBe(false);
    expect(readFileSync(join(E2E_APP_DIR, "proxy.ts"), "utf8")).toMatch(/^export function proxy\(/m);
  });

  it("makes the gate a Node function and nothing an Edge function", () => {
    const functions = vercelFunctions(OUTPUT);
    expect(functions.filter((f) => f.config.runtime === "edge")).toEqual([]);
    expect(functions.find((f) => f.name === "_middleware.func")?.config.runtime).toMatch(/^nodejs\d+\.x$/);
  });

  it("sends every path the Edge middleware's matcher names through it", async () => {
    const { routes } = JSON.parse(readFileSync(join(OUTPUT, "config.json"), "utf8")) as {
      routes: { middlewarePath?: string; middlewareRawSrc?: string[] }[];
    };
    // This checkout's middleware.ts, by path: the copy has none, and its build type-checks this file.
    const { config } = (await import(join(process.cwd(), "middleware.ts"))) as { config: { matcher: string[] } };
    const gated = routes.filter((route) => route.middlewarePath === "/_middleware");
    expect(gated.map((route) => route.middlewareRawSrc)).toEqual([config.matcher]);
  });
});
