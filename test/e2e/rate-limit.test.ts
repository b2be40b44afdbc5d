/**
 * Rate limits on the production build: Better Auth's limiter (3 sign-in
 * attempts per 10 s per client) keys on the platform's real client address,
 * clients without a usable address do not all share one bucket, and the
 * counters live in Postgres: two servers on one database enforce one limit
 * per address and one per account (wrong passwords), which survive a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_FAILURES } from "@/lib/server/auth/password-attempts";
import { type RunningApp, startApp } from "../support/app-server";
import { CACHE, TEST_PASSWORD } from "../support/constants";
import { createTestDatabase } from "../support/database";
import { stepOf } from "../support/gate-harness";
import { HttpClient } from "../support/http-client";

let app: RunningApp;
let appDb: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  const db = await createTestDatabase();
  appDb = db;
  app = await startApp({ databaseUrl: db.url, env: { EMAIL_VERIFICATION: "off" } });
  expect(
    (
      await new HttpClient(app.baseURL).postJson("/api/auth/sign-up/email", {
        name: "R",
        email: "r@example.com",
        password: TEST_PASSWORD,
      })
    ).status,
  ).toBe(200);
});
afterAll(() => app?.stop());

let wrongPasswords = 0;

/**
 * A wrong password, each time for another email, so that only the limit per client address can
 * refuse it (the limit per account is the subject of "two servers on one database").
 */
async function wrongPassword(client: HttpClient, headers: Record<string, string> = {}): Promise<number> {
  const response = await client.request("/api/auth/sign-in/email", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ email: `guess-${++wrongPasswords}@example.com`, password: "wrong-password" }),
  });
  return response.status;
}

describe("rate limiting", () => {
  it("limits a client by its address without affecting another address", async () => {
    const attacker = new HttpClient(app.baseURL);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await wrongPassword(attacker));
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(await wrongPassword(new HttpClient(app.baseURL))).toBe(401);
  });

  it("keys IPv6 clients by their /48, so one network cannot spread an attack over 65,536 /64s", async () => {
    const statuses = [];
    for (const subnet of [1, 2, 3, 4])
      statuses.push(await wrongPassword(new HttpClient(app.baseURL, `2001:db8:48:${subnet}::7`)));
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(await wrongPassword(new HttpClient(app.baseURL, "2001:db8:49::7"))).toBe(401);
  });

  it("gives clients without a usable address separate buckets", async () => {
    const noAddress = { "x-forwarded-for": "unknown", "cf-connecting-ip": "unknown" };
    const a = new HttpClient(app.baseURL);
    const b = new HttpClient(app.baseURL);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await wrongPassword(a, { ...noAddress, "user-agent": "Browser A" }));
    expect(statuses.at(-1)).toBe(429);
    expect(await wrongPassword(b, { ...noAddress, "user-agent": "Browser B" })).toBe(401);
  });
});

describe("what strangers can write, and the owner's way past a lock", () => {
  it("answers 404 to a made-up auth path, short or 3 kB long, and writes no counter", async () => {
    const counters = async () => (await appDb.query(`select count(*)::int as n from rate_limit`))[0];
    const before = await counters();
    const client = new HttpClient(app.baseURL);
    const long = Buffer.from(crypto.getRandomValues(new Uint8Array(2300))).toString("base64url");
    expect((await client.get(`/api/auth/${long}`)).status).toBe(404);
    expect((await client.postJson("/api/auth/no-such-endpoint", {})).status).toBe(404);
    expect(await counters()).toEqual(before);
  });

  it("lets the owner's browser sign in while strangers have locked the address", async () => {
    // An account of its own: the address stays locked for strangers afterwards.
    const owner = new HttpClient(app.baseURL);
    expect(
      (await owner.postJson("/api/auth/sign-up/email", { name: "O", email: "o@example.com", password: TEST_PASSWORD }))
        .status,
    ).toBe(200);
    // A password sign-in is what makes a browser known (sign-up is not: it answers alike for a taken address).
    expect(
      (await owner.postJson("/api/auth/sign-in/email", { email: "o@example.com", password: TEST_PASSWORD })).status,
    ).toBe(200);
    const strangers = await Promise.all(
      Array.from({ length: MAX_FAILURES + 2 }, (_, i) =>
        new HttpClient(app.baseURL, `10.90.0.${i + 1}`)
          .postJson("/api/auth/sign-in/email", { email: "o@example.com", password: "wrong-password" })
          .then((response) => response.status),
      ),
    );
    expect(strangers.filter((status) => status === 429)).toHaveLength(2);
    const stranger = new HttpClient(app.baseURL, "10.90.1.1");
    expect(
      (await stranger.postJson("/api/auth/sign-in/email", { email: "o@example.com", password: TEST_PASSWORD })).status,
    ).toBe(429);
    expect(
      (await owner.postJson("/api/auth/sign-in/email", { email: "o@example.com", password: TEST_PASSWORD })).status,
    ).toBe(200);
  });
});

