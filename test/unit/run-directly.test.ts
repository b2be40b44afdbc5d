import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

describe("isRunDirectly", () => {
  it("tells a script run by Node from the same module imported, in a folder whose name needs URL-encoding", () => {
    const dir = mkdtempSync(join(tmpdir(), "edgegate run directly %41 é "));
    const helper = pathToFileURL(resolve("scripts/run-directly.ts")).href;
    writeFileSync(
      join(dir, "probe.ts"),
      `import { isRunDirectly } from "${helper}";\nconsole.log("probe", isRunDirectly(import.meta.url));\n`,
    );
    writeFileSync(join(dir, "importer.ts"), 'import "./probe.ts";\n');
    const run = (file: string) =>
      spawnSync(process.execPath, ["--import", "tsx", join(dir, file)], {
        encoding: "utf8",
        cwd: resolve("."),
      }).stdout.trim();
    expect(run("probe.ts")).toBe("probe true");
    expect(run("importer.ts")).toBe("probe false");
  });
});
