/**
 * `npm run size:middleware` (after `npm run build`): the Edge middleware
 * bundle's size, raw and gzip, from Next's middleware manifest. Exits 1 if it
 * is over Vercel Hobby's 1 MB (gzip) limit for Edge functions.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { isRunDirectly } from "./run-directly";

export const VERCEL_HOBBY_EDGE_LIMIT = 1024 * 1024;

interface MiddlewareManifest {
  middleware: Record<string, { files: string[]; wasm: { filePath: string }[]; assets: { filePath: string }[] }>;
}

export function middlewareBundleSize(buildDir = ".next"): { files: string[]; raw: number; gzip: number } {
  const manifest = JSON.parse(
    readFileSync(join(buildDir, "server", "middleware-manifest.json"), "utf8"),
  ) as MiddlewareManifest;
  const entry = manifest.middleware["/"];
  if (!entry) throw new Error("no middleware in this build");
  const files = [...entry.files, ...entry.wasm.map((w) => w.filePath), ...entry.assets.map((a) => a.filePath)];
  const bundle = Buffer.concat(files.map((file) => readFileSync(join(buildDir, file))));
  return { files, raw: bundle.length, gzip: gzipSync(bundle, { level: 9 }).length };
}

if (isRunDirectly(import.meta.url)) {
  const { files, raw, gzip } = middlewareBundleSize();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(
    `Edge middleware: ${files.length} files, ${kb(raw)} raw, ${kb(gzip)} gzip (Vercel Hobby limit ${kb(VERCEL_HOBBY_EDGE_LIMIT)}: ${((gzip / VERCEL_HOBBY_EDGE_LIMIT) * 100).toFixed(1)}% used)`,
  );
  if (gzip > VERCEL_HOBBY_EDGE_LIMIT) {
    console.error("Over the limit: the middleware must import only edge-safe, small modules.");
    process.exit(1);
  }
}
