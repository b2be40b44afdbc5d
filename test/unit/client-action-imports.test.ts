/**
 * No client component imports a server action: each one that does makes Next
 * compile the action, and everything it reaches (Better Auth, the database
 * driver), a second time for its action layer, which the Worker then carries
 * twice (docs/cloudflare.md). Server components import actions and pass them
 * down as props; a client module may import an action module's types only.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const directive = (source: string, name: string) => new RegExp(`^\\s*["']${name}["'];?`).test(source);

/** The file an import specifier names, if it is one of ours. */
function resolveImport(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/")
    ? join(ROOT, specifier.slice(2))
    : specifier.startsWith(".")
      ? resolve(dirname(from), specifier)
      : null;
  if (!base) return null;
  return [".ts", ".tsx", "/index.ts", "/index.tsx"].map((ext) => base + ext).find(existsSync) ?? null;
}

/** Our modules a source imports as values (not `import type`). */
function valueImports(file: string, source: string): string[] {
  return [...source.matchAll(/^import\s+([^;"']+?)\s+from\s+["']([^"']+)["']/gm)]
    .filter(([, clause = ""]) => !clause.startsWith("type "))
    .flatMap(([, , specifier = ""]) => resolveImport(file, specifier) ?? []);
}

/** The action modules a module reaches through value imports, itself included. */
function reachedActions(file: string, source: string, seen = new Set<string>()): string[] {
  if (directive(source, "use server")) return [file.slice(ROOT.length + 1)];
  return valueImports(file, source).flatMap((next) => {
    if (seen.has(next)) return [];
    seen.add(next);
    return reachedActions(next, readFileSync(next, "utf8"), seen);
  });
}

describe("server actions and client components", () => {
  it("the check finds an action imported by a client component", () => {
    const probe = join(ROOT, "app/components/probe.tsx");
    expect(reachedActions(probe, 'import { signOutAction } from "./sign-out-action";')).toEqual([
      "app/components/sign-out-action.ts",
    ]);
    // Through a module with no directive of its own, as a client component's child is.
    expect(reachedActions(probe, 'import { ServerHeader } from "./header/server-header";')).toEqual([
      "app/components/sign-out-action.ts",
    ]);
    expect(reachedActions(probe, 'import type { CreateKeyState } from "./api-keys/actions";')).toEqual([]);
  });

  it("no client component imports an action: server components pass them down", () => {
    const clients = sourceFiles(join(ROOT, "app")).filter((file) =>
      directive(readFileSync(file, "utf8"), "use client"),
    );
    expect(clients.length).toBeGreaterThan(10);
    const offenders = clients.flatMap((file) =>
      reachedActions(file, readFileSync(file, "utf8")).map((action) => `${file.slice(ROOT.length + 1)} → ${action}`),
    );
    expect(offenders).toEqual([]);
  });
});
