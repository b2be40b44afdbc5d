/**
 * What a Vercel deploy would ship, proven like the Worker: the Vercel CLI's
 * own local build (`vercel build`, offline; CLI 58.10.0) is run on the
 * project with a canary secret in the environment and in a .env file, and
 * its output (.vercel/output, the Build Output API) is inspected.
 * `npm run test:vercel` (part of npm test).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { VERCEL_HOBBY_EDGE_LIMIT } from "@/scripts/middleware-size";
import { files, vercelBuild, vercelFunctions } from "../support/vercel-build";

const CANARY = "edgegate-vercel-canary-secret-must-never-be-baked-0077";
const CANARY_FILE = ".env.production.local";
let OUTPUT: string;
let FUNCTIONS: string;
const functions = () => vercelFunctions(OUTPUT);

beforeAll(() => {
  const ownFile = !existsSync(CANARY_FILE);
  if (ownFile) writeFileSync(CANARY_FILE, `BETTER_AUTH_SECRET=${CANARY}\n`);
  try {
    OUTPUT = vercelBuild(".", { BETTER_AUTH_SECRET: CANARY });
    FUNCTIONS = join(OUTPUT, "functions");
  } finally {
    if (ownFile) rmSync(CANARY_FILE, { force: true });
  }
});

describe("vercel build (Build Output API v3)", () => {
  it("makes the middleware an Edge function, and nothing else", () => {
    const edge = functions().filter((f) => f.config.runtime === "edge");
    expect(edge.map((f) => f.name)).toEqual(["middleware.func"]);
  });

  it("keeps the middleware within Vercel Hobby's 1 MB (gzip) Edge function limit", () => {
    const code = [...files(join(FUNCTIONS, "middleware.func"))].filter((f) => !/\.(map|json)$/.test(f));
    const gzip = gzipSync(Buffer.concat(code.map((f) => readFileSync(f))), { level: 9 }).length;
    expect(gzip).toBeLessThan(VERCEL_HOBBY_EDGE_LIMIT);
  });

  it("serves pages and the auth route from Node functions", () => {
    const byName = new Map(functions().map((f) => [f.name, f.config.runtime]));
    for (const name of [
      "api/auth/[...all].func",
      "dashboard.func",
      "admin.func",
      "account/security.func",
      "api/me.func",
    ]) {
      expect(byName.get(name), name).toMatch(/^nodejs\d+\.x$/);
    }
  });

  it("prerenders the public pages", () => {
    for (const name of ["index", "help", "sign-in", "sign-up"]) {
      expect(existsSync(join(FUNCTIONS, `${name}.prerender-fallback.html`)), name).toBe(true);
    }
    expect(existsSync(join(FUNCTIONS, "dashboard.prerender-fallback.html"))).toBe(false);
  });

  it("prerenders the page behind the gate, and routes every form of it through the middleware first", () => {
    expect(existsSync(join(FUNCTIONS, "account/help.prerender-fallback.html"))).toBe(true);
    const { routes } = JSON.parse(readFileSync(join(OUTPUT, "config.json"), "utf8")) as {
      routes: { src?: string; handle?: string; middlewarePath?: string }[];
    };
    const middleware = routes.findIndex((route) => route.middlewarePath === "middleware");
    expect(middleware).toBeGreaterThanOrEqual(0);
    // Before Vercel looks for a file or a prerendered page at all.
    expect(middleware).toBeLessThan(routes.findIndex((route) => route.handle === "filesystem"));
    const matches = new RegExp(routes[middleware]!.src!);
    for (const path of ["/account/help", "/account/help.rsc", "/account/help.segments/_tree.segment.rsc"])
      expect(matches.test(path), path).toBe(true);
  });

  it("schedules the housekeeping job with Vercel Cron, on a Node function", () => {
    const config = JSON.parse(readFileSync(join(OUTPUT, "config.json"), "utf8")) as { crons?: unknown };
    expect(config.crons).toEqual([{ path: "/api/cron/housekeeping", schedule: "17 3 * * *" }]);
    expect(functions().find((f) => f.name === "api/cron/housekeeping.func")?.config.runtime).toMatch(/^nodejs\d+\.x$/);
  });

  it("contains no secret from the build's environment or .env files, and no .env file", () => {
    const needle = Buffer.from(CANARY);
    const leaks = [...files(OUTPUT)].filter((f) => readFileSync(f).includes(needle) || /(^|\/)\.env/.test(f));
    expect(leaks).toEqual([]);
  });
});
