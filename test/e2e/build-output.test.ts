/**
 * What each deploy target would ship, checked on the build this run made.
 * [next build] is what Vercel deploys; [workerd] is what wrangler uploads.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { middlewareBundleSize, VERCEL_HOBBY_EDGE_LIMIT } from "../../scripts/middleware-size";
import { E2E_TARGET } from "../support/app-server";
import { CANARY_SECRETS } from "../support/global-build";

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/**
 * The Worker's upload budget, gzip: Workers Free takes 3 MiB (paid plans 10 MiB), and what the kit
 * leaves of it is every team's room for its own code. docs/cloudflare.md ("What is in the Worker")
 * says what is in it.
 */
const WORKER_GZIP_BUDGET_KIB = 2048;

describe("source", () => {
  it("declares the Edge runtime nowhere (OpenNext cannot build it; middleware is Edge by default)", () => {
    const offenders = [...files("app"), "middleware.ts"].filter((file) =>
      /export\s+const\s+runtime\s*=\s*["']edge["']/.test(readFileSync(file, "utf8")),
    );
    expect(offenders).toEqual([]);
  });
});

describe.runIf(E2E_TARGET === "next")("[next build] output for Vercel", () => {
  const manifest = () =>
    JSON.parse(readFileSync(".next/server/middleware-manifest.json", "utf8")) as {
      middleware: Record<string, unknown>;
      functions: Record<string, unknown>;
    };

  it("builds the middleware for the Edge runtime and no route as an Edge function", () => {
    expect(Object.keys(manifest().middleware)).toEqual(["/"]);
    expect(manifest().functions).toEqual({});
    // A Node-runtime middleware would be listed here instead; OpenNext refuses it.
    const functions = JSON.parse(readFileSync(".next/server/functions-config-manifest.json", "utf8")) as {
      functions: Record<string, unknown>;
    };
    expect(functions.functions["/_middleware"]).toBeUndefined();
  });

  it("keeps the middleware bundle far under Vercel Hobby's 1 MB gzip limit", () => {
    const { gzip } = middlewareBundleSize();
    expect(gzip).toBeLessThan(VERCEL_HOBBY_EDGE_LIMIT);
  });
});

describe.runIf(E2E_TARGET === "workerd")("[workerd] the Worker as wrangler would upload it", () => {
  it("contains no secret: the canaries set in the build's environment and .env file are nowhere under .open-next/", () => {
    const needles = Object.values(CANARY_SECRETS).map((value) => Buffer.from(value));
    const leaks = [...files(".open-next")].filter((file) => {
      const content = readFileSync(file);
      return needles.some((needle) => content.includes(needle));
    });
    expect(leaks).toEqual([]);
    const check = spawnSync(process.execPath, ["--import", "tsx", "scripts/cloudflare/check.ts"], {
      encoding: "utf8",
      env: { ...process.env, ...CANARY_SECRETS },
    });
    expect(check.status, check.stderr).toBe(0);
  });

  it("stays within the Worker's size budget, well under Workers Free's 3 MiB gzip", () => {
    const outdir = mkdtempSync(join(tmpdir(), "edgegate-upload-"));
    const dryRun = spawnSync(
      process.execPath,
      ["node_modules/wrangler/bin/wrangler.js", "deploy", "--dry-run", "--outdir", outdir],
      { encoding: "utf8" },
    );
    expect(dryRun.status, dryRun.stderr).toBe(0);
    const bundle = [...files(outdir)].filter((f) => !f.endsWith(".map"));
    const raw = bundle.reduce((sum, f) => sum + statSync(f).size, 0);
    const gzip = bundle.reduce((sum, f) => sum + gzipSync(readFileSync(f)).length, 0);
    console.log(`[workerd] upload: ${(raw / 1024).toFixed(0)} KiB raw, ${(gzip / 1024).toFixed(0)} KiB gzip`);
    expect(raw).toBeLessThan(64 * 1024 * 1024); // all plans since 2026-09
    expect(gzip).toBeLessThan(WORKER_GZIP_BUDGET_KIB * 1024);
  });
});
