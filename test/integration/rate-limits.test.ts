/**
 * Limits that hold across instances: the shared counter (one atomic statement
 * in Postgres) under concurrent use from two database clients, and the
 * per-account limit on wrong passwords with two Better Auth instances on one
 * database, as two servers would be: it holds whatever the addresses, gives
 * an unknown address the same answers, spares right passwords and other
 * accounts, and a password reset lifts it.
 */

import { like } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { MAX_FAILURES } from "@/lib/server/auth/password-attempts";
import { consume } from "@/lib/server/auth/rate-limit";
import { neonDatabase } from "@/lib/server/db/neon";
import { rateLimit } from "@/lib/server/db/schema";
import { toBase64Url } from "@/lib/shared/base64url";
import { cookiesFrom, createTestAuth, type TestAuth } from "../support/auth-instance";
import { TEST_PASSWORD, TEST_SECRET } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { linkIn } from "../support/recording-mailer";

let db: TestDatabase;
let one: TestAuth;
let two: TestAuth;

beforeAll(async () => {
  db = await createTestDatabase();
  one = createTestAuth(db.url);
  two = createTestAuth(db.url);
  for (const email of ["ada@example.com", "bob@example.com", "cy@example.com"]) {
    const response = await one.request("/sign-up/email", { body: { name: "P", email, password: TEST_PASSWORD } });
    expect(response.status).toBe(200);
  }
});
afterEach(() => vi.useRealTimers());

describe("the shared counter", () => {
  it("lets exactly max of a burst through, across two database clients", async () => {
    const clients = [neonDatabase(db.url), neonDatabase(db.url)];
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => consume(clients[i % 2]!, "burst|/sign-in/email", { window: 10, max: 7 })),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(7);
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(Math.max(...results.map((r) => r.retryAfter ?? 0))).toBeLessThanOrEqual(10);
  });

  it("starts a new window once the old one has passed", async () => {
    const client = neonDatabase(db.url);
    const rule = { window: 10, max: 1 };
    expect((await consume(client, "window|/x", rule)).allowed).toBe(true);
    expect((await consume(client, "window|/x", rule)).allowed).toBe(false);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 10_001 });
    expect(await consume(client, "window|/x", rule)).toMatchObject({ allowed: true, count: 1 });
  });

  it("never asks to wait longer than the window, when the window was started by a later clock", async () => {
    const client = neonDatabase(db.url);
    const rule = { window: 60, max: 1 };
    const start = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now: start + 1_500 });
    expect((await consume(client, "clocks|/x", rule)).allowed).toBe(true);
    vi.setSystemTime(start);
    expect(await consume(client, "clocks|/x", rule)).toMatchObject({ allowed: false, retryAfter: 60 });
  });
});

