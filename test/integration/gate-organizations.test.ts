/**
 * The gate's `org` level against the app's real Better Auth instance and
 * Postgres: zero I/O when the signed cache names the organization, one
 * fallback to switch organizations, the same 404 for "no such organization"
 * and "not a member", 403 for a member without the permission, and how long
 * a removed member or a lowered role can still pass (one cache window after
 * the last membership reading, which nothing extends).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestAuth, type TestAuth, withCookies } from "../support/auth-instance";
import { CACHE, TEST_BASE_URL, TEST_SECRET } from "../support/constants";
import { decodeCache, encodeCache, parseCookieHeader, signCache } from "../support/cookie-tools";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { GateHarness, passed } from "../support/gate-harness";

/** SESSION_CACHE_MAX_AGE's default: the window a membership reading counts for. */
const WINDOW_MS = 300_000;

let db: TestDatabase;
let t: TestAuth;
let harness: GateHarness;
let n = 0;

beforeAll(async () => {
  vi.stubEnv("BETTER_AUTH_SECRET", TEST_SECRET);
  vi.stubEnv("BETTER_AUTH_URL", TEST_BASE_URL);
  db = await createTestDatabase();
  t = createTestAuth(db.url);
  harness = new GateHarness(t);
}, 60_000);
afterAll(() => vi.unstubAllEnvs());
afterEach(() => vi.useRealTimers());

/** A browser: its cookies follow every answer, as a real one's would. */
class Visitor {
  constructor(
    public cookie: string,
    readonly userId: string,
  ) {}

  async visit(path: string) {
    const result = await harness.run(path, { cookie: this.cookie });
    this.cookie = withCookies(this.cookie, result.response);
    return { ...result, status: passed(result.response) ? 200 : result.response.status };
  }

  async api(path: string, body: unknown) {
    const response = await t.request(path, { body, cookie: this.cookie });
    this.cookie = withCookies(this.cookie, response);
    return response;
  }
}

async function person(): Promise<Visitor> {
  const email = `org-gate-${n++}@example.com`;
  const cookie = await t.signUp(email);
  const [{ id }] = (await db.query(`select id from "user" where email = $1`, [email])) as [{ id: string }];
  return new Visitor(cookie, id);
}

async function organization(owner: Visitor, slug: string): Promise<string> {
  const response = await owner.api("/organization/create", { name: slug, slug });
  expect(response.status).toBe(200);
  return ((await response.json()) as { id: string }).id;
}

async function addMember(organizationId: string, who: Visitor, role: "member" | "admin") {
  await t.auth.api.addMember({ body: { organizationId, userId: who.userId, role } });
}

describe("zero I/O while the cache names the organization", () => {
  it("switches with one fallback, then decides from the cache; alternating costs one fallback per switch", async () => {
    const owner = await person();
    await organization(owner, "zero-io-a");
    await organization(owner, "zero-io-b");

    // Whether the first visit needs a check depends on which organization creating them left active.
    const first = await owner.visit("/orgs/zero-io-a");
    expect(first.status).toBe(200);
    expect(first.fallbackCalls).toBeLessThanOrEqual(1);
    for (const path of ["/orgs/zero-io-a", "/orgs/zero-io-a/projects", "/orgs/zero-io-a/settings"]) {
      const again = await owner.visit(path);
      expect([path, again.status, again.step, again.fallbackCalls]).toEqual([path, 200, "cache", 0]);
    }
    let fallbacks = 0;
    for (const slug of ["zero-io-b", "zero-io-a", "zero-io-b", "zero-io-a"]) {
      for (const page of ["", "/settings", "/projects"]) {
        const visit = await owner.visit(`/orgs/${slug}${page}`);
        expect(visit.status).toBe(200);
        fallbacks += visit.fallbackCalls;
      }
    }
    expect(fallbacks).toBe(4);
  });

  it("asks the database on every request to a fresh route (members), and still passes a member", async () => {
    const owner = await person();
    await organization(owner, "fresh-org");
    await owner.visit("/orgs/fresh-org");
    for (let i = 0; i < 2; i++) {
      const visit = await owner.visit("/orgs/fresh-org/members");
      expect([visit.status, visit.step, visit.fallbackCalls]).toEqual([200, "fallback", 1]);
    }
  });
});

