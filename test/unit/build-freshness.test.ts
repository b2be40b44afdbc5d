import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { staleBuild } from "@/scripts/cloudflare/build-freshness";

describe("staleBuild (npm run preview:cf builds first when it says why)", () => {
  const dir = mkdtempSync(join(tmpdir(), "edgegate-freshness-"));
  const worker = join(dir, "worker.js");
  const source = join(dir, "app", "page.tsx");
  mkdirSync(join(dir, "app"));
  const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);

  it("asks for a build when there is none", () => {
    expect(staleBuild(worker, [join(dir, "app")])).toBe("there is no Worker build yet");
  });

  it("accepts a build newer than every source, and names a source changed since", () => {
    writeFileSync(source, "x");
    writeFileSync(worker, "x");
    at(source, 1_000);
    at(worker, 2_000);
    expect(staleBuild(worker, [join(dir, "app"), join(dir, "missing.ts")])).toBeNull();
    at(source, 3_000);
    expect(staleBuild(worker, [join(dir, "app")])).toBe(`${source} changed since the last build`);
  });
});
