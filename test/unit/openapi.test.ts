/**
 * The OpenAPI document is written by hand, so these checks keep it honest:
 * every reference resolves, every operation names its credentials and its
 * 401, and the paths and methods it describes are the route files under
 * app/api/v1 and the handlers they export (and the other way round).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/openapi.json/route";
import { requirementFor } from "@/lib/gate/requirement";
import { HTTP_METHODS, OPENAPI, type OperationObject } from "@/lib/shared/api/openapi";

const APP = join(import.meta.dirname, "..", "..", "app");
const API = join(APP, "api", "v1");
/** Routes under /api/v1 that are not part of the API the document describes. */
const UNDESCRIBED = new Set(["/api/v1/openapi.json"]);

const doc: unknown = JSON.parse(JSON.stringify(OPENAPI));

function operations(): [path: string, method: string, operation: OperationObject][] {
  return Object.entries(OPENAPI.paths).flatMap(([path, item]) =>
    HTTP_METHODS.flatMap((method) => {
      const operation = (item as Partial<Record<string, OperationObject>>)[method];
      return operation ? [[path, method, operation] as [string, string, OperationObject]] : [];
    }),
  );
}

/** Every `$ref` in the document, with where it was found. */
function refs(node: unknown, at = "#"): [ref: string, at: string][] {
  if (Array.isArray(node)) return node.flatMap((child, i) => refs(child, `${at}/${i}`));
  if (typeof node !== "object" || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === "$ref" ? [[String(value), at] as [string, string]] : refs(value, `${at}/${key}`),
  );
}

/** RFC 6901 within this document; undefined when the pointer leads nowhere. */
function resolve(ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** URL path → its route file, for the API's files (no route groups or dynamic segments under api/v1). */
function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

function urlPath(file: string): string {
  return `/${relative(APP, file).split(sep).slice(0, -1).join("/")}`;
}

/** The HTTP methods a route file exports a handler for. */
function exportedMethods(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const found = source.matchAll(/export\s+(?:async\s+)?function\s+([A-Z]+)\s*\(|export\s+const\s+([A-Z]+)\s*=/g);
  return [...found].map((match) => (match[1] ?? match[2])!.toLowerCase());
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1, plain JSON, served relative to the deployment's origin", () => {
    expect(doc).toEqual(OPENAPI);
    expect(OPENAPI.openapi).toMatch(/^3\.1\.\d+$/);
    expect(OPENAPI.servers).toEqual([expect.objectContaining({ url: "/" })]);
  });

  it("has no reference that leads nowhere, and no component nobody references", () => {
    const found = refs(doc);
    expect(found.length).toBeGreaterThan(0);
    for (const [ref, at] of found) expect(resolve(ref), `${ref} at ${at}`).toBeDefined();

    const referenced = new Set(found.map(([ref]) => ref));
    const { securitySchemes, ...referable } = OPENAPI.components;
    for (const [kind, entries] of Object.entries(referable))
      for (const name of Object.keys(entries))
        expect(referenced.has(`#/components/${kind}/${name}`), `#/components/${kind}/${name} is unused`).toBe(true);

    const used = new Set(operations().flatMap(([, , op]) => op.security.flatMap((req) => Object.keys(req))));
    expect([...used].sort()).toEqual(Object.keys(securitySchemes).sort());
  });

  it("names the credentials and the 401 of every operation, and the 403 of every write", () => {
    expect(operations().length).toBeGreaterThan(0);
    for (const [path, method, op] of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(op.security.length, where).toBeGreaterThan(0);
      for (const requirement of op.security)
        for (const scheme of Object.keys(requirement))
          expect(Object.keys(OPENAPI.components.securitySchemes), where).toContain(scheme);
      expect(op.responses, where).toHaveProperty("401");
      expect(op.responses, where).toHaveProperty("503");
      expect(
        Object.keys(op.responses).some((status) => status.startsWith("2")),
        where,
      ).toBe(true);
      if (method !== "get" && method !== "head") {
        expect(op.responses, where).toHaveProperty("403");
        // A read key must not look sufficient for a write.
        for (const requirement of op.security)
          for (const scopes of Object.values(requirement))
            if (scopes.length > 0) expect(scopes, where).toContain("write");
      }
    }
    const ids = operations().map(([, , op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("describes exactly the API's route files and the methods they export", () => {
    for (const [path, method] of operations()) {
      const file = join(APP, ...path.split("/").filter(Boolean), "route.ts");
      expect(existsSync(file), `${path} has no route file`).toBe(true);
      expect(exportedMethods(file), `${relative(APP, file)} exports no ${method.toUpperCase()}`).toContain(method);
    }
    for (const file of routeFiles(API)) {
      const path = urlPath(file);
      if (UNDESCRIBED.has(path)) continue;
      const item = (OPENAPI.paths as Record<string, Partial<Record<string, unknown>>>)[path];
      expect(item, `${path} is not in the document`).toBeDefined();
      for (const method of exportedMethods(file))
        expect(item?.[method], `${method.toUpperCase()} ${path} is not in the document`).toBeDefined();
    }
  });

  it("is public at the gate, while the API it describes is not", () => {
    expect(requirementFor("/api/v1/openapi.json")).toMatchObject({ public: true });
    for (const path of Object.keys(OPENAPI.paths))
      expect(requirementFor(path), path).toMatchObject({ public: false, api: true, tokens: true });
  });

  it("is served as JSON that shared caches may keep for five minutes", async () => {
    const response = GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    expect(await response.json()).toEqual(doc);
  });
});
