/**
 * The gate's contract, unit by unit, with real NextRequest objects and
 * cookies minted by the app's real Better Auth instance (on Postgres through
 * the Neon driver). The fallback reaches that same instance in-process, or a
 * scripted answer for the fault cases.
 */

import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FORWARDED_CLIENT_HEADER, verifiedClientAddress } from "@/lib/shared/auth/forwarded-client";
import { hmacKey } from "@/lib/shared/hmac";
import { RETRY_AFTER_SECONDS } from "@/lib/shared/unavailable";
import { cookiesFrom, createTestAuth, type TestAuth } from "../support/auth-instance";
import { CACHE, TEST_BASE_URL, TEST_PASSWORD, TEST_SECRET, TOKEN } from "../support/constants";
import { cookieHeader, decodeCache, encodeCache, parseCookieHeader, signCache } from "../support/cookie-tools";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { type Answer, GateHarness, passed } from "../support/gate-harness";

let t: TestAuth;
let db: TestDatabase;
let silent: Server;
let silentPort: number;
let harness: GateHarness;
let user: Map<string, string>;
let admin: Map<string, string>;

async function signUp(name: string, email: string): Promise<Map<string, string>> {
  const response = await t.request("/sign-up/email", { body: { name, email, password: TEST_PASSWORD } });
  expect(response.status).toBe(200);
  return parseCookieHeader(cookiesFrom(response));
}

beforeAll(async () => {
  vi.stubEnv("BETTER_AUTH_SECRET", TEST_SECRET);
  vi.stubEnv("BETTER_AUTH_URL", TEST_BASE_URL);
  vi.stubEnv("GATE_FALLBACK_TIMEOUT_MS", "300");
  db = await createTestDatabase();
  t = createTestAuth(db.url);
  harness = new GateHarness(t);
  silent = createServer(() => {}).listen(0, "127.0.0.1");
  await new Promise((resolve) => silent.once("listening", resolve));
  silentPort = (silent.address() as { port: number }).port;
  user = await signUp("User", "user@example.com");
  await signUp("Admin", "admin@example.com");
  await db.query(`update "user" set role = 'admin' where email = 'admin@example.com'`);
  admin = parseCookieHeader(await t.signIn("admin@example.com"));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  silent.close();
});

function withCookies(base: Map<string, string>, changes: Record<string, string | null>): string {
  const next = new Map(base);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) next.delete(k);
    else next.set(k, v);
  }
  return cookieHeader(next);
}

describe("step 1: no session cookie", () => {
  it("redirects a page request to sign-in with the original path and query, without I/O", async () => {
    const { response, fallbackCalls, step } = await harness.run("/dashboard?tab=a&x=1");
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe(
      `${TEST_BASE_URL}/sign-in?callbackUrl=${encodeURIComponent("/dashboard?tab=a&x=1")}`,
    );
    expect([fallbackCalls, step]).toEqual([0, "cookie"]);
  });

  it("answers 401 JSON for an API route", async () => {
    const { response } = await harness.run("/api/me");
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "unauthenticated" });
  });

  it("refuses a server action POST to a protected page instead of passing it", async () => {
    const { response } = await harness.run("/dashboard", { method: "POST", headers: { "next-action": "abc123" } });
    expect(response.status).toBe(401);
    expect(passed(response)).toBe(false);
  });

  it("lets anyone through to a public page without reading the session", async () => {
    const { response, step } = await harness.run("/");
    expect(passed(response)).toBe(true);
    expect(step).toBe("public");
  });

  it("ignores cookies that merely look like a session under another name", async () => {
    const { response } = await harness.run("/dashboard", { cookie: `better-auth.session_token=${user.get(TOKEN)}` });
    expect(response.status).toBe(307);
  });
});