describe("who may pass", () => {
  it("answers an outsider the same 404 for an organization that exists and one that does not", async () => {
    const owner = await person();
    await organization(owner, "private-org");
    const outsider = await person();
    const answers = [];
    for (const path of [
      "/orgs/private-org",
      "/orgs/no-such-org",
      "/orgs/private-org/settings",
      "/orgs/no-such-org/settings",
    ]) {
      const visit = await outsider.visit(path);
      answers.push([visit.status, await visit.response.text()]);
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]![0]).toBe(404);
    // The outsider's session names no organization afterwards: nothing was switched.
    expect(
      decodeCache(decodeURIComponent(parseCookieHeader(outsider.cookie).get(CACHE)!)).session.session,
    ).not.toHaveProperty("activeOrganizationSlug", "private-org");
  });

  it("gives a member the organization's pages but 403 on settings and activity; an admin gets settings", async () => {
    const owner = await person();
    const id = await organization(owner, "roles-org");
    const member = await person();
    const admin = await person();
    await addMember(id, member, "member");
    await addMember(id, admin, "admin");
    expect((await member.visit("/orgs/roles-org")).status).toBe(200);
    expect((await member.visit("/orgs/roles-org/members")).status).toBe(200);
    const settings = await member.visit("/orgs/roles-org/settings");
    expect([settings.status, settings.step]).toEqual([403, "cache"]);
    expect((await member.visit("/orgs/roles-org/activity")).status).toBe(403);
    expect((await admin.visit("/orgs/roles-org/settings")).status).toBe(200);
    expect((await admin.visit("/orgs/roles-org/activity")).status).toBe(200);
  });

  it("sends a signed-out visitor to sign-in without telling whether the organization exists", async () => {
    const owner = await person();
    await organization(owner, "exists-org");
    for (const path of ["/orgs/exists-org", "/orgs/no-such-org"]) {
      const { response, fallbackCalls } = await harness.run(path);
      expect([response.status, fallbackCalls]).toEqual([307, 0]);
    }
  });

  it("refuses paths whose segment cannot be a slug, or whose readings name two organizations, without asking", async () => {
    const owner = await person();
    await organization(owner, "path-org");
    await owner.visit("/orgs/path-org");
    for (const path of ["/orgs/Path_Org", "/orgs/path%2Forg/settings", "/orgs/%70ath-org"]) {
      const visit = await owner.visit(path);
      expect([path, visit.status, visit.fallbackCalls]).toEqual([path, 404, 0]);
    }
    // Upper case is the same organization to the gate (the page itself then finds no such slug).
    expect((await owner.visit("/orgs/PATH-ORG")).status).toBe(200);
  });

  it("does not believe a cache altered to claim another organization or a higher role", async () => {
    const owner = await person();
    const id = await organization(owner, "forged-org");
    const member = await person();
    await addMember(id, member, "member");
    await member.visit("/orgs/forged-org");
    const jar = parseCookieHeader(member.cookie);
    const envelope = decodeCache(decodeURIComponent(jar.get(CACHE)!));
    envelope.session.session.activeOrganizationRole = "owner";
    // Re-signed with a guessed secret, and not re-signed at all: neither is the server's.
    for (const forged of [
      signCache({ session: envelope.session, expiresAt: envelope.expiresAt }, "a-guessed-secret-a-guessed-secret-00"),
      envelope,
    ]) {
      jar.set(CACHE, encodeCache(forged));
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
      const { response, step } = await harness.run("/orgs/forged-org/settings", { cookie });
      expect([response.status, step]).toEqual([403, "fallback"]);
    }
  });
});

