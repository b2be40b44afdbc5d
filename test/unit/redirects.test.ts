import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_SIGN_IN, safeCallbackPath, sameOriginPath, signInPath } from "@/lib/shared/auth/redirects";

describe("safeCallbackPath", () => {
  it.each([
    ["/dashboard", "/dashboard"],
    ["/admin/users?page=2#top", "/admin/users?page=2#top"],
    ["/account/security", "/account/security"],
    ["/a%20b", "/a%20b"],
    ["/dashboard/../admin", "/admin"],
  ])("keeps the same-origin path %s", (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });

  it.each([
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example/x",
    "http:/evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,hi",
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example",
    "/%5Cevil.example",
    "%252F%252Fevil.example",
    "/%25252F%25252Fevil.example",
    " /dashboard",
    "\t//evil.example",
    "\n/dashboard",
    "/\t/evil.example",
    "/\u0000/evil.example",
    "\u200b//evil.example",
    "/%E0%A4%A",
    "dashboard",
    "",
    `/${"a".repeat(3000)}`,
    "/.//evil.example",
    "/a/..//evil.example",
    "/%2e//evil.example",
    "/dashboard/..//evil.example/x",
    "/./\\evil.example",
    "/.%2f/evil.example",
    "/.%2F%2Fevil.example",
    "/sign-in",
    "/Sign-In/",
    "/sign-up?x=1",
  ])("replaces %j with the default", (input) => {
    expect(safeCallbackPath(input)).toBe(DEFAULT_AFTER_SIGN_IN);
  });

  it("replaces non-strings with the default", () => {
    expect(safeCallbackPath(undefined)).toBe(DEFAULT_AFTER_SIGN_IN);
    expect(safeCallbackPath(["/admin"])).toBe(DEFAULT_AFTER_SIGN_IN);
  });
});

describe("sameOriginPath", () => {
  it("keeps any same-origin path, the sign-in and sign-up pages included", () => {
    expect(sameOriginPath("/sign-in?error=x")).toBe("/sign-in?error=x");
    expect(sameOriginPath("/magic-link")).toBe("/magic-link");
  });

  it("refuses what safeCallbackPath refuses for leaving the origin", () => {
    for (const raw of ["/.//evil.example", "/.%2f/evil.example", "//evil.example", "https://evil.example", 3]) {
      expect(sameOriginPath(raw), String(raw)).toBeNull();
    }
  });
});

describe("signInPath", () => {
  it("carries a safe return path and drops an unsafe one", () => {
    expect(signInPath("/admin?tab=users")).toBe("/sign-in?callbackUrl=%2Fadmin%3Ftab%3Dusers");
    expect(signInPath("//evil.example")).toBe("/sign-in?callbackUrl=%2Fdashboard");
  });
});
