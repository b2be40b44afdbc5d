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

describe("requirementFor: organization routes", () => {
  const orgRoutes: RouteRule[] = [
    { pattern: "/orgs", access: { level: "session" } },
    { pattern: "/orgs/new", access: { level: "session" } },
    { pattern: "/orgs/*/**", access: { level: "org" } },
    { pattern: "/orgs/*/settings/**", access: { level: "org", permission: "organization:update" } },
    { pattern: "/orgs/*/members/**", access: { level: "org", fresh: true } },
  ];
  const need = (path: string) => requirementFor(path, orgRoutes);

  it("takes the slug from the `*` segment and the permission from the most specific rule", () => {
    expect(need("/orgs/acme")).toMatchObject({
      session: true,
      fresh: false,
      organization: { slug: "acme", permissions: [] },
    });
    expect(need("/orgs/acme/projects/1")).toMatchObject({ organization: { slug: "acme", permissions: [] } });
    expect(need("/orgs/acme/settings/danger")).toMatchObject({
      organization: { slug: "acme", permissions: ["organization:update"] },
    });
    expect(need("/orgs/acme/members")).toMatchObject({ fresh: true, organization: { slug: "acme" } });
  });

  it("lets literal segments beat `*`: /orgs/new is not an organization, /orgs is not one either", () => {
    expect(need("/orgs/new")).toMatchObject({ session: true, organization: null });
    expect(need("/orgs")).toMatchObject({ session: true, organization: null });
    // Reserved as a slug, so a deeper path under it names no organization at all.
    expect(need("/orgs/new/settings")).toMatchObject({ organization: { slug: null } });
  });

  it("reads the slug every way the router might, and names none when the readings disagree", () => {
    expect(need("/orgs/ACME/settings")).toMatchObject({ organization: { slug: "acme" } });
    // Escaped, the raw reading names "%61cme" and the decoded one "acme": no organization (404).
    expect(need("/orgs/%61cme/settings")).toMatchObject({
      organization: { slug: null, permissions: ["organization:update"] },
    });
    expect(need("/orgs/a%2Fb/settings")).toMatchObject({ organization: { slug: null } });
    expect(need("/orgs/x/../acme/members")).toMatchObject({ fresh: true, organization: { slug: "acme" } });
    expect(need("/orgs/a_b")).toMatchObject({ organization: { slug: null } });
  });

  it("keeps the strictest reading: a reading under settings adds its permission", () => {
    expect(need("/orgs/acme/x/..%2Fsettings")).toMatchObject({
      organization: { slug: "acme", permissions: ["organization:update"] },
    });
  });
});
