/**
 * Redirect targets reaching Better Auth, against the real handler as the auth
 * route prepares requests (lib/server/auth/redirect-targets.ts): a crafted
 * link or body naming a target off this origin, read the way a browser reads
 * it (WHATWG URL parsing), is refused with 403 before any endpoint acts, and
 * every Location the auth origin answers stays on that origin.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createTestAuth, type TestAuth } from "../support/auth-instance";
import { TEST_BASE_URL } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { linkIn } from "../support/recording-mailer";

let db: TestDatabase;
let t: TestAuth;

beforeAll(async () => {
  db = await createTestDatabase();
  t = createTestAuth(db.url, { EMAIL_VERIFICATION: "required" });
});

/** Targets that lead elsewhere once a browser resolves them, in every spelling found to work somewhere. */
const FOREIGN = [
  "/.//evil.example",
  "/a/..//evil.example",
  "/%2e//evil.example",
  "/%2E%2E//evil.example",
  "/.%2f/evil.example",
  "/%2f/evil.example",
  "/%252f%252fevil.example",
  "//evil.example",
  "///evil.example",
  "/\\evil.example",
  "\\/evil.example",
  "/%5cevil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/%09/evil.example",
  " //evil.example",
  "https://evil.example/",
  "http://localhost:3000.evil.example/",
  "http://localhost:3000@evil.example/",
  "http:evil.example",
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
];

/** Where the browser would go: null when the answer is no redirect. */
function destination(response: Response): URL | null {
  const location = response.headers.get("location");
  return location === null ? null : new URL(location, TEST_BASE_URL);
}

const stayed = (response: Response) => {
  const to = destination(response);
  return to === null || to.origin === TEST_BASE_URL;
};

describe("redirect targets in the query", () => {
  const requests = (target: string) => {
    const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
    return [
      `/verify-email?${q({ token: "x", callbackURL: target })}`,
      `/magic-link/verify?${q({ token: "x", callbackURL: target })}`,
      `/magic-link/verify?${q({ token: "x", callbackURL: "/dashboard", errorCallbackURL: target })}`,
      `/reset-password/not-a-token?${q({ callbackURL: target })}`,
      // The same name twice: whichever one Better Auth would read, it is the safe one.
      `/verify-email?${q({ token: "x" })}&callbackURL=/dashboard&callbackURL=${encodeURIComponent(target)}`,
    ];
  };

  it("the issue's reproduction is refused, with no redirect", async () => {
    const response = await t.request("/verify-email?token=x&callbackURL=/.//evil.com");
    expect(response.status).toBe(403);
    expect(response.headers.get("location")).toBeNull();
    expect(await response.json()).toMatchObject({ code: "INVALID_REDIRECT_TARGET" });
  });

  it.each(FOREIGN)("every endpoint refuses %j", async (target) => {
    for (const path of requests(target)) {
      const response = await t.request(path);
      expect(response.status, path).toBe(403);
      expect(stayed(response), `${path} → ${response.headers.get("location")}`).toBe(true);
    }
  });

  it("leaves safe targets as they are, the sign-in page and a query included", async () => {
    const verify = await t.request("/verify-email?token=x&callbackURL=%2Faccount%3Ftab%3D2");
    expect(verify.headers.get("location")).toBe("/account?tab=2&error=INVALID_TOKEN");
    const magic = await t.request("/magic-link/verify?token=x&callbackURL=/dashboard&errorCallbackURL=/magic-link");
    expect(destination(magic)?.pathname).toBe("/magic-link");
  });
});

describe("redirect targets in the body", () => {
  it.each(FOREIGN)("a request naming %j is refused and sends nothing", async (target) => {
    const email = `body-${FOREIGN.indexOf(target)}@example.com`;
    for (const name of ["callbackURL", "newUserCallbackURL", "errorCallbackURL"]) {
      const magic = await t.request("/sign-in/magic-link", {
        body: { email, callbackURL: "/dashboard", [name]: target },
      });
      expect(magic.status, name).toBe(403);
    }
    const signUp = await t.request("/sign-up/email", {
      body: { name: "Body", email: `sign-up-${email}`, password: "correct-horse-battery", callbackURL: target },
    });
    expect(signUp.status).toBe(403);
    expect(t.mail.sent.filter((mail) => mail.to.endsWith(email))).toEqual([]);
    expect(await db.query(`select 1 from "user" where email = $1`, [`sign-up-${email}`])).toHaveLength(0);
  });

  it("a link built from a safe target signs in on this origin", async () => {
    const magic = await t.request("/sign-in/magic-link", {
      body: { email: "safe@example.com", callbackURL: "/account", newUserCallbackURL: "/a/../dashboard" },
    });
    expect(magic.status).toBe(200);
    const link = linkIn(t.mail.last("safe@example.com", "magic-link"));
    expect(link.searchParams.get("callbackUrl")).toBe("/account");
    const signedIn = await t.request(
      `/magic-link/verify?${new URLSearchParams({ token: link.searchParams.get("token")!, callbackURL: "/account", newUserCallbackURL: "/dashboard" })}`,
    );
    expect(signedIn.status).toBe(302);
    expect(stayed(signedIn), `${signedIn.headers.get("location")}`).toBe(true);
  });

  it("holds for form bodies too", async () => {
    const body = new URLSearchParams({
      name: "Form",
      email: "form@example.com",
      password: "correct-horse-battery",
      callbackURL: "/.//evil.example",
    });
    const response = await t.handle(
      new Request(`${TEST_BASE_URL}/api/auth/sign-up/email`, {
        method: "POST",
        headers: { origin: TEST_BASE_URL, "content-type": "application/x-www-form-urlencoded" },
        body,
      }),
    );
    expect(response.status).toBe(403);
    expect(t.mail.sent.filter((mail) => mail.to === "form@example.com")).toEqual([]);
  });
});
