/**
 * Better Auth's rate limiter (3 sign-in attempts per 10 s per client) keys on
 * the real client address of the platform, and clients without a usable
 * address do not all share one bucket.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { CACHE, TEST_PASSWORD } from "../support/constants";
import { createTestDatabase } from "../support/database";
import { stepOf } from "../support/gate-harness";
import { HttpClient } from "../support/http-client";

let app: RunningApp;

beforeAll(async () => {
  const db = await createTestDatabase();
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

async function wrongPassword(client: HttpClient, headers: Record<string, string> = {}): Promise<number> {
  const response = await client.request("/api/auth/sign-in/email", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ email: "r@example.com", password: "wrong-password" }),
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

describe("the gate's fallback and rate limiting", () => {
  it("charges each fallback to the visitor's own address, not to the server that makes the call", async () => {
    // 120 visitors whose cache expired, within one 10 s window: over get-session's limit of 100
    // per client if they all counted as the server's own address.
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
