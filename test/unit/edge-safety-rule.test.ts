/**
 * Edge-safety is a lint rule (biome.jsonc): the code middleware.ts can reach
 * may not import server-only code. Checked by linting probe files placed in
 * those folders, with the project's own configuration, then removed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageBin } from "@/scripts/package-bin";

function lint(folder: string, source: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(folder, "lint-probe-"));
  try {
    const file = join(dir, "probe.ts");
    writeFileSync(file, `${source}\nexport const used = imported;\n`);
    const result = spawnSync(process.execPath, [packageBin("@biomejs/biome", "biome"), "lint", file], {
      encoding: "utf8",
    });
    return { ok: result.status === 0, output: result.stdout + result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the edge-safety lint rule", () => {
  it.each([
    ["lib/gate", 'import { getAuth as imported } from "@/lib/server/auth/instance";'],
    ["lib/gate", 'import { openDatabase as imported } from "../../server/db";'],
    ["lib/gate", 'import { betterAuth as imported } from "better-auth";'],
    ["lib/gate", 'import { headers as imported } from "next/headers";'],
    // The package's full cookie module also loads its JWT code (jose, CompressionStream): only /utils.
    ["lib/gate", 'import { getSessionCookie as imported } from "better-auth/cookies";'],
    // The organization plugin itself is server code (endpoints, zod); only its access-control module is edge-safe.
    ["lib/shared/auth", 'import { organization as imported } from "better-auth/plugins/organization";'],
    ["lib/shared", 'import { readFileSync as imported } from "node:fs";'],
    ["lib/shared", 'import imported from "pg";'],
    // jose's root entry: JWE, compression, key generation; the gate takes only the verifier and key import.
    ["lib/gate", 'import { jwtVerify as imported } from "jose";'],
    ["lib/shared/auth", 'import { drizzle as imported } from "drizzle-orm/neon-http";'],
  ])("refuses code in %s importing server-only code (%s), saying why", (folder, source) => {
    const { ok, output } = lint(folder, source);
    expect(ok).toBe(false);
    expect(output).toContain("cannot run in the Edge runtime");
  });

  it.each([
    ["lib/gate", 'import { readCookies as imported } from "@/lib/shared/auth/cookies";'],
    ["lib/gate", 'import { applySetCookies as imported } from "better-auth/cookies/utils";'],
    ["lib/shared/auth", 'import { createAccessControl as imported } from "better-auth/plugins/access";'],
    ["lib/shared", 'import { sha256 as imported } from "@noble/hashes/sha2.js";'],
    ["lib/gate", 'import { jwtVerify as imported } from "jose/jwt/verify";'],
    ["lib/server", 'import { readFileSync as imported } from "node:fs";'],
  ])("allows code in %s to %s", (folder, source) => {
    expect(lint(folder, source)).toMatchObject({ ok: true });
  });
});