describe("step 2: the signed cookie cache", () => {
  it("admits a valid cache for this session with no I/O", async () => {
    const { response, fallbackCalls, step } = await harness.run("/dashboard", { cookie: cookieHeader(user) });
    expect(passed(response)).toBe(true);
    expect([fallbackCalls, step]).toEqual([0, "cache"]);
  });

  it("decides the role from the cache: admin passes /admin, a user gets 403", async () => {
    const asAdmin = await harness.run("/admin", { cookie: cookieHeader(admin) });
    expect(passed(asAdmin.response)).toBe(true);
    const asUser = await harness.run("/admin/users", { cookie: cookieHeader(user) });
    expect(asUser.response.status).toBe(403);
    expect(asUser.response.headers.get("content-type")).toMatch(/text\/html/);
    expect([asUser.fallbackCalls, asUser.step]).toEqual([0, "cache"]);
  });

  it("accepts a cache split into chunks, as Better Auth writes large ones", async () => {
    const value = user.get(CACHE)!;
    const cookie = withCookies(user, {
      [CACHE]: null,
      [`${CACHE}.0`]: value.slice(0, 300),
      [`${CACHE}.1`]: value.slice(300),
    });
    const { response, step } = await harness.run("/dashboard", { cookie });
    expect([passed(response), step]).toEqual([true, "cache"]);
  });

  it("reads the first of duplicate session cookies, as Better Auth does", async () => {
    // Better Auth's endpoints keep the first value of a repeated cookie name: the gate must
    // judge that same one, or it would admit what the page then refuses (or the reverse).
    const [userToken, adminToken] = [user.get(TOKEN)!, admin.get(TOKEN)!];
    const firstGarbage = `${TOKEN}=garbage.${"A".repeat(43)}=; ${cookieHeader(admin)}`;
    const refused = await harness.run("/admin", { cookie: firstGarbage });
    expect([refused.response.status, refused.fallbackCalls]).toEqual([307, 0]);
    const firstUser = `${TOKEN}=${userToken}; ${TOKEN}=${adminToken}; ${CACHE}=${user.get(CACHE)}; ${CACHE}=${admin.get(CACHE)}`;
    const asUser = await harness.run("/admin", { cookie: firstUser });
    expect(asUser.response.status).toBe(403);
    const firstAdmin = `${TOKEN}=${adminToken}; ${TOKEN}=${userToken}; ${CACHE}=${admin.get(CACHE)}`;
    expect(passed((await harness.run("/admin", { cookie: firstAdmin })).response)).toBe(true);
  });

  const rejected: [string, () => string][] = [
    [
      "a forged signature",
      () =>
        withCookies(user, { [CACHE]: encodeCache({ ...decodeCache(user.get(CACHE)!), signature: "A".repeat(43) }) }),
    ],
    [
      "a cache signed with the wrong secret",
      () =>
        withCookies(user, {
          [CACHE]: encodeCache(signCache(decodeCache(user.get(CACHE)!), "not-the-secret-".repeat(3))),
        }),
    ],
    ["another session's cache (token mismatch)", () => withCookies(user, { [CACHE]: admin.get(CACHE)! })],
    ["malformed base64", () => withCookies(user, { [CACHE]: "%%%not-base64%%%" })],
    [
      "valid base64 of garbage",
      () => withCookies(user, { [CACHE]: Buffer.from('{"session":1').toString("base64url") }),
    ],
    ["an oversized cache", () => withCookies(user, { [CACHE]: "A".repeat(20_000) })],
    [
      "too many chunks",
      () =>
        withCookies(
          user,
          Object.fromEntries([[CACHE, null], ...Array.from({ length: 6 }, (_, i) => [`${CACHE}.${i}`, "AAAA"])]),
        ),
    ],
  ];

  it.each(rejected)("does not believe %s and asks the auth handler instead", async (_name, cookie) => {
    const { response, fallbackCalls, step } = await harness.run("/dashboard", { cookie: cookie() });
    expect([fallbackCalls, step]).toEqual([1, "fallback"]);
    // The session token itself is valid, so the handler (the authority) admits it.
    expect(passed(response)).toBe(true);
  });

  it("never believes a cache that claims a higher role", async () => {
    const envelope = decodeCache(user.get(CACHE)!);
    envelope.session.user.role = "admin";
    const resignedWrongly = signCache(envelope, "guessed-secret-guessed-secret-123");
    for (const forged of [encodeCache(envelope), encodeCache(resignedWrongly)]) {
      const { response, fallbackCalls } = await harness.run("/admin", {
        cookie: withCookies(user, { [CACHE]: forged }),
      });
      expect(response.status).toBe(403);
      expect(fallbackCalls).toBe(1);
    }
  });

  it('believes only the signed bytes: a second "session" appended to a genuine cache changes nothing', async () => {
    const text = Buffer.from(user.get(CACHE)!, "base64url").toString("utf8");
    const token = decodeCache(user.get(CACHE)!).session.session.token;
    const claims = {
      session: { expiresAt: "2099-01-01T00:00:00.000Z", token, userId: "victim" },
      user: { id: "victim", role: "admin" },
    };
    const forged = Buffer.from(`${text.slice(0, -1)},"session":${JSON.stringify(claims)}}`).toString("base64url");
    const { response } = await harness.run("/admin", { cookie: withCookies(user, { [CACHE]: forged }) });
    expect(response.status).toBe(403);
  });

  it("does not use an expired cache, and re-primes it from the handler's Set-Cookie", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 301_000 });
    try {
      const { response, fallbackCalls } = await harness.run("/dashboard", { cookie: cookieHeader(user) });
      expect(fallbackCalls).toBe(1);
      expect(passed(response)).toBe(true);
      const fresh = response.headers
        .getSetCookie()
        .find((c) => c.startsWith(`${CACHE}=`) && !c.startsWith(`${CACHE}=;`));
      expect(fresh).toBeDefined();
      // The page rendered in this same request sees the refreshed cookie too.
      expect(response.headers.get("x-middleware-request-cookie")).toContain(fresh!.split(";")[0]!.split("=")[1]);
      // With the new cache, the next request is decided at step 2.
      const next = await harness.run("/dashboard", {
        cookie: withCookies(user, { [CACHE]: fresh!.split(";")[0]!.slice(CACHE.length + 1) }),
      });
      expect([next.fallbackCalls, next.step]).toEqual([0, "cache"]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("step 3: the auth handler", () => {
  const noCache = () => withCookies(user, { [CACHE]: null });

  it("forwards cookies and the signed client address, bypasses the cache for fresh pages, and passes its Set-Cookie on", async () => {
    const { response, fallbackCalls } = await harness.run("/account/security", {
      cookie: cookieHeader(user),
      headers: { "x-forwarded-for": "203.0.113.9", "user-agent": "gate-test" },
    });
    expect(fallbackCalls).toBe(1);
    const call = harness.calls.at(-1)!;
    // Without the cache cookie the handler reads the database: that is what makes the page fresh.
    expect(call.url).toBe(`${TEST_BASE_URL}/api/auth/get-session`);
    expect(call.headers.get("cookie")).not.toContain(CACHE);
    // The client's address travels signed, so a proxy in between cannot make it the server's.
    expect(
      verifiedClientAddress(call.headers.get(FORWARDED_CLIENT_HEADER)!, hmacKey(TEST_SECRET))?.get("x-forwarded-for"),
    ).toBe("203.0.113.9");
    expect(call.headers.get("cookie")).toContain(TOKEN);
    expect(passed(response)).toBe(true);
    expect(response.headers.getSetCookie().some((c) => c.startsWith(`${CACHE}=`))).toBe(true);
  });

  it("treats a revoked session as signed out and clears its cookies", async () => {
    const session = await t.request("/sign-in/email", { body: { email: "user@example.com", password: TEST_PASSWORD } });
    const cookies = parseCookieHeader(cookiesFrom(session));
    await t.request("/sign-out", { method: "POST", body: {}, cookie: cookieHeader(cookies) });
    const { response } = await harness.run("/account/security", { cookie: cookieHeader(cookies) });
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toContain("/sign-in?callbackUrl=%2Faccount%2Fsecurity");
    expect(response.headers.getSetCookie().some((c) => c.startsWith(`${TOKEN}=;`) || /session_token=;/.test(c))).toBe(
      true,
    );
  });

  it("gives a passed-on server action the refreshed cache, but leaves the browser's cookies to the action", async () => {
    const { response, fallbackCalls } = await harness.run("/account/security", {
      method: "POST",
      cookie: cookieHeader(user),
      headers: { "next-action": "abc123" },
    });
    expect([passed(response), fallbackCalls]).toEqual([true, 1]);
    // The action may end the session (sign-out, deletion): its Set-Cookie must be the last word.
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(response.headers.get("x-middleware-request-cookie")).toContain(`${CACHE}=`);
  });

  it("applies step 2's rule to the handler's answer: a banned user is not let through", async () => {
    const banned = await signUp("Banned", "banned@example.com");
    await db.query(`update "user" set banned = true where email = 'banned@example.com'`);
    const { response, fallbackCalls } = await harness.run("/dashboard", {
      cookie: withCookies(banned, { [CACHE]: null }),
    });
    expect(fallbackCalls).toBe(1);
    expect(response.status).toBe(307);
    expect(passed(response)).toBe(false);
  });

  const faults: [string, Answer][] = [
    ["429", () => new Response(JSON.stringify({ message: "Too many requests" }), { status: 429 })],
    ["500", () => new Response("{}", { status: 500, headers: { "content-type": "application/json" } })],
    [
      "502 HTML",
      () => new Response("<html>bad gateway</html>", { status: 502, headers: { "content-type": "text/html" } }),
    ],
    [
      "garbage with 200",
      () => new Response("<html>not json</html>", { status: 200, headers: { "content-type": "text/html" } }),
    ],
    ["wrong JSON shape", () => Response.json({ session: { token: 1 }, user: {} })],
    ["a redirect", () => new Response(null, { status: 302, headers: { location: "/elsewhere" } })],
    // A real socket that accepts and never answers: the gate's timeout must end the wait.
    ["a timeout", (_url, signal) => fetch(`http://127.0.0.1:${silentPort}/`, { signal })],
    ["a network error", () => Promise.reject(new TypeError("fetch failed"))],
  ];

  it.each(faults)("answers 503 with Retry-After on %s, for pages and API alike", async (_name, answer) => {
    harness.answer = answer;
    try {
      for (const path of ["/dashboard", "/api/me"]) {
        const { response } = await harness.run(path, { cookie: noCache() });
        expect(response.status).toBe(503);
        expect(response.headers.get("retry-after")).toBe(String(RETRY_AFTER_SECONDS));
        expect(response.headers.get("location")).toBeNull();
      }
    } finally {
      harness.answer = undefined;
    }
  });

  it("takes 200 null as signed out and 401 as signed out", async () => {
    for (const answer of [() => Response.json(null), () => Response.json({ code: "UNAUTHORIZED" }, { status: 401 })]) {
      harness.answer = answer;
      const { response } = await harness.run("/dashboard", { cookie: noCache() });
      expect(response.status).toBe(307);
    }
    harness.answer = undefined;
  });

  it("shows a guest page rather than an error when the handler is down", async () => {
    harness.answer = () => new Response("", { status: 500 });
    const { response } = await harness.run("/sign-in", { cookie: noCache() });
    harness.answer = undefined;
    expect(passed(response)).toBe(true);
  });
});

describe("guest pages", () => {
  it.each([
    ["/sign-in", "/dashboard"],
    ["/sign-up?callbackUrl=%2Fadmin%3Ftab%3D2", "/admin?tab=2"],
    ["/sign-in?callbackUrl=%2F%2Fevil.example", "/dashboard"],
    ["/sign-in?callbackUrl=https%3A%2F%2Fevil.example", "/dashboard"],
    ["/sign-in?callbackUrl=%2F%5Cevil.example", "/dashboard"],
  ])("sends a signed-in visitor on from %s to %s", async (path, target) => {
    const { response } = await harness.run(path, { cookie: cookieHeader(user) });
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe(`${TEST_BASE_URL}${target}`);
  });

  it("lets a signed-out visitor see the form", async () => {
    expect(passed((await harness.run("/sign-in")).response)).toBe(true);
  });
});

describe("response headers", () => {
  it.each([
    ["/dashboard", ""],
    ["/dashboard", "user"],
    ["/admin", "user"],
    ["/api/me", ""],
    ["/sign-in", "user"],
    ["/sign-in", ""],
  ])("%s (%s) is private, uncacheable and varies on Cookie", async (path, who) => {
    const { response } = await harness.run(path, { cookie: who ? cookieHeader(user) : undefined });
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("vary")).toMatch(/\bCookie\b/);
  });

  it.each(["", "user"])("leaves a public page's caching to the page, whoever asks (%s)", async (who) => {
    const { response } = await harness.run("/help", { cookie: who ? cookieHeader(user) : undefined });
    expect(response.headers.get("cache-control")).toBeNull();
    expect(response.headers.get("vary")).toBeNull();
  });
});

describe("path tricks", () => {
  it.each([
    ["/Dashboard", 307],
    ["/DASHBOARD/", 307],
    ["/dashboard//", 307],
    ["/%64ashboard", 307],
    ["/unknown/page", 307],
    ["/API/me", 401],
    ["/api/ME", 401],
    ["/api//me", 401],
  ])("%s needs a session (%i without one)", async (path, status) => {
    expect((await harness.run(path)).response.status).toBe(status);
  });

  it.each([
    "/ADMIN",
    "/Admin/",
    "//admin",
    "/%61dmin",
    "/%2561dmin",
    "/admin%2Fusers",
    "/dashboard/..%2Fadmin",
    "/dashboard/%2e%2e/admin",
    "/sign-in/..%2F..%2Fadmin",
  ])("%s is held to the admin rule for a signed-in user", async (path) => {
    expect((await harness.run(path, { cookie: cookieHeader(user) })).response.status).toBe(403);
  });

  it("answers 400 to a malformed path instead of guessing", async () => {
    expect((await harness.run("/admin%E0%A4%A")).response.status).toBe(400);
  });
});
