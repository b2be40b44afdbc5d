/**
 * Login CSRF: the endpoints that turn an emailed token into a session answer
 * only the app's own pages (lib/server/auth/link-use-origin.ts). An attacker's
 * own token, used by a victim's browser from anywhere else, signs nobody in
 * and uses nothing up.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { SIGN_IN_LINK_PATHS } from "@/lib/server/auth/link-use-origin";
import { createTestAuth, type TestAuth } from "../support/auth-instance";
import { TEST_BASE_URL, TEST_PASSWORD, TOKEN } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { linkIn } from "../support/recording-mailer";

let db: TestDatabase;
let t: TestAuth;

beforeAll(async () => {
  db = await createTestDatabase();
  t = createTestAuth(db.url, { EMAIL_VERIFICATION: "required" });
});

/** A browser's GET with the given Sec-Fetch-Site (none sent when undefined). */
function browserGet(path: string, site: string | undefined): Promise<Response> {
  const headers = new Headers({ "x-forwarded-for": "10.0.0.9" });
  if (site !== undefined) {
    headers.set("sec-fetch-site", site);
    headers.set("sec-fetch-mode", "navigate");
  }
  return t.handle(new Request(`${TEST_BASE_URL}/api/auth${path}`, { headers }));
}

const setsSession = (response: Response) => response.headers.getSetCookie().some((c) => c.startsWith(`${TOKEN}=`));

async function verifyEmailPath(email: string): Promise<string> {
  const signUp = await t.request("/sign-up/email", { body: { name: "Mallory", email, password: TEST_PASSWORD } });
  expect(signUp.status).toBe(200);
  const token = linkIn(t.mail.last(email, "verify-email")).searchParams.get("token")!;
  return `/verify-email?token=${encodeURIComponent(token)}`;
}

async function magicLinkPath(email: string): Promise<string> {
  expect((await t.request("/sign-in/magic-link", { body: { email, callbackURL: "/dashboard" } })).status).toBe(200);
  const token = linkIn(t.mail.last(email, "magic-link")).searchParams.get("token")!;
  return `/magic-link/verify?${new URLSearchParams({ token, callbackURL: "/dashboard" })}`;
}

const verified = async (email: string) =>
  (await db.query<{ v: boolean }>(`select email_verified as v from "user" where email = $1`, [email]))[0]?.v;

describe("links that sign in, used from elsewhere", () => {
  it("covers paths that exist", () => {
    const paths = Object.values(t.auth.api).map((endpoint) => (endpoint as { path?: string }).path);
    for (const path of SIGN_IN_LINK_PATHS) expect(paths, path).toContain(path);
  });

  it.each(["cross-site", "same-site", "none"])(
    "refuse a %s request with 403 CROSS_SITE_LINK, sign nobody in and use nothing up",
    async (site) => {
      const email = `mallory-${site}@example.com`;
      const verify = await verifyEmailPath(email);
      const refused = await browserGet(verify, site);
      expect([refused.status, (await refused.json()).code]).toEqual([403, "CROSS_SITE_LINK"]);
      expect(setsSession(refused)).toBe(false);
      expect(await verified(email)).toBe(false);

      const magic = await magicLinkPath(`magic-${email}`);
      const refusedMagic = await browserGet(magic, site);
      expect([refusedMagic.status, (await refusedMagic.json()).code]).toEqual([403, "CROSS_SITE_LINK"]);
      expect(setsSession(refusedMagic)).toBe(false);
      // The token was not used up: the app's own page still signs in with it.
      const ownPage = await browserGet(magic, "same-origin");
      expect(ownPage.status).toBe(302);
      expect(setsSession(ownPage)).toBe(true);
    },
  );

  it("work from the app's own pages (same-origin) and for clients that are not browsers", async () => {
    const ownPage = await browserGet(await verifyEmailPath("page@example.com"), "same-origin");
    expect(ownPage.status).toBe(200);
    expect(setsSession(ownPage)).toBe(true);
    const script = await browserGet(await verifyEmailPath("script@example.com"), undefined);
    expect(script.status).toBe(200);
    expect(await verified("script@example.com")).toBe(true);
    const magic = await browserGet(await magicLinkPath("magic-script@example.com"), undefined);
    expect([magic.status, setsSession(magic)]).toEqual([302, true]);
  });
});
