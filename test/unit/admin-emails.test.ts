import { describe, expect, it } from "vitest";
import { adminGrantFor } from "@/lib/server/auth/admin-emails";

const listed = new Set(["root@example.com"]);

describe("adminGrantFor (the ADMIN_EMAILS rule)", () => {
  it("grants admin to a verified listed address, in place of the default role, keeping others", () => {
    expect(adminGrantFor({ email: "Root@Example.com", emailVerified: true, role: "user" }, listed)).toEqual({
      role: "admin",
      adminGrantedFor: "root@example.com",
    });
    expect(adminGrantFor({ email: "root@example.com", emailVerified: true, role: "support" }, listed)).toEqual({
      role: "support,admin",
      adminGrantedFor: "root@example.com",
    });
  });

  it("grants nothing to an unverified listed address or to an unlisted one", () => {
    expect(adminGrantFor({ email: "root@example.com", emailVerified: false, role: "user" }, listed)).toBeNull();
    expect(adminGrantFor({ email: "ann@example.com", emailVerified: true, role: "user" }, listed)).toBeNull();
  });

  it("changes nothing when the grant is already in place", () => {
    expect(
      adminGrantFor(
        { email: "root@example.com", emailVerified: true, role: "admin", adminGrantedFor: "root@example.com" },
        listed,
      ),
    ).toBeNull();
  });

  it("takes back only a role the list gave, when the address changes or leaves the list", () => {
    const granted = { emailVerified: true, role: "support,admin", adminGrantedFor: "root@example.com" };
    expect(adminGrantFor({ ...granted, email: "ops@example.com" }, listed)).toEqual({
      role: "support",
      adminGrantedFor: null,
    });
    expect(adminGrantFor({ ...granted, email: "root@example.com", role: "admin" }, new Set())).toEqual({
      role: "user",
      adminGrantedFor: null,
    });
    expect(adminGrantFor({ email: "ops@example.com", emailVerified: true, role: "admin" }, listed)).toBeNull();
  });
});