describe("after removal, a lowered role or deletion", () => {
  it("refuses a removed member at once on fresh routes and at org level once the window has passed", async () => {
    const owner = await person();
    const id = await organization(owner, "removal-org");
    const member = await person();
    await addMember(id, member, "member");
    expect((await member.visit("/orgs/removal-org")).step).toBe("fallback");
    expect((await member.visit("/orgs/removal-org")).step).toBe("cache");
    await db.query(`delete from member where organization_id = $1 and user_id = $2`, [id, member.userId]);

    // Within the window the cache still decides org-level pages (the page itself re-checks).
    expect((await member.visit("/orgs/removal-org")).status).toBe(200);
    // Fresh routes ask every time.
    const fresh = await member.visit("/orgs/removal-org/members");
    expect([fresh.status, fresh.step]).toEqual([404, "fallback"]);
    // That check also took the organization out of the session: nothing is left to pass on.
    expect((await member.visit("/orgs/removal-org")).status).toBe(404);
  });

  it("cannot be extended by re-signing the session row: the reading's own time bounds it", async () => {
    const owner = await person();
    const id = await organization(owner, "window-org");
    const admin = await person();
    await addMember(id, admin, "admin");
    expect((await admin.visit("/orgs/window-org/settings")).status).toBe(200);
    await db.query(`update member set role = 'member' where organization_id = $1 and user_id = $2`, [id, admin.userId]);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + WINDOW_MS + 1_000);
    // A new cache from get-session copies the old reading along with the row…
    const jar = parseCookieHeader(admin.cookie);
    jar.delete(CACHE);
    const refreshed = await t.request("/get-session", { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") });
    admin.cookie = withCookies(admin.cookie, refreshed);
    expect(decodeCache(decodeURIComponent(parseCookieHeader(admin.cookie).get(CACHE)!)).session.session).toMatchObject({
      activeOrganizationRole: "admin",
    });
    // …which is too old to count: the gate asks, and the lowered role decides.
    const settings = await admin.visit("/orgs/window-org/settings");
    expect([settings.status, settings.step]).toEqual([403, "fallback"]);
    expect((await admin.visit("/orgs/window-org/settings")).step).toBe("cache");
  });

  it("answers 404 for a deleted organization on the next check", async () => {
    const owner = await person();
    const id = await organization(owner, "deleted-org");
    expect((await owner.visit("/orgs/deleted-org")).status).toBe(200);
    await db.query(`delete from organization where id = $1`, [id]);
    expect((await owner.visit("/orgs/deleted-org/members")).status).toBe(404);
    expect((await owner.visit("/orgs/deleted-org")).status).toBe(404);
  });

  it("treats a revoked session on an organization route as signed out", async () => {
    const owner = await person();
    await organization(owner, "revoked-org");
    await owner.visit("/orgs/revoked-org");
    await db.query(`delete from session where user_id = $1`, [owner.userId]);
    const visit = await owner.visit("/orgs/revoked-org/members");
    expect([visit.status, visit.step]).toEqual([307, "fallback"]);
  });
});

describe("the check endpoint itself", () => {
  it("is not writable from outside: the reading's time cannot be set by update-session", async () => {
    const who = await person();
    await who.api("/update-session", { activeOrganizationCheckedAt: new Date().toISOString() });
    const [row] = (await db.query(`select active_organization_checked_at as at from session where user_id = $1`, [
      who.userId,
    ])) as [{ at: unknown }];
    expect(row.at).toBeNull();
  });

  it("answers null without a session and refuses an over-long slug", async () => {
    expect(await (await t.request("/organization/gate?slug=acme")).json()).toBeNull();
    const who = await person();
    const long = await t.request(`/organization/gate?slug=${"a".repeat(41)}`, { cookie: who.cookie });
    expect(long.status).toBe(400);
  });
});
