import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { switchGateRuntime } from "@/scripts/gate-runtime";

/** A folder holding a copy of the project's real middleware.ts. */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), "edgegate-gate-runtime-"));
  copyFileSync("middleware.ts", join(root, "middleware.ts"));
  return root;
}

describe("npm run gate:proxy / gate:edge", () => {
  it("renames the file and its export, keeps everything else, and is idempotent both ways", () => {
    const root = project();
    const original = readFileSync(join(root, "middleware.ts"), "utf8");

    expect(switchGateRuntime(root, "proxy")).toBe("middleware.ts → proxy.ts (export proxy)");
    expect(existsSync(join(root, "middleware.ts"))).toBe(false);
    const proxy = readFileSync(join(root, "proxy.ts"), "utf8");
    expect(proxy).toMatch(/^export function proxy\(request: NextRequest\)/m);
    expect(proxy).not.toMatch(/function middleware/);
    expect(proxy.replace("function proxy(", "function middleware(")).toBe(original);
    expect(switchGateRuntime(root, "proxy")).toBe("already on proxy.ts");

    expect(switchGateRuntime(root, "edge")).toBe("proxy.ts → middleware.ts (export middleware)");
    expect(existsSync(join(root, "proxy.ts"))).toBe(false);
    expect(readFileSync(join(root, "middleware.ts"), "utf8")).toBe(original);
    expect(switchGateRuntime(root, "edge")).toBe("already on middleware.ts");
  });

  it("refuses a project with both files, as Next does", () => {
    const root = project();
    writeFileSync(join(root, "proxy.ts"), "export function proxy() {}\n");
    expect(() => switchGateRuntime(root, "proxy")).toThrow(/both middleware.ts and proxy.ts exist/);
    expect(() => switchGateRuntime(root, "edge")).toThrow(/both proxy.ts and middleware.ts exist/);
  });

  it("touches nothing when the exported function is not where it expects", () => {
    const root = project();
    writeFileSync(join(root, "middleware.ts"), "export const middleware = () => null;\n");
    expect(() => switchGateRuntime(root, "proxy")).toThrow(/no "export function middleware\("/);
    expect(existsSync(join(root, "proxy.ts"))).toBe(false);
    expect(readFileSync(join(root, "middleware.ts"), "utf8")).toBe("export const middleware = () => null;\n");
  });
});
