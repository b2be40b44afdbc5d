/** What the organization forms decide on their own: the suggested slug, and which roles a member may give. */
import { describe, expect, it } from "vitest";
import { grantableRoles } from "@/app/(app)/orgs/[slug]/members/grantable-roles";
import { suggestSlug } from "@/app/(app)/orgs/organization-rules";
import { slugProblem } from "@/lib/shared/auth/organization-slug";
import { validateOrganizationName } from "@/lib/shared/auth/validation";

describe("suggestSlug", () => {
  it.each([
    ["Acme Rockets", "acme-rockets"],
    ["  Café Crème & Co.  ", "cafe-creme-co"],
    ["ÆON—Labs 2026", "on-labs-2026"],
    ["---", ""],
  ])("%j → %j", (name, slug) => {
    expect(suggestSlug(name)).toBe(slug);
  });

  it("cuts a long name to a slug the server accepts", () => {
    const long = suggestSlug(`${"word ".repeat(20)}end`);
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long.endsWith("-")).toBe(false);
    expect(slugProblem(long)).toBeNull();
  });
});

describe("validateOrganizationName", () => {
  it("asks for a name, refuses control characters and over-long ones", () => {
    expect(validateOrganizationName("  ")).toBe("Enter the organization's name.");
    expect(validateOrganizationName("Acme\nRockets")).toContain("control characters");
    expect(validateOrganizationName("x".repeat(101))).toBe("Use at most 100 characters.");
    expect(validateOrganizationName("Acme Rockets")).toBeUndefined();
  });
});

describe("grantableRoles", () => {
  it("offers no role above one's own", () => {
    expect(grantableRoles("owner")).toEqual(["member", "admin", "owner"]);
    expect(grantableRoles("admin")).toEqual(["member", "admin"]);
    expect(grantableRoles("member")).toEqual(["member"]);
    expect(grantableRoles("member,admin")).toEqual(["member", "admin"]);
    expect(grantableRoles("unknown")).toEqual([]);
  });
});
