/**
 * API keys end to end in-process: created with Better Auth's API-key plugin
 * as configured here (lib/server/auth/api-keys.ts), judged by the real gate,
 * whose key check is the real auth handler (GET /api/auth/api-key/gate,
 * reached through the gate's fetch seam), on Postgres. What a key may do, when
 * it stops, what it leaves in the database, and what a guesser gets.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { KEY_GUESSES } from "@/lib/server/auth/api-keys";
import { CONFIRM_SLUG_HEADER } from "@/lib/server/auth/organization-policy";
import { CALLER_ASSERTION_HEADER, verifiedKeyCaller } from "@/lib/shared/auth/caller-assertion";
import { API_KEY_GATE_PATH } from "@/lib/shared/auth/endpoints";
import { hmacKey } from "@/lib/shared/hmac";
import { createTestAuth, type TestAuth } from "../support/auth-instance";
import { TEST_BASE_URL, TEST_PASSWORD, TEST_SECRET } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { GateHarness, passed } from "../support/gate-harness";
import { linkIn } from "../support/recording-mailer";

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

interface Created {
  id: string;
  key: string;
  start: string;
}

async function owner() {
  const email = `keys-${n++}@example.com`;
  const cookie = await t.signUp(email);
  const [row] = await db.query<{ id: string }>(`select id from "user" where email = $1`, [email]);
  return { email, cookie, id: row!.id };
}

async function createKey(cookie: string, body: Record<string, unknown> = {}): Promise<Created> {
  const response = await t.request("/api-key/create", { cookie, body: { name: "CI", ...body } });
  expect(response.status, JSON.stringify(await response.clone().json())).toBe(200);
  return (await response.json()) as Created;
}

const withKey = (key: string) => ({ "x-api-key": key });
const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
const one = async (sql: string, params: unknown[]) => (await db.query(sql, params))[0];

function expectChallenge(response: Response, status: number, error: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("www-authenticate")).toContain(`error="${error}"`);
}

describe("a key", () => {
  it("is stored as its SHA-256 only, with a visible start, and its prefix names its scope", async () => {
    const { cookie, id } = await owner();
    const read = await createKey(cookie);
    const write = await createKey(cookie, { configId: "write", name: "deploys" });
    expect(read.key).toMatch(/^eg_r_[A-Za-z]{64}$/);
    expect(write.key).toMatch(/^eg_w_[A-Za-z]{64}$/);
    const rows = await db.query<{ key: string; start: string; config_id: string }>(
      `select key, start, config_id from apikey where reference_id = $1 order by config_id`,
      [id],
    );
    const digest = (key: string) => createHash("sha256").update(key).digest("base64url");
    expect(rows).toEqual([
      { key: digest(read.key), start: read.key.slice(0, 9), config_id: "default" },
      { key: digest(write.key), start: write.key.slice(0, 9), config_id: "write" },
    ]);
    // The list never shows a key again.
    const listed = await (await t.request("/api-key/list", { cookie, method: "GET" })).text();
    expect(listed).not.toContain(read.key.slice(9));
    expect(listed).not.toContain(digest(read.key));
  });

  it("cannot be given a prefix, an unknown kind, permissions or a name with a line break", async () => {
    const { cookie, id } = await owner();
    for (const body of [
      { name: "x", prefix: "eg_w_" },
      { name: "x", configId: "admin" },
      { name: "x", permissions: { api: ["write"] } },
      { name: "line\nbreak" },
      { name: "" },
    ]) {
      const response = await t.request("/api-key/create", { cookie, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect(await one(`select count(*)::int as n from apikey where reference_id = $1`, [id])).toEqual({ n: 0 });
  });

  it("passes the gate in x-api-key or as a Bearer, and the handler learns whom from a signed header", async () => {
    const { cookie, id, email } = await owner();
    const { key, id: keyId } = await createKey(cookie);
    for (const headers of [withKey(key), bearer(key)]) {
      const { response, step, fallbackCalls } = await harness.run("/api/v1/me", { headers });
      expect([passed(response), step, fallbackCalls]).toEqual([true, "key", 1]);
      expect(harness.calls.at(-1)?.url).toBe(`${TEST_BASE_URL}${API_KEY_GATE_PATH}`);
      const assertion = response.headers.get(`x-middleware-request-${CALLER_ASSERTION_HEADER}`)!;
      const caller = verifiedKeyCaller(assertion, "GET", "/api/v1/me", hmacKey(TEST_SECRET));
      expect(caller).toEqual({ keyId, user: { id, email }, organization: null, roles: ["user"], scopes: ["read"] });
      // Good for this request only.
      expect(verifiedKeyCaller(assertion, "PATCH", "/api/v1/me", hmacKey(TEST_SECRET))).toBeNull();
      expect(verifiedKeyCaller(assertion, "GET", "/api/v1/other", hmacKey(TEST_SECRET))).toBeNull();
    }
  });

  it("with read scope may read but not write (403 insufficient_scope); a write key may", async () => {
    const { cookie } = await owner();
    const read = await createKey(cookie);
    const write = await createKey(cookie, { configId: "write" });
    const refused = await harness.run("/api/v1/me", { method: "PATCH", headers: withKey(read.key) });
    expectChallenge(refused.response, 403, "insufficient_scope");
    expect(refused.response.headers.get("www-authenticate")).toContain('scope="write"');
    expect(passed((await harness.run("/api/v1/me", { method: "PATCH", headers: withKey(write.key) })).response)).toBe(
      true,
    );
  });

  it("is refused at the very next call once revoked, expired or disabled", async () => {
    const { cookie } = await owner();
    const revoked = await createKey(cookie);
    expect(passed((await harness.run("/api/v1/me", { headers: withKey(revoked.key) })).response)).toBe(true);
    expect((await t.request("/api-key/delete", { cookie, body: { keyId: revoked.id } })).status).toBe(200);
    expectChallenge(
      (await harness.run("/api/v1/me", { headers: withKey(revoked.key) })).response,
      401,
      "invalid_token",
    );

    const expired = await createKey(cookie);
    await db.query(`update apikey set expires_at = now() - interval '1 second' where id = $1`, [expired.id]);
    expectChallenge(
      (await harness.run("/api/v1/me", { headers: withKey(expired.key) })).response,
      401,
      "invalid_token",
    );

    const disabled = await createKey(cookie);
    await db.query(`update apikey set enabled = false where id = $1`, [disabled.id]);
    expectChallenge(
      (await harness.run("/api/v1/me", { headers: withKey(disabled.key) })).response,
      401,
      "invalid_token",
    );
  });

  it("of a banned owner is refused at once, and a deleted owner's keys are deleted with the account", async () => {
    const banned = await owner();
    const bannedKey = await createKey(banned.cookie);
    await db.query(`update "user" set banned = true where id = $1`, [banned.id]);
    expectChallenge(
      (await harness.run("/api/v1/me", { headers: withKey(bannedKey.key) })).response,
      401,
      "invalid_token",
    );
    // A ban that has ended no longer counts.
    await db.query(`update "user" set ban_expires = now() - interval '1 minute' where id = $1`, [banned.id]);
    expect(passed((await harness.run("/api/v1/me", { headers: withKey(bannedKey.key) })).response)).toBe(true);

    const deleted = await owner();
    const deletedKey = await createKey(deleted.cookie);
    expect((await t.request("/delete-user", { cookie: deleted.cookie, body: {} })).status).toBe(200);
    expect(await one(`select count(*)::int as n from apikey where reference_id = $1`, [deleted.id])).toEqual({ n: 0 });
    expectChallenge(
      (await harness.run("/api/v1/me", { headers: withKey(deletedKey.key) })).response,
      401,
      "invalid_token",
    );
  });

  it("does not outlive the owner's recovery: a reset, signing out everywhere or a password change ends every key", async () => {
    const recoveries: [string, (owner: { cookie: string; email: string }) => Promise<void>][] = [
      [
        "password reset",
        async ({ email }) => {
          expect((await t.request("/request-password-reset", { body: { email } })).status).toBe(200);
          const token = linkIn(t.mail.last(email, "reset-password")).searchParams.get("token")!;
          const reset = await t.request("/reset-password", { body: { token, newPassword: "a-new-password-9" } });
          expect(reset.status).toBe(200);
        },
      ],
      [
        "sign out everywhere",
        async ({ cookie }) => expect((await t.request("/revoke-sessions", { cookie, body: {} })).status).toBe(200),
      ],
      [
        "password change",
        async ({ cookie }) => {
          const body = { currentPassword: TEST_PASSWORD, newPassword: "a-new-password-9", revokeOtherSessions: true };
          expect((await t.request("/change-password", { cookie, body })).status).toBe(200);
        },
      ],
    ];
    for (const [recovery, recover] of recoveries) {
      const person = await owner();
      const { key } = await createKey(person.cookie, { configId: "write" });
      await recover(person);
      expect(await one(`select count(*)::int as n from apikey where reference_id = $1`, [person.id]), recovery).toEqual(
        {
          n: 0,
        },
      );
      expectChallenge((await harness.run("/api/v1/me", { headers: withKey(key) })).response, 401, "invalid_token");
    }
  });

  it("has its own rate limit: 429 with Retry-After once spent", async () => {
    const { cookie } = await owner();
    const { key, id } = await createKey(cookie);
    await db.query(`update apikey set rate_limit_max = 2 where id = $1`, [id]);
    for (let i = 0; i < 2; i++)
      expect(passed((await harness.run("/api/v1/me", { headers: withKey(key) })).response)).toBe(true);
    const limited = (await harness.run("/api/v1/me", { headers: withKey(key) })).response;
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
  });
});

describe("an organization's key", () => {
  async function organizationWithPeople() {
    const founder = await owner();
    const created = await t.request("/organization/create", {
      cookie: founder.cookie,
      body: { name: "Keyed", slug: `keyed-${n++}` },
    });
    expect(created.status).toBe(200);
    const { id: organizationId, slug } = (await created.json()) as { id: string; slug: string };
    const join = async (role: string) => {
      const person = await owner();
      await db.query(
        `insert into member (id, organization_id, user_id, role, created_at) values ($1, $2, $3, $4, now())`,
        [`m-${person.id}`, organizationId, person.id, role],
      );
      return person;
    };
    return { founder, organizationId, slug, admin: await join("admin"), member: await join("member") };
  }

  const createFor = (cookie: string, organizationId: string, configId = "organization") =>
    t.request("/api-key/create", { cookie, body: { name: "service", configId, organizationId } });

  it("is made by its owners and admins only; a stranger gets what no such organization gets", async () => {
    const { founder, organizationId, admin, member } = await organizationWithPeople();
    const made = await createFor(founder.cookie, organizationId);
    expect(made.status).toBe(200);
    expect(((await made.json()) as Created).key).toMatch(/^eg_or_[A-Za-z]{64}$/);
    const byAdmin = await createFor(admin.cookie, organizationId, "organization-write");
    expect(((await byAdmin.json()) as Created).key).toMatch(/^eg_ow_[A-Za-z]{64}$/);
    const byMember = await createFor(member.cookie, organizationId);
    expect([byMember.status, ((await byMember.json()) as { code: string }).code]).toEqual([403, "API_KEY_NOT_YOURS"]);
    const stranger = await owner();
    const answers = [
      await createFor(stranger.cookie, organizationId),
      await createFor(stranger.cookie, "no-such-organization"),
      await t.request(`/api-key/list?organizationId=${organizationId}`, { cookie: stranger.cookie }),
      await t.request("/api-key/list?organizationId=no-such-organization", { cookie: stranger.cookie }),
    ];
    for (const answer of answers) {
      expect([answer.status, await answer.json()]).toEqual([
        404,
        { code: "ORGANIZATION_NOT_FOUND", message: expect.any(String) },
      ]);
    }
    expect(
      (await t.request("/api-key/create", { cookie: founder.cookie, body: { name: "x", configId: "organization" } }))
        .status,
    ).toBe(400);
    expect(await one(`select count(*)::int as n from apikey where reference_id = $1`, [organizationId])).toEqual({
      n: 2,
    });
  });

  it("made or revoked, is the organization's security event and mailed to whoever did it", async () => {
    const { organizationId, slug, admin } = await organizationWithPeople();
    const { id } = (await (await createFor(admin.cookie, organizationId)).json()) as Created;
    const revoke = await t.request("/api-key/delete", {
      cookie: admin.cookie,
      body: { keyId: id, configId: "organization" },
    });
    expect(revoke.status).toBe(200);
    await t.log.flush();
    const events = await db.query<{ type: string; user_id: string }>(
      `select type, user_id from security_event where organization_id = $1 and type like 'api-key-%' order by created_at`,
      [organizationId],
    );
    expect(events).toEqual([
      { type: "api-key-created", user_id: admin.id },
      { type: "api-key-revoked", user_id: admin.id },
    ]);
    const mail = t.mail.last(admin.email, "api-key-created");
    expect(mail.subject).toBe("An API key was created for Keyed on edgegate");
    expect(mail.text).toContain(`${TEST_BASE_URL}/orgs/${slug}/settings/api-keys`);
    expect(t.mail.last(admin.email, "api-key-revoked").subject).toBe("An API key was revoked for Keyed on edgegate");
  });

  it("acts for the organization, not a person, and outlives its maker's membership", async () => {
    const { organizationId, slug, admin } = await organizationWithPeople();
    const { key, id: keyId } = (await (await createFor(admin.cookie, organizationId)).json()) as Created;
    const { response, step } = await harness.run("/api/v1/me", { headers: withKey(key) });
    expect([passed(response), step]).toEqual([true, "key"]);
    const assertion = response.headers.get(`x-middleware-request-${CALLER_ASSERTION_HEADER}`)!;
    expect(verifiedKeyCaller(assertion, "GET", "/api/v1/me", hmacKey(TEST_SECRET))).toEqual({
      keyId,
      user: null,
      organization: { id: organizationId, slug },
      roles: [],
      scopes: ["read"],
    });
    await db.query(`delete from member where user_id = $1`, [admin.id]);
    expect(passed((await harness.run("/api/v1/me", { headers: withKey(key) })).response)).toBe(true);
  });

  it("goes with its organization", async () => {
    const { founder, organizationId, slug } = await organizationWithPeople();
    const { key } = (await (await createFor(founder.cookie, organizationId)).json()) as Created;
    const deleted = await t.handle(
      new Request(`${TEST_BASE_URL}/api/auth/organization/delete`, {
        method: "POST",
        headers: {
          cookie: founder.cookie,
          origin: TEST_BASE_URL,
          "content-type": "application/json",
          [CONFIRM_SLUG_HEADER]: slug,
        },
        body: JSON.stringify({ organizationId }),
      }),
    );
    expect(deleted.status).toBe(200);
    expect(await one(`select count(*)::int as n from apikey where reference_id = $1`, [organizationId])).toEqual({
      n: 0,
    });
    expectChallenge((await harness.run("/api/v1/me", { headers: withKey(key) })).response, 401, "invalid_token");
  });
});

describe("credentials that do not add up", () => {
  it("a key of the wrong shape is refused without asking the server; one with a token at once is 400", async () => {
    for (const value of [
      "eg_r_short",
      `eg_x_${"a".repeat(64)}`,
      `eg_r_${"a".repeat(63)}1`,
      `eg_r_${"a".repeat(5000)}`,
    ]) {
      const { response, fallbackCalls } = await harness.run("/api/v1/me", { headers: withKey(value) });
      expectChallenge(response, 401, "invalid_token");
      expect(fallbackCalls, value.slice(0, 12)).toBe(0);
    }
    const { cookie } = await owner();
    const { key } = await createKey(cookie);
    const both = await harness.run("/api/v1/me", { headers: { ...withKey(key), ...bearer(key) } });
    expectChallenge(both.response, 400, "invalid_request");
    expect(both.fallbackCalls).toBe(0);
  });

  it("a wrong key is not rescued by a valid cookie, and a key is no use on a cookie-only route", async () => {
    const { cookie } = await owner();
    const { key } = await createKey(cookie);
    const wrong = `eg_r_${"Z".repeat(64)}`;
    expectChallenge(
      (await harness.run("/api/v1/me", { cookie, headers: withKey(wrong) })).response,
      401,
      "invalid_token",
    );
    const cookieOnly = await harness.run("/api/me", { cookie, headers: withKey(key) });
    expect([cookieOnly.response.status, cookieOnly.fallbackCalls]).toEqual([401, 0]);
    // Pages never read keys: the cookie decides there.
    expect((await harness.run("/dashboard", { headers: withKey(key) })).response.status).toBe(307);
  });

  it("a key cannot make, change or list keys: those endpoints take the session cookie only", async () => {
    const { cookie, id } = await owner();
    const { key, id: keyId } = await createKey(cookie, { configId: "write" });
    const withKeyOnly = (path: string, body?: unknown) =>
      t.handle(
        new Request(`${TEST_BASE_URL}/api/auth${path}`, {
          method: body === undefined ? "GET" : "POST",
          headers: { "x-api-key": key, origin: TEST_BASE_URL, "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      );
    expect((await withKeyOnly("/api-key/create", { name: "minted", configId: "write" })).status).toBe(401);
    expect((await withKeyOnly("/api-key/update", { keyId, configId: "write", enabled: true })).status).toBe(401);
    expect((await withKeyOnly("/api-key/list")).status).toBe(401);
    expect((await withKeyOnly("/get-session")).status).toBe(200);
    expect(await (await withKeyOnly("/get-session")).json()).toBeNull();
    expect(await one(`select count(*)::int as n from apikey where reference_id = $1`, [id])).toEqual({ n: 1 });
  });

  it("without any credential, an API route that takes tokens and keys says so (RFC 6750 §3)", async () => {
    const { response } = await harness.run("/api/v1/me");
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="edgegate"');
  });
});

describe("guessing keys", () => {
  const check = (value: string, ip: string) =>
    t.handle(
      new Request(`${TEST_BASE_URL}${API_KEY_GATE_PATH}`, { headers: { "x-api-key": value, "x-forwarded-for": ip } }),
    );

  it("is limited per client address, counting wrong keys only: a busy service with a right key is not", async () => {
    const { cookie } = await owner();
    const { key } = await createKey(cookie);
    // Right keys do not count against the address.
    for (let i = 0; i < KEY_GUESSES.max + 5; i++) expect((await check(key, "10.90.0.1")).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i <= KEY_GUESSES.max; i++) {
      statuses.push((await check(`eg_r_${String.fromCharCode(65 + (i % 26)).repeat(64)}`, "10.90.0.1")).status);
    }
    expect(statuses.slice(0, KEY_GUESSES.max)).toEqual(Array(KEY_GUESSES.max).fill(401));
    const limited = await check(`eg_r_${"q".repeat(64)}`, "10.90.0.1");
    expect([statuses.at(-1), limited.status]).toEqual([429, 429]);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(KEY_GUESSES.window);
    // Once limited, the address learns nothing, even from a right key; another address is not held back.
    expect((await check(key, "10.90.0.1")).status).toBe(429);
    expect((await check(key, "10.90.0.2")).status).toBe(200);
  }, 60_000);

  it("never puts a key into an answer or the server's log", async () => {
    const { cookie } = await owner();
    const { key } = await createKey(cookie);
    const logged: string[] = [];
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" "))),
    );
    try {
      const wrong = `eg_w_${"x".repeat(64)}`;
      const answers = [
        await check(wrong, "10.91.0.1"),
        await check(key, "10.91.0.1"),
        (await harness.run("/api/v1/me", { headers: withKey(wrong) })).response,
        (await harness.run("/api/v1/me", { method: "PATCH", headers: withKey(key) })).response,
      ];
      for (const answer of answers) {
        const text = `${[...answer.headers].join(" ")} ${await answer.text()}`;
        expect(text).not.toContain(key.slice(5));
        expect(text).not.toContain(wrong.slice(5));
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(logged.join("\n")).not.toContain(key.slice(5));
  });
});