describe("the gate's fallback and rate limiting", () => {
  it("never refuses the session check: get-session is not rate limited, so no visitor shares a bucket with the server", async () => {
    // 120 visitors whose cache expired, within one 10 s window: over the default limit of 100
    // per client if get-session were limited and they all counted as the server's own address.
    const owner = new HttpClient(app.baseURL);
    expect(
      (await owner.postJson("/api/auth/sign-in/email", { email: "r@example.com", password: TEST_PASSWORD })).status,
    ).toBe(200);
    owner.cookies.delete(CACHE);
    const statuses: number[] = [];
    const started = Date.now();
    for (let batch = 0; batch < 120; batch += 6) {
      statuses.push(
        ...(await Promise.all(
          Array.from({ length: 6 }, async (_, j) => {
            const i = batch + j;
            const response = await new HttpClient(app.baseURL, `10.77.${i >> 8}.${i & 255}`).get("/account/help", {
              cookie: owner.cookieHeader(),
            });
            expect(stepOf(response)).toBe("fallback");
            return response.status;
          }),
        )),
      );
    }
    expect(Date.now() - started).toBeLessThan(10_000); // all inside one rate-limit window
    expect(
      statuses.filter((status) => status !== 200),
      app
        .output()
        .split("\n")
        .filter((l) => l.includes("[gate]"))
        .slice(0, 3)
        .join("\n"),
    ).toEqual([]);
  });
});

describe("two servers on one database", () => {
  let servers: RunningApp[];
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const start = async () => {
    servers = [];
    // One after the other: two Worker previews starting at once compete for the same two cores.
    for (let i = 0; i < 2; i++)
      servers.push(await startApp({ databaseUrl: db.url, env: { EMAIL_VERIFICATION: "off" } }));
  };
  const stop = () => Promise.all(servers.map((server) => server.stop()));

  /** A burst of wrong passwords for `email`, alternating between the servers. */
  const burst = (email: string, size: number, ipOf: (i: number) => string) =>
    Promise.all(
      Array.from({ length: size }, async (_, i) => {
        const client = new HttpClient(servers[i % 2]!.baseURL, ipOf(i));
        const response = await client.postJson("/api/auth/sign-in/email", { email, password: "wrong-password" });
        return { status: response.status, body: (await response.json()) as { code?: string } };
      }),
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    await start();
    for (const email of ["target@example.com", "other@example.com"]) {
      const client = new HttpClient(servers[0]!.baseURL);
      expect(
        (await client.postJson("/api/auth/sign-up/email", { name: "T", email, password: TEST_PASSWORD })).status,
      ).toBe(200);
    }
  });
  afterAll(() => stop());

  it("let a burst from one address through three times in all, not three times each", async () => {
    const answers = await burst("target@example.com", 20, () => "198.51.100.50");
    expect(answers.filter((a) => a.status === 401)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(17);
  });

  it("hold the per-account limit against a burst from many addresses", async () => {
    // Three of the limit's wrong passwords were used above.
    const answers = await burst("target@example.com", 30, (i) => `203.0.113.${i + 1}`);
    expect(answers.filter((a) => a.status === 401)).toHaveLength(MAX_FAILURES - 3);
    expect(answers.filter((a) => a.status === 429).map((a) => a.body.code)).toEqual(
      Array(30 - (MAX_FAILURES - 3)).fill("ACCOUNT_PASSWORD_LOCKED"),
    );
  });

  it("leave other accounts and other addresses alone", async () => {
    const client = new HttpClient(servers[1]!.baseURL, "192.0.2.77");
    expect(
      (await client.postJson("/api/auth/sign-in/email", { email: "other@example.com", password: "nope-nope" })).status,
    ).toBe(401);
    expect(
      (await client.postJson("/api/auth/sign-in/email", { email: "other@example.com", password: TEST_PASSWORD }))
        .status,
    ).toBe(200);
  });

  it("keep the per-account limit across a restart of both", async () => {
    await stop();
    await start();
    const client = new HttpClient(servers[0]!.baseURL, "192.0.2.88");
    const response = await client.postJson("/api/auth/sign-in/email", {
      email: "target@example.com",
      password: TEST_PASSWORD,
    });
    expect(response.status).toBe(429);
    expect(await response.json()).toMatchObject({ code: "ACCOUNT_PASSWORD_LOCKED" });
  });
});
