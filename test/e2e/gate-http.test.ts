/**
 * The gate's contract over HTTP, against the production build: with the gate
 * in Edge middleware.ts (npm run test:e2e, on next start and on workerd) and in
 * Node proxy.ts (npm run test:proxy, on next start). This file runs its own Postgres
 * (behind the Neon stand-in) so it can stop the database mid-test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "@/lib/server/db/migrate";
import { type LocalDatabase, startLocalDatabase } from "../../stand-ins/local-db";
import { E2E_TARGET, type RunningApp, startApp } from "../support/app-server";
import { CACHE, TEST_PASSWORD, TOKEN } from "../support/constants";
import { fallbackVia, stepOf } from "../support/gate-harness";
import { submitForm } from "../support/html-form";
import { HttpClient } from "../support/http-client";
import { rawRequest } from "../support/raw-http";

let db: LocalDatabase;
let app: RunningApp;
let user: HttpClient;
let admin: HttpClient;

async function signUp(name: string, email: string): Promise<HttpClient> {
  const client = new HttpClient(app.baseURL);
  expect((await client.postJson("/api/auth/sign-up/email", { name, email, password: TEST_PASSWORD })).status).toBe(200);
  return client;
}

beforeAll(async () => {
  db = await startLocalDatabase();
  const url = await db.createDatabase("edgegate");
  await migrateDatabase(url);
  // The gate's contract does not depend on how accounts are confirmed: sign-up signs in at once here.
  app = await startApp({ databaseUrl: url, env: { EMAIL_VERIFICATION: "off", GATE_FALLBACK_TIMEOUT_MS: "1500" } });
  user = await signUp("User", "user@example.com");
  await signUp("Admin", "admin@example.com");
  await db.admin("edgegate", (sql) => sql.query(`update "user" set role = 'admin' where email = 'admin@example.com'`));
  admin = new HttpClient(app.baseURL);
  expect(
    (await admin.postJson("/api/auth/sign-in/email", { email: "admin@example.com", password: TEST_PASSWORD })).status,
  ).toBe(200);
});
afterAll(async () => {
  await app?.stop();
  await db?.close();
});

function expectPrivate(response: Response): void {
  expect(response.headers.get("cache-control")).toMatch(/^private, no-store/);
  expect(response.headers.get("vary")).toMatch(/\bCookie\b/);
}

describe("outcomes", () => {
  it("sends an anonymous page request to sign-in with the original path and query", async () => {
    const response = await new HttpClient(app.baseURL).get("/dashboard?tab=billing&page=2");
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe(
      `/sign-in?callbackUrl=${encodeURIComponent("/dashboard?tab=billing&page=2")}`,
    );
    expect(stepOf(response)).toBe("cookie");
    expectPrivate(response);
  });

  it("answers 401 JSON for APIs without a session", async () => {
    for (const path of ["/api/me", "/api/admin/users", "/api/unknown"]) {
      const response = await new HttpClient(app.baseURL).get(path);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: "unauthenticated" });
      expectPrivate(response);
    }
  });

  it("refuses a server action POST to a protected page without a session", async () => {
    // The action id is public (it is in the page's HTML); only the session may authorize the call.
    const html = await (await user.get("/dashboard")).text();
    const actionId = /\$ACTION_ID_([0-9a-f]+)/.exec(html)![1]!;
    const body = new FormData();
    body.set(`$ACTION_ID_${actionId}`, "");
    const response = await new HttpClient(app.baseURL).request("/dashboard", {
      method: "POST",
      body,
      headers: { "next-action": actionId },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "unauthenticated" });
  });

  it("answers 403 for the wrong role: a page for browsers, JSON for APIs", async () => {
    const page = await user.get("/admin");
    expect(page.status).toBe(403);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(await page.text()).toContain("You do not have access");
    expectPrivate(page);
    const api = await user.get("/api/admin/users");
    expect(api.status).toBe(403);
    expect(await api.json()).toEqual({ error: "forbidden" });
    expect((await admin.get("/api/admin/users")).status).toBe(200);
  });

  // Served from the build's cache (next start's, or OpenNext's static assets on workerd), not rendered.
  const prerendered = (response: Response) =>
    response.headers.get(E2E_TARGET === "workerd" ? "x-opennext-cache" : "x-nextjs-cache") === "HIT";

  it.each(["/", "/help"])("serves %s prerendered, the same to everyone, and cacheable", async (path) => {
    const anonymous = await new HttpClient(app.baseURL).get(path);
    expect([anonymous.status, stepOf(anonymous), prerendered(anonymous)]).toEqual([200, "public", true]);
    expect(anonymous.headers.get("cache-control") ?? "").not.toMatch(/private|no-store/);
    expect(anonymous.headers.get("vary") ?? "").not.toMatch(/\bCookie\b/i);
    const signedIn = await user.get(path);
    expect(await signedIn.text()).toBe(await anonymous.text());
  });

  it.each(["/sign-in", "/sign-up"])(
    "serves %s prerendered, private because a signed-in visitor is sent on",
    async (path) => {
      const anonymous = await new HttpClient(app.baseURL).get(path);
      expect([anonymous.status, prerendered(anonymous)]).toEqual([200, true]);
      expectPrivate(anonymous);
    },
  );

  it("marks every session-dependent response private and varying on Cookie", async () => {
    for (const [client, path] of [
      [user, "/dashboard"],
      [admin, "/admin"],
      [user, "/api/me"],
      [user, "/sign-in"],
    ] as const) {
      expectPrivate(await client.get(path));
    }
  });

  it("sends a signed-in visitor away from sign-in, only to a same-origin callback", async () => {
    const cases: [string, string][] = [
      ["/admin?x=1", "/admin?x=1"],
      ["//evil.example", "/dashboard"],
      ["https://evil.example", "/dashboard"],
      ["/\\evil.example", "/dashboard"],
      ["javascript:alert(1)", "/dashboard"],
    ];
    for (const [callback, target] of cases) {
      const response = await user.get(`/sign-in?callbackUrl=${encodeURIComponent(callback)}`);
      expect(response.status).toBe(307);
      expect(response.headers.get("location")).toBe(target);
    }
  });
});

describe("the ladder over HTTP", () => {
  it("decides from the signed cache with no get-session call", async () => {
    const response = await user.get("/dashboard");
    expect(response.status).toBe(200);
    expect(stepOf(response)).toBe("cache");
  });

  it("falls back once when the cache has expired, delivers the new cache, then needs no fallback", async () => {
    const client = await signUp("Cache", "cache@example.com");
    client.cookies.delete(CACHE); // what the browser does when the cache cookie's Max-Age runs out
    const first = await client.get("/dashboard");
    expect(first.status).toBe(200);
    expect(stepOf(first)).toBe("fallback");
    // Inside a Worker the gate reaches itself through the self-reference service binding.
    expect(fallbackVia(first)).toBe(E2E_TARGET === "workerd" ? "service-binding" : "fetch");
    expect(first.headers.getSetCookie().some((c) => c.startsWith(`${CACHE}=`) && !c.startsWith(`${CACHE}=;`))).toBe(
      true,
    );
    expect(client.cookies.has(CACHE)).toBe(true);
    const second = await client.get("/dashboard");
    expect(stepOf(second)).toBe("cache");
  });

  it("refuses a session revoked from another device at once on the fresh page", async () => {
    const laptop = new HttpClient(app.baseURL);
    const phone = new HttpClient(app.baseURL);
    await signUp("Two Devices", "two@example.com");
    for (const device of [laptop, phone]) {
      expect(
        (await device.postJson("/api/auth/sign-in/email", { email: "two@example.com", password: TEST_PASSWORD }))
          .status,
      ).toBe(200);
    }
    expect((await laptop.get("/account/security")).status).toBe(200);

    const revoked = await submitForm(phone, "/account/security", "Revoke all other sessions");
    expect(revoked.status).toBeLessThan(400);

    const refused = await laptop.get("/account/security");
    expect(refused.status).toBe(307);
    expect(refused.headers.get("location")).toContain("/sign-in?callbackUrl=%2Faccount%2Fsecurity");
    expect(stepOf(refused)).toBe("fallback");
    // The fallback also cleared the laptop's cookies, so no page trusts its cache any longer.
    expect(laptop.cookies.has(TOKEN)).toBe(false);
    expect((await laptop.get("/dashboard")).status).toBe(307);
    expect((await phone.get("/account/security")).status).toBe(200);
  });

  it("asks a session older than a day to sign in again before listing devices, and still lets it revoke the others", async () => {
    const old = await signUp("Old Session", "old@example.com");
    const other = new HttpClient(app.baseURL);
    expect(
      (await other.postJson("/api/auth/sign-in/email", { email: "old@example.com", password: TEST_PASSWORD })).status,
    ).toBe(200);
    await db.admin("edgegate", (sql) =>
      sql.query(
        `update session set created_at = now() - interval '2 days' where user_id = (select id from "user" where email = 'old@example.com')`,
      ),
    );
    old.cookies.delete(CACHE); // the cache still carries the original creation time

    const page = await old.get("/account/security");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Confirm it&#x27;s you");
    expect((await submitForm(old, "/account/security", "Revoke all other sessions")).status).toBeLessThan(400);
    expect((await other.get("/account/security")).status).toBe(307);

    const again = await submitForm(old, "/account/security", "Sign in again");
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe("/sign-in?callbackUrl=%2Faccount%2Fsecurity");
    expect(old.cookies.has(TOKEN)).toBe(false);
  });

  it("answers 503 while the database is down, and recovers when it returns", async () => {
    const client = await signUp("Outage", "outage@example.com");
    client.cookies.delete(CACHE); // force the fallback
    await db.postgres.stop();
    try {
      for (const path of ["/dashboard", "/api/me", "/account/security"]) {
        const response = await client.get(path);
        expect(response.status, path).toBe(503);
        expect(response.headers.get("retry-after")).toBe("5");
        expect(response.headers.get("location")).toBeNull();
      }
      // Requests decided from a valid cache need no database and keep working.
      expect((await user.get("/dashboard")).status).toBe(200);
      // Public and guest pages are prerendered and still served; the session check their header
      // makes in the browser gets an error, which it shows as such (the browser test covers that).
      const landing = await client.get("/");
      expect(landing.status).toBe(200);
      expect(await landing.text()).toContain('data-testid="auth-status"');
      expect((await client.get("/api/auth/get-session")).status).toBeGreaterThanOrEqual(500);
      const signIn = await client.get("/sign-in");
      expect(signIn.status).toBe(200);
      expect(await signIn.text()).toContain('aria-label="Sign in"');
      expect(client.cookies.has(TOKEN)).toBe(true); // no false sign-out
    } finally {
      await db.postgres.start();
    }
    const recovered = await client.get("/dashboard");
    expect(recovered.status).toBe(200);
    expect(stepOf(recovered)).toBe("fallback");
  });
});

describe("organizations over HTTP", () => {
  const sql = (text: string, values: unknown[] = []) =>
    db.admin("edgegate", async (client) => (await client.query(text, values)).rows);

  async function organization(owner: HttpClient, slug: string): Promise<string> {
    const response = await owner.postJson("/api/auth/organization/create", { name: slug, slug });
    expect(response.status).toBe(200);
    return ((await response.json()) as { id: string }).id;
  }

  async function join(organizationId: string, email: string, role: string): Promise<void> {
    await sql(
      `insert into member (id, organization_id, user_id, role, created_at)
       select $1, $2, id, $3, now() from "user" where email = $4`,
      [`member-${email}`, organizationId, role, email],
    );
  }

  it("switches organizations with one fallback each, then decides from the cache", async () => {
    const owner = await signUp("Org owner", "org-owner@example.com");
    await organization(owner, "http-one");
    await organization(owner, "http-two");
    // Which one creating them left in the cache is the plugin's business: start from a known one.
    expect((await owner.get("/orgs/http-one")).status).toBe(200);
    for (const slug of ["http-two", "http-one", "http-two"]) {
      const first = await owner.get(`/orgs/${slug}`);
      expect([slug, first.status, stepOf(first)]).toEqual([slug, 200, "fallback"]);
      const settings = await owner.get(`/orgs/${slug}/settings`);
      expect([slug, settings.status, stepOf(settings)]).toEqual([slug, 200, "cache"]);
      expectPrivate(settings);
    }
  });

  it("answers an outsider the same 404 for an existing and a missing organization; a member 403 on settings", async () => {
    const owner = await signUp("Org owner 2", "org-owner-2@example.com");
    const id = await organization(owner, "http-private");
    const outsider = await signUp("Outsider", "org-outsider@example.com");
    const existing = await outsider.get("/orgs/http-private/settings");
    const missing = await outsider.get("/orgs/http-missing/settings");
    expect([existing.status, missing.status]).toEqual([404, 404]);
    expect(await existing.text()).toBe(await missing.text());
    await join(id, "org-outsider@example.com", "member");
    expect((await outsider.get("/orgs/http-private")).status).toBe(200);
    expect((await outsider.get("/orgs/http-private/settings")).status).toBe(403);
  });

  it("refuses a removed member on the members page at once, and everywhere in the organization after that check", async () => {
    const owner = await signUp("Org owner 3", "org-owner-3@example.com");
    const id = await organization(owner, "http-removal");
    const member = await signUp("Member", "org-member@example.com");
    await join(id, "org-member@example.com", "member");
    expect((await member.get("/orgs/http-removal/members")).status).toBe(200);
    expect(stepOf(await member.get("/orgs/http-removal"))).toBe("cache");
    await sql(`delete from member where organization_id = $1 and user_id = (select id from "user" where email = $2)`, [
      id,
      "org-member@example.com",
    ]);
    const members = await member.get("/orgs/http-removal/members");
    expect([members.status, stepOf(members)]).toEqual([404, "fallback"]);
    expect((await member.get("/orgs/http-removal")).status).toBe(404);
  });
});

describe("no way around the gate", () => {
  // The gate's own Server-Timing entry proves the middleware ran: the pages would also answer
  // 307/403 by themselves, so a status alone could not show that the middleware was skipped.
  const decidedByGate = (response: { headers: Record<string, string | string[] | undefined> }) =>
    /gate;desc="/.test(String(response.headers["server-timing"] ?? ""));

  it("still runs the gate when a request carries x-middleware-subrequest (CVE-2025-29927)", async () => {
    // The names Next's recursion guard has counted, for both entry files (middleware.ts, proxy.ts).
    for (const value of ["middleware", "proxy"].flatMap((name) => [
      name,
      Array(5).fill(name).join(":"),
      Array(5).fill(`src/${name}`).join(":"),
    ])) {
      const response = await rawRequest(app.baseURL, "/dashboard", { "x-middleware-subrequest": value });
      expect(response.status).toBe(307);
      expect(decidedByGate(response)).toBe(true);
      const admin = await rawRequest(app.baseURL, "/admin", {
        "x-middleware-subrequest": value,
        cookie: user.cookieHeader(),
      });
      expect(admin.status).toBe(403);
      expect(decidedByGate(admin)).toBe(true);
    }
  });

  it.each([
    "/Admin",
    "/ADMIN/",
    "//admin",
    "/admin/",
    "/%61dmin",
    "/%2561dmin",
    "/dashboard/..%2Fadmin",
    "/dashboard/%2e%2e/admin",
    "/x/../admin",
    "/admin;x",
    "/admin%2F",
  ])("never shows %s to a non-admin", async (path) => {
    const response = await rawRequest(app.baseURL, path, { cookie: user.cookieHeader() });
    expect([403, 404, 308, 400]).toContain(response.status);
    expect(response.body).not.toContain("users-table");
    if (response.status === 403 || response.status === 400) expect(decidedByGate(response)).toBe(true);
    if (response.status === 308) {
      const followed = await rawRequest(app.baseURL, String(response.headers.location), {
        cookie: user.cookieHeader(),
      });
      expect(followed.status).toBe(403);
    }
  });

  it.each(["/Dashboard", "//dashboard", "/%64ashboard", "/dashboard/", "/api/ME", "/api//me", "/API/me"])(
    "never serves %s anonymously",
    async (path) => {
      const response = await rawRequest(app.baseURL, path);
      expect([307, 308, 401, 404]).toContain(response.status);
      expect(response.body).not.toContain('data-testid="user-email"');
      if (response.status === 307 || response.status === 401) expect(decidedByGate(response)).toBe(true);
      if (response.status === 308)
        expect([307, 401]).toContain((await rawRequest(app.baseURL, String(response.headers.location))).status);
    },
  );

  it("never lets malformed, oversized or forged cookies throw or pass", async () => {
    const forged = Buffer.from(
      JSON.stringify({
        session: { session: { token: "x" }, user: { role: "admin" } },
        expiresAt: Date.now() + 1e6,
        signature: "x",
      }),
    ).toString("base64url");
    for (const cookie of [
      `${TOKEN}=garbage`,
      `${TOKEN}=a.b; ${CACHE}=%%%`,
      `${TOKEN}=${"x".repeat(3000)}; ${CACHE}=${"y".repeat(7000)}`,
      `${TOKEN}=${user.cookies.get(TOKEN)}; ${CACHE}=${forged}`,
      `${TOKEN}=${user.cookies.get(TOKEN)}; ${CACHE}.0=${forged}; ${CACHE}.1=zzz`,
    ]) {
      for (const path of ["/dashboard", "/admin", "/api/me"]) {
        const response = await rawRequest(app.baseURL, path, { cookie });
        expect(response.status, `${path} with ${cookie.slice(0, 60)}`).not.toBe(500);
        if (path === "/admin") expect(response.status).not.toBe(200);
      }
    }
  });
});
