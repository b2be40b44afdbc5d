import { describe, expect, it } from "vitest";
import {
  ORGANIZATION_ROLES,
  type OrganizationPermission,
  roleAllows,
  roleRank,
} from "@/lib/shared/auth/organization-access";
import { RESERVED_SLUGS, slugProblem } from "@/lib/shared/auth/organization-slug";

describe("organization permissions", () => {
  const table: [OrganizationPermission, owner: boolean, admin: boolean, member: boolean][] = [
    ["organization:update", true, true, false],
    ["organization:delete", true, false, false],
    ["member:create", true, true, false],
    ["member:update", true, true, false],
    ["member:delete", true, true, false],
    ["invitation:create", true, true, false],
    ["invitation:cancel", true, true, false],
    ["activity:read", true, true, false],
  ];

  it.each(table)("%s: owner %s, admin %s, member %s", (permission, owner, admin, member) => {
    expect([
      roleAllows("owner", permission),
      roleAllows("admin", permission),
      roleAllows("member", permission),
    ]).toEqual([owner, admin, member]);
  });

  it("reads stored roles as the plugin writes them, and grants nothing to anything else", () => {
    expect(roleAllows("member,admin", "organization:update")).toBe(true);
    expect(roleAllows(" admin ", "organization:update")).toBe(true);
    for (const role of ["", "Owner", "superuser", "constructor", "__proto__", null, undefined, 7, ["owner"]]) {
      expect(roleAllows(role, "organization:update"), String(role)).toBe(false);
    }
  });

  it("never lets a permission of another resource through", () => {
    expect(roleAllows("owner", "organization:nope" as OrganizationPermission)).toBe(false);
    expect(roleAllows("owner", "billing:read" as OrganizationPermission)).toBe(false);
  });

  it("ranks roles, a list by its highest", () => {
    expect(Object.keys(ORGANIZATION_ROLES)).toEqual(["owner", "admin", "member"]);
    expect([roleRank("member"), roleRank("admin"), roleRank("owner"), roleRank("member,owner")]).toEqual([0, 1, 2, 2]);
    expect(roleRank("nobody")).toBe(-1);
    expect(roleRank(undefined)).toBe(-1);
  });
});

describe("organization slugs", () => {
  it.each(["acme", "acme-inc", "a1b", "x".repeat(40), "123"])("accepts %s", (slug) => {
    expect(slugProblem(slug)).toBeNull();
  });

  it.each([
    ["ab", "length"],
    ["x".repeat(41), "length"],
    ["Acme", "characters"],
    ["acme inc", "characters"],
    ["acme/inc", "characters"],
    ["..", "length"],
    ["...", "characters"],
    ["-acme", "characters"],
    ["acme-", "characters"],
    ["ac--me", "characters"],
    ["acme%2f", "characters"],
    ["ａｃｍｅ", "characters"],
    ["admin", "reserved"],
    ["new", "reserved"],
  ])("refuses %s (%s)", (slug, problem) => {
    expect(slugProblem(slug)).toBe(problem);
  });

  it("reserves only slugs that would otherwise be valid", () => {
    for (const slug of RESERVED_SLUGS) expect(/^[a-z0-9-]+$/.test(slug), slug).toBe(true);
  });
});