describe("wrong passwords per account", () => {
  const attempt = (auth: TestAuth, email: string, password: string, ip: string) =>
    auth.request("/sign-in/email", { body: { email, password }, ip });

  /** A burst from as many addresses as attempts, split between the two instances. */
  const burst = (email: string, size: number, password = "not-the-password") =>
    Promise.all(
      Array.from({ length: size }, (_, i) => attempt(i % 2 ? two : one, email, password, `10.60.${size}.${i + 1}`)),
    );

  it("lets at most the limit reach the password check, from any number of addresses", async () => {
    const answers = await burst("ada@example.com", 30);
    const statuses = answers.map((a) => a.status);
    expect(
      statuses.filter((s) => s === 401),
      statuses.join(" "),
    ).toHaveLength(MAX_FAILURES);
    expect(
      statuses.filter((s) => s === 429),
      statuses.join(" "),
    ).toHaveLength(30 - MAX_FAILURES);
    const refused = answers.find((a) => a.status === 429)!;
    expect(await refused.json()).toMatchObject({ code: "ACCOUNT_PASSWORD_LOCKED" });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("refuses the right password too while the limit holds, so the answer tells an attacker nothing", async () => {
    expect((await attempt(one, "ada@example.com", TEST_PASSWORD, "10.61.0.1")).status).toBe(429);
  });

  it("answers the same for an address that has no account", async () => {
    const known = await burst("bob@example.com", 12);
    const unknown = await burst("nobody@example.com", 12);
    expect(unknown.map((a) => a.status).sort()).toEqual(known.map((a) => a.status).sort());
    // One refusal, word for word, whether or not the account exists.
    const refusals = [...known, ...unknown].filter((a) => a.status === 429);
    const bodies = new Set(await Promise.all(refusals.map((a) => a.text())));
    expect(refusals.length).toBeGreaterThan(0);
    expect(bodies.size).toBe(1);
  });

  it("leaves other accounts alone, and right passwords never use the limit up", async () => {
    for (let i = 0; i < MAX_FAILURES + 5; i++) {
      expect((await attempt(i % 2 ? two : one, "cy@example.com", TEST_PASSWORD, "10.62.0.1")).status).toBe(200);
    }
    expect((await attempt(one, "cy@example.com", "not-the-password", "10.62.0.1")).status).toBe(401);
  });

  it("keys its counters with the app secret, so the table reveals no address", async () => {
    const keys = async () =>
      (
        await neonDatabase(db.url)
          .select({ key: rateLimit.key })
          .from(rateLimit)
          .where(like(rateLimit.key, "password-failures|%"))
      ).map((row) => row.key);
    const before = new Set(await keys());
    expect((await attempt(one, "dee@example.com", "not-the-password", "10.64.0.1")).status).toBe(401);
    const [mine] = (await keys()).filter((key) => !before.has(key));
    expect(mine).toBeDefined();
    // Exactly HMAC-SHA-256(secret, prefix + address), computed here without the app's code.
    const secretKey = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(TEST_SECRET),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const mac = await crypto.subtle.sign(
      "HMAC",
      secretKey,
      new TextEncoder().encode("password-failures|dee@example.com"),
    );
    expect(mine).toBe(`password-failures|${toBase64Url(new Uint8Array(mac))}`);
    expect(mine).not.toMatch(/dee|example/i);
    // Another secret, another key: whoever lacks the secret cannot recompute it from a list of addresses.
    const elsewhere = createTestAuth(db.url, { BETTER_AUTH_SECRET: "another-secret-of-at-least-32-characters" });
    expect((await attempt(elsewhere, "dee@example.com", "not-the-password", "10.64.0.2")).status).toBe(401);
    expect((await keys()).filter((key) => !before.has(key) && key !== mine)).toHaveLength(1);
  });

  describe("the owner's browser (device cookie)", () => {
    const deviceCookieOf = (response: Response) =>
      cookiesFrom(response)
        .split("; ")
        .find((c) => /\.device=/.test(c))!;
    let owner: string;
    let laptop: string;
    let other: string;

    beforeAll(async () => {
      await one.signUp("fay@example.com");
      await one.signUp("gus@example.com");
      owner = deviceCookieOf(await attempt(one, "fay@example.com", TEST_PASSWORD, "10.65.0.1"));
      laptop = deviceCookieOf(await attempt(two, "fay@example.com", TEST_PASSWORD, "10.65.0.3"));
      other = deviceCookieOf(await attempt(two, "gus@example.com", TEST_PASSWORD, "10.65.0.2"));
      expect(owner).toMatch(/\.device=/);
      // Strangers lock the address.
      const statuses = (await burst("fay@example.com", 20)).map((a) => a.status);
      expect(statuses.filter((s) => s === 429)).toHaveLength(20 - MAX_FAILURES);
    });

    const fromDevice = (auth: TestAuth, password: string, cookie: string) =>
      auth.request("/sign-in/email", { body: { email: "fay@example.com", password }, ip: "10.65.1.1", cookie });

    it("still signs the owner in, on either instance, and renews the cookie", async () => {
      expect((await attempt(one, "fay@example.com", TEST_PASSWORD, "10.65.0.9")).status).toBe(429);
      const signedIn = await fromDevice(two, TEST_PASSWORD, owner);
      expect(signedIn.status).toBe(200);
      expect(deviceCookieOf(signedIn)).toMatch(/\.device=/);
      expect(deviceCookieOf(signedIn)).not.toBe(owner);
      expect((await fromDevice(one, TEST_PASSWORD, owner)).status).toBe(200);
    });

    it("treats a forged cookie, or another account's, as a stranger", async () => {
      const [name] = owner.split("=");
      const forged = `${name}=${toBase64Url(crypto.getRandomValues(new Uint8Array(16)))}.${toBase64Url(crypto.getRandomValues(new Uint8Array(32)))}`;
      const otherAccounts = other.replace(/^[^=]+/, name!);
      for (const cookie of [forged, otherAccounts, `${name}=garbage~${"x".repeat(5000)}`]) {
        const response = await fromDevice(one, TEST_PASSWORD, cookie);
        expect(response.status, cookie.slice(0, 60)).toBe(429);
        expect(await response.json()).toMatchObject({ code: "ACCOUNT_PASSWORD_LOCKED" });
      }
    });

    it("limits the owner's browser's own wrong passwords, apart from everyone else's", async () => {
      const statuses: number[] = [];
      for (let i = 0; i < MAX_FAILURES + 2; i++)
        statuses.push((await fromDevice(one, "not-the-password", owner)).status);
      expect(statuses).toEqual([...Array(MAX_FAILURES).fill(401), 429, 429]);
      expect((await fromDevice(two, TEST_PASSWORD, owner)).status).toBe(429);
      // The owner's other browser is not held by this one's lock.
      expect((await fromDevice(two, TEST_PASSWORD, laptop)).status).toBe(200);
    });
  });

  it("is lifted by a password reset", async () => {
    expect((await one.request("/request-password-reset", { body: { email: "ada@example.com" } })).status).toBe(200);
    const token = linkIn(one.mail.last("ada@example.com", "reset-password")).searchParams.get("token")!;
    const reset = await two.request("/reset-password", { body: { token, newPassword: "a-fresh-passphrase-1" } });
    expect(reset.status).toBe(200);
    expect((await attempt(one, "ada@example.com", "a-fresh-passphrase-1", "10.63.0.1")).status).toBe(200);
  });
});

describe("what a client can make the limiter write", () => {
  let limited: TestAuth;
  const counters = async () =>
    (await neonDatabase(db.url).select({ key: rateLimit.key }).from(rateLimit)).map((row) => row.key);
  /** Random, so no compression or deduplication could make it short. */
  const noise = (bytes: number) => toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));

  beforeAll(async () => {
    limited = createTestAuth(db.url);
    // Better Auth limits only in production by default; this instance limits as production does.
    (await limited.auth.$context).rateLimit.enabled = true;
  });

  it("answers 404 to paths that name no endpoint, writing nothing", async () => {
    const before = await counters();
    for (const [i, path] of [
      "/no-such-endpoint",
      "/sign-in/nothing",
      `/${noise(3000)}`,
      `/admin/${noise(40)}`,
    ].entries()) {
      for (const method of ["GET", "POST"]) {
        const response = await limited.request(path, {
          method,
          body: method === "POST" ? {} : undefined,
          ip: `10.70.0.${i + 1}`,
        });
        expect(response.status, `${method} ${path.slice(0, 40)}`).toBe(404);
      }
    }
    expect(await counters()).toEqual(before);
  });

  it("counts a path with a parameter as its endpoint: bounded keys, no tokens in the table", async () => {
    const token = noise(24);
    for (const path of [`/reset-password/${token}`, `/callback/${noise(3000)}`, `/callback/${noise(10)}`]) {
      const response = await limited.request(path, { ip: "10.71.0.1" });
      expect(response.status, path.slice(0, 40)).toBeLessThan(500);
    }
    const keys = (await counters()).filter((key) => key.startsWith("10.71.0.1|"));
    expect(keys.sort()).toEqual(["10.71.0.1|/callback/:id", "10.71.0.1|/reset-password/:token"]);
    expect((await counters()).filter((key) => key.includes(token))).toEqual([]);
  });

  it("still limits every endpoint per client address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const body = { email: `limit-${i}@example.com`, password: "not-the-password" };
      statuses.push((await limited.request("/sign-in/email", { body, ip: "10.72.0.1" })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
