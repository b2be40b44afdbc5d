import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { MIN_SECRET_LENGTH } from "@/lib/shared/env";

const script = resolve("scripts/dev-secret.ts");

function runIn(cwd: string, env: Record<string, string> = {}) {
  const { BETTER_AUTH_SECRET: _unset, ...inherited } = process.env;
  return spawnSync(process.execPath, [script], { cwd, env: { ...inherited, ...env }, encoding: "utf8" });
}

describe("development secret (npm run dev)", () => {
  it("is generated once into .env.development.local and then reused", () => {
    const cwd = mkdtempSync(join(tmpdir(), "edgegate-secret-"));
    expect(runIn(cwd).status).toBe(0);
    const first = readFileSync(join(cwd, ".env.development.local"), "utf8");
    const secret = /^BETTER_AUTH_SECRET=(.+)$/m.exec(first)?.[1] ?? "";
    expect(secret.length).toBeGreaterThanOrEqual(MIN_SECRET_LENGTH);
    expect(runIn(cwd).status).toBe(0);
    expect(readFileSync(join(cwd, ".env.development.local"), "utf8")).toBe(first);
  });

  it("is not generated when the environment already provides one", () => {
    const cwd = mkdtempSync(join(tmpdir(), "edgegate-secret-"));
    expect(runIn(cwd, { BETTER_AUTH_SECRET: "x".repeat(40) }).status).toBe(0);
    expect(existsSync(join(cwd, ".env.development.local"))).toBe(false);
  });

  it("lives in a file git ignores", () => {
    expect(execFileSync("git", ["check-ignore", ".env.development.local"], { encoding: "utf8" }).trim()).toBe(
      ".env.development.local",
    );
  });
});
