/**
 * Organizations (WIP, issue 18): what the plugin's configuration adds so far,
 * on a real instance and Postgres.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createTestAuth, type TestAuth, withCookies } from "../support/auth-instance";
import { CACHE, TOKEN } from "../support/constants";
import { decodeCache, parseCookieHeader } from "../support/cookie-tools";
import { createTestDatabase, type TestDatabase } from "../support/database";

let db: TestDatabase;
let t: TestAuth;
let n = 0;
const fresh = () => `person-${n++}@example.com`;
const tokenOf = (cookie: string) => decodeURIComponent(parseCookieHeader(cookie).get(TOKEN)!).split(".")[0]!;

beforeAll(async () => {
  db = await createTestDatabase();
  t = createTestAuth(db.url);
}, 60_000);

describe("organization slugs", () => {
  it.each(["Acme", "acme/inc", "ac", "admin", "acme inc", "-acme"])("refuses %s, and stores nothing", async (slug) => {
    const cookie = await t.signUp(fresh());
    const response = await t.request("/organization/create", { body: { name: "Acme", slug }, cookie });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "INVALID_ORGANIZATION_SLUG" });
    expect(await db.query(`select 1 from organization where slug = $1`, [slug])).toEqual([]);
  });

  it("refuses a bad slug on rename too", async () => {
    const cookie = await t.signUp(fresh());
    const created = await t.request("/organization/create", { body: { name: "Renamed", slug: "renamed" }, cookie });
    const { id } = (await created.json()) as { id: string };
    const renamed = await t.request("/organization/update", {
      body: { organizationId: id, data: { slug: "Renamed/x" } },
      cookie,
    });
    expect(renamed.status).toBe(400);
    expect(await db.query(`select slug from organization where id = $1`, [id])).toEqual([{ slug: "renamed" }]);
  });
});

describe("organization names", () => {
  // They go into invitation mail and every member's pages: the rules of people's names.
  it.each([" ", "Acme\r\nBcc: x@example.com", "x".repeat(101)])("refuses %j on create and on rename", async (name) => {
    const cookie = await t.signUp(fresh());
    const created = await t.request("/organization/create", { body: { name, slug: `named-${n}` }, cookie });
    expect(created.status).toBe(400);
    expect(await created.json()).toMatchObject({ code: "INVALID_ORGANIZATION_NAME" });
    const ok = await t.request("/organization/create", { body: { name: "Named", slug: `named-ok-${n}` }, cookie });
    const { id } = (await ok.json()) as { id: string };
    const renamed = await t.request("/organization/update", { body: { organizationId: id, data: { name } }, cookie });
    expect(renamed.status).toBe(400);
    expect(await db.query(`select name from organization where id = $1`, [id])).toEqual([{ name: "Named" }]);
  });
});

describe("the active organization in the session", () => {
  it("carries its slug and the member's role into the session row and the signed cache", async () => {
    const cookie = await t.signUp(fresh());
    const created = await t.request("/organization/create", { body: { name: "Acme", slug: "acme-one" }, cookie });
    expect(created.status).toBe(200);
    const { id } = (await created.json()) as { id: string };
    const active = await t.request("/organization/set-active", { body: { organizationId: id }, cookie });
    expect(active.status).toBe(200);
    expect(
      await db.query(
        `select active_organization_slug as slug, active_organization_role as role from session where token = $1`,
        [tokenOf(cookie)],
      ),
    ).toEqual([{ slug: "acme-one", role: "owner" }]);
    const cache = decodeCache(decodeURIComponent(parseCookieHeader(withCookies(cookie, active)).get(CACHE)!));
    expect(cache.session.session).toMatchObject({
      activeOrganizationSlug: "acme-one",
      activeOrganizationRole: "owner",
    });
  });

  it("cannot be written by the client", async () => {
    const cookie = await t.signUp(fresh());
    await t.request("/update-session", {
      body: { activeOrganizationSlug: "acme-one", activeOrganizationRole: "owner" },
      cookie,
    });
    expect(
      await db.query(
        `select active_organization_slug as slug, active_organization_role as role from session where token = $1`,
        [tokenOf(cookie)],
      ),
    ).toEqual([{ slug: null, role: null }]);
  });
});
