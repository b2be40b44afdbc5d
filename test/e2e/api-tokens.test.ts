/**
 * The API with access tokens over HTTP, against the production build (next
 * start, or workerd with E2E_TARGET=workerd): a token from GET
 * /api/auth/token opens /api/v1/** on its own, decided by the gate without
 * I/O once the keys are known, and the handler says how the caller came in.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "@/lib/server/db/migrate";
import { type LocalDatabase, startLocalDatabase } from "../../stand-ins/local-db";
import { type RunningApp, startApp } from "../support/app-server";
import { TEST_PASSWORD } from "../support/constants";
import { stepOf } from "../support/gate-harness";
import { HttpClient } from "../support/http-client";

let db: LocalDatabase;
let app: RunningApp;
let browser: HttpClient;
let token: string;

beforeAll(async () => {
  db = await startLocalDatabase();
  const url = await db.createDatabase("edgegate");
  await migrateDatabase(url);
  app = await startApp({ databaseUrl: url, env: { EMAIL_VERIFICATION: "off" } });
  browser = new HttpClient(app.baseURL);
  const signUp = await browser.postJson("/api/auth/sign-up/email", {
    name: "Api",
    email: "api@example.com",
    password: TEST_PASSWORD,
  });
  expect(signUp.status).toBe(200);
  const issued = await browser.get("/api/auth/token");
  expect(issued.status).toBe(200);
  token = ((await issued.json()) as { token: string }).token;
});
afterAll(async () => {
  await app?.stop();
  await db?.close();
});

const script = () => new HttpClient(app.baseURL);

describe("/api/v1/me", () => {
  it("answers a script holding only the token, decided from the token", async () => {
    for (let i = 0; i < 3; i++) {
      const response = await script().get("/api/v1/me", { authorization: `Bearer ${token}` });
      expect([response.status, stepOf(response)]).toEqual([200, "token"]);
      expect(await response.json()).toMatchObject({ user: { email: "api@example.com" }, via: "token" });
      expect(response.headers.get("vary")).toMatch(/Authorization/);
    }
  });

  it("answers the browser by its cookie", async () => {
    const response = await browser.get("/api/v1/me");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ via: "cookie" });
  });

  it("refuses a damaged token with RFC 6750's challenge, even beside a valid cookie", async () => {
    const response = await browser.get("/api/v1/me", { authorization: `Bearer ${token.slice(0, -4)}AAAA` });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="edgegate", error="invalid_token"');
  });
});
