/**
 * The organization's activity page and the admin console's organizations of
 * a user, over HTTP against the production build: an owner reads who did
 * what, a member is refused (403), anyone else finds nothing (404, as for an
 * organization that does not exist), and a site admin sees a user's
 * organizations with the role in each.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { TEST_PASSWORD } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { HttpClient } from "../support/http-client";

let db: TestDatabase;
let app: RunningApp;
const slug = "activity-co";

async function person(email: string): Promise<HttpClient> {
  const client = new HttpClient(app.baseURL);
  const response = await client.postJson("/api/auth/sign-up/email", {
    name: email.split("@")[0],
    email,
    password: TEST_PASSWORD,
  });
  expect(response.status).toBe(200);
  await db.query(`update "user" set email_verified = true where email = $1`, [email]);
  return client;
}

let owner: HttpClient;
let member: HttpClient;
let outsider: HttpClient;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApp({ databaseUrl: db.url, env: { EMAIL_VERIFICATION: "off" } });
  owner = await person("owner@example.com");
  member = await person("member@example.com");
  outsider = await person("outsider@example.com");
  expect((await owner.postJson("/api/auth/organization/create", { name: "Activity Co", slug })).status).toBe(200);
  const invited = await owner.postJson("/api/auth/organization/invite-member", {
    email: "member@example.com",
    role: "member",
  });
  expect(invited.status).toBe(200);
  const { id } = (await invited.json()) as { id: string };
  expect((await member.postJson("/api/auth/organization/accept-invitation", { invitationId: id })).status).toBe(200);
}, 120_000);
afterAll(() => app?.stop());

describe("/orgs/<slug>/activity", () => {
  it("shows an owner who did what, without anyone's address or device", async () => {
    const page = await owner.get(`/orgs/${slug}/activity`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("owner (owner@example.com) created the organization");
    expect(html).toContain("owner (owner@example.com) invited member@example.com as member");
    expect(html).toContain("member (member@example.com) joined as member");
    for (const client of [owner, member]) expect(html).not.toContain(client.ip); // where each signed in from
  });

  it("refuses a member (403) and finds nothing for anyone else, as for no organization (404)", async () => {
    expect((await member.get(`/orgs/${slug}/activity`)).status).toBe(403);
    const outside = await outsider.get(`/orgs/${slug}/activity`);
    const missing = await outsider.get("/orgs/no-such-co/activity");
    expect(outside.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(await outside.text()).not.toContain("Activity Co");
  });

  it("sends a signed-out visitor to sign in", async () => {
    const response = await new HttpClient(app.baseURL).get(`/orgs/${slug}/activity`);
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toContain("/sign-in");
  });
});

describe("the admin console", () => {
  it("lists a user's organizations with the role in each", async () => {
    await person("site-admin@example.com");
    await db.query(`update "user" set role = 'admin' where email = 'site-admin@example.com'`);
    // Signed in again, so that the signed cache the gate reads carries the role too.
    const admin = new HttpClient(app.baseURL);
    const signedIn = await admin.postJson("/api/auth/sign-in/email", {
      email: "site-admin@example.com",
      password: TEST_PASSWORD,
    });
    expect(signedIn.status).toBe(200);
    const [row] = await db.query<{ id: string }>(`select id from "user" where email = 'member@example.com'`);
    const page = await admin.get(`/admin/users/${row!.id}`);
    expect(page.status).toBe(200);
    const html = (await page.text()).replace(/<!-- -->/g, "");
    expect(html).toContain("Organizations (1)");
    expect(html).toMatch(/Activity Co.*\/orgs\/activity-co.*member/s);
  });
});
