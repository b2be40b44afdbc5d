/**
 * From a path to what the gate requires: every reading of the path is
 * checked and the strictest rule wins; nothing named means a session.
 */
import { describe, expect, it } from "vitest";
import { MalformedPathError, pathReadings, requirementFor } from "@/lib/gate/requirement";
import type { RouteRule } from "@/lib/gate/routes";

const routes: RouteRule[] = [
  { pattern: "/", access: { level: "public" } },
  { pattern: "/docs/**", access: { level: "public" } },
  { pattern: "/docs/private", access: { level: "session" } },
  { pattern: "/sign-in", access: { level: "guest" } },
  { pattern: "/account/**", access: { level: "session" } },
  { pattern: "/account/security/**", access: { level: "fresh" } },
  { pattern: "/admin/**", access: { level: "role", role: "admin" } },
];

describe("pathReadings", () => {
  it("reads a path raw, decoded, with dot segments resolved and lower-cased", () => {
    expect(pathReadings("/A/%2e%2e/Admin%2Fx")).toEqual(["/a/%2e%2e/admin%2fx", "/admin/x"]);
    expect(pathReadings("//docs/./x/../y")).toEqual(["/docs/y"]);
    expect(pathReadings("/%2561dmin")).toEqual(["/%2561dmin", "/%61dmin", "/admin"]);
  });

  it("refuses malformed or deeply layered escapes instead of guessing", () => {
    for (const path of ["/%E0%A4%A", "/%zz", "/%25252561dmin"])
      expect(() => pathReadings(path)).toThrow(MalformedPathError);
  });
});

describe("requirementFor", () => {
  const need = (path: string) => requirementFor(path, routes);

  it("lets public paths through without reading the session", () => {
    expect(need("/")).toMatchObject({ public: true, session: false });
    expect(need("/docs/intro")).toMatchObject({ public: true });
  });

  it("denies by default: a path no rule names needs a session", () => {
    expect(need("/anything/else")).toMatchObject({ public: false, session: true, roles: [] });
  });

  it("picks the most specific rule, an exact one over a prefix of the same path", () => {
    expect(need("/docs/private")).toMatchObject({ public: false, session: true });
    expect(need("/account/security/devices")).toMatchObject({ session: true, fresh: true });
    expect(need("/account")).toMatchObject({ session: true, fresh: false });
  });

  it("holds every reading to its rule and keeps the strictest", () => {
    expect(need("/docs/..%2Fadmin")).toMatchObject({ public: false, roles: ["admin"] });
    expect(need("/ADMIN")).toMatchObject({ roles: ["admin"] });
    expect(need("/%61ccount/security")).toMatchObject({ fresh: true });
  });

  it("never treats a path as a guest page when another reading is protected", () => {
    expect(need("/sign-in")).toMatchObject({ guest: true, session: false });
    expect(need("/sign-in/..%2F..%2Fadmin")).toMatchObject({ guest: false, roles: ["admin"] });
  });

  it("marks a path as an API when any reading is under /api", () => {
    expect(need("/API/me")).toMatchObject({ api: true, session: true });
    expect(need("/x/..%2Fapi/me")).toMatchObject({ api: true });
  });
});
