/**
 * The API over HTTP with each credential, against the production build (next
 * start, or workerd with E2E_TARGET=workerd): a token from GET
 * /api/auth/token opens /api/v1/** on its own, decided by the gate without
 * I/O once the keys are known; an API key is checked by the server once per
 * call and stops at once when revoked; a read key cannot write; the handler
 * says how the caller came in; the OpenAPI description is public.
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
let readKey: string;
let writeKey: string;
let writeKeyId: string;

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
  readKey = (await createKey("read-only")).key;
  ({ key: writeKey, id: writeKeyId } = await createKey("deploys", "write"));
});

async function createKey(name: string, configId?: string): Promise<{ id: string; key: string }> {
  // Just signed up: the session's sign-in is its recent proof of identity.
  const response = await browser.postJson("/api/auth/api-key/create", { name, configId });
  expect(response.status).toBe(200);
  return (await response.json()) as { id: string; key: string };
}
afterAll(async () => {
  await app?.stop();
  await db?.close();
});

const script = () => new HttpClient(app.baseURL);
const patchName = (client: HttpClient, name: string, headers: Record<string, string> = {}) =>
  client.request("/api/v1/me", {
    method: "PATCH",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ name }),
  });

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

describe("API keys", () => {
  it("open /api/v1/me in x-api-key or as a Bearer, checked by the server on every call", async () => {
    for (const headers of [{ "x-api-key": readKey }, { authorization: `Bearer ${readKey}` }] as Record<
      string,
      string
    >[]) {
      const response = await script().get("/api/v1/me", headers);
      expect([response.status, stepOf(response)]).toEqual([200, "key"]);
      expect(await response.json()).toMatchObject({ user: { email: "api@example.com" }, via: "key", scopes: ["read"] });
    }
  });

  it("write only with the write scope: a read key gets 403 insufficient_scope and changes nothing", async () => {
    const refused = await patchName(script(), "Read Key", { "x-api-key": readKey });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("www-authenticate")).toBe(
      'Bearer realm="edgegate", error="insufficient_scope", scope="write"',
    );
    const written = await patchName(script(), "Write Key", { "x-api-key": writeKey });
    expect(written.status).toBe(200);
    expect(await written.json()).toMatchObject({ user: { name: "Write Key" }, via: "key" });
    const invalid = await patchName(script(), "x".repeat(101), { "x-api-key": writeKey });
    expect([invalid.status, ((await invalid.json()) as { error: string }).error]).toEqual([400, "invalid_request"]);
  });

  it("a token writes as its session does; a cookie writes only from the app's own origin", async () => {
    expect((await patchName(script(), "By Token", { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await patchName(browser, "By Cookie")).status).toBe(200);
    const crossSite = await patchName(browser, "Cross Site", { origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
  });

  it("is refused at the next call once revoked, whatever the cookie beside it", async () => {
    expect((await browser.postJson("/api/auth/api-key/delete", { keyId: writeKeyId, configId: "write" })).status).toBe(
      200,
    );
    const response = await browser.get("/api/v1/me", { "x-api-key": writeKey });
    expect([response.status, stepOf(response)]).toEqual([401, "key"]);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="edgegate", error="invalid_token"');
  });

  it("a guesser is limited per address (429 with Retry-After), never told more than 401", async () => {
    const guesser = script();
    const statuses: number[] = [];
    for (let i = 0; i < 40 && statuses.at(-1) !== 429; i++) {
      const response = await guesser.get("/api/v1/me", {
        "x-api-key": `eg_r_${String.fromCharCode(97 + (i % 26)).repeat(64)}`,
      });
      statuses.push(response.status);
      if (response.status === 429) expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(new Set(statuses.slice(0, -1))).toEqual(new Set([401]));
  });
});

describe("an organization's API key", () => {
  it("acts for the organization and no person: it reads, and has no name to change", async () => {
    const created = await browser.postJson("/api/auth/organization/create", { name: "Api Co", slug: "api-co" });
    expect(created.status).toBe(200);
    const { id: organizationId } = (await created.json()) as { id: string };
    const made = await browser.postJson("/api/auth/api-key/create", {
      name: "service",
      configId: "organization-write",
      organizationId,
    });
    expect(made.status).toBe(200);
    const { key } = (await made.json()) as { key: string };
    expect(key).toMatch(/^eg_ow_/);
    const me = await script().get("/api/v1/me", { "x-api-key": key });
    expect([me.status, stepOf(me)]).toEqual([200, "key"]);
    expect(await me.json()).toEqual({
      user: null,
      organization: { id: organizationId, slug: "api-co" },
      via: "key",
      scopes: ["read", "write"],
    });
    const rename = await patchName(script(), "Nobody", { "x-api-key": key });
    expect([rename.status, ((await rename.json()) as { error: string }).error]).toEqual([403, "forbidden"]);
  });
});

describe("/api/v1/openapi.json", () => {
  it("describes the API to anyone, cacheably", async () => {
    const response = await script().get("/api/v1/openapi.json");
    expect([response.status, stepOf(response)]).toEqual([200, "public"]);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(document.paths)).toContain("/api/v1/me");
  });
});
