/**
 * The Cloudflare Worker as a deployable: upload size (what `wrangler deploy`
 * would send, from a dry run) and start-up in local workerd: time from
 * `npm run preview:cf` to its first answer, and the first request's latency
 * (a fresh isolate evaluating the bundle) against a warm one.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { migrateDatabase } from "@/lib/server/db/migrate";
import { startLocalDatabase } from "../stand-ins/local-db";
import { startApp } from "../test/support/app-server";
import { type Figure, single } from "./lib/measure";

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

export async function benchWorker(): Promise<Figure[]> {
  const outdir = mkdtempSync(join(tmpdir(), "edgegate-upload-"));
  const dryRun = spawnSync(
    process.execPath,
    ["node_modules/wrangler/bin/wrangler.js", "deploy", "--dry-run", "--outdir", outdir],
    { encoding: "utf8" },
  );
  if (dryRun.status !== 0) throw new Error(`wrangler deploy --dry-run failed: ${dryRun.stderr}`);
  const bundle = [...files(outdir)].filter((f) => !f.endsWith(".map"));
  const raw = bundle.reduce((sum, f) => sum + statSync(f).size, 0);
  const gzip = bundle.reduce((sum, f) => sum + gzipSync(readFileSync(f)).length, 0);

  const db = await startLocalDatabase();
  try {
    const databaseUrl = await db.createDatabase("edgegate");
    await migrateDatabase(databaseUrl);
    const started = Date.now();
    // startApp resolves on the first HTTP answer of any kind (a static asset, served without the isolate).
    const app = await startApp({ target: "workerd", databaseUrl, env: { EMAIL_VERIFICATION: "off" } });
    const ready = Date.now() - started;
    try {
      const timePage = async () => {
        const t = Date.now();
        await (await fetch(`${app.baseURL}/sign-in`)).arrayBuffer();
        return Date.now() - t;
      };
      const first = await timePage();
      const warm: number[] = [];
      for (let i = 0; i < 10; i++) warm.push(await timePage());
      warm.sort((a, b) => a - b);
      return [
        single("worker · upload size, raw", "KiB", raw / 1024),
        single("worker · upload size, gzip", "KiB", gzip / 1024),
        single("worker · preview:cf start to first answer", "ms", ready),
        single("worker · first page request (fresh isolate)", "ms", first),
        single("worker · warm page request (median of 10)", "ms", warm[5]!),
      ];
    } finally {
      await app.stop();
    }
  } finally {
    await db.close();
  }
}
