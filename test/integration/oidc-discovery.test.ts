/**
 * What happens when the OpenID Connect issuer is wrong or away: start-up's
 * check (lib/server/auth/oidc-discovery.ts) tells a wrong OIDC_ISSUER from
 * one that does not answer, and Better Auth, having skipped a provider whose
 * discovery failed, picks it up on the next sign-in once the issuer answers.
 * An issuer is compared exactly as configured, so one that ends in "/"
 * (Auth0's) works as well as one that does not.
 */
import { createServer as createHttpServer } from "node:http";
import { createServer, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkConfiguredIssuer, checkOidcIssuer } from "@/lib/server/auth/oidc-discovery";
import { freePort } from "../../stand-ins/free-port";
import { type OidcStandIn, startOidcProvider } from "../../stand-ins/oidc-provider";
import { cookiesFrom, createTestAuth, testEnv } from "../support/auth-instance";
import { TEST_BASE_URL, TOKEN } from "../support/constants";
import { parseCookieHeader } from "../support/cookie-tools";
import { createTestDatabase } from "../support/database";
import { loginAtProvider } from "../support/oidc-login";

const redirectUri = `${TEST_BASE_URL}/api/auth/callback/oidc`;
let provider: OidcStandIn;

beforeAll(async () => {
  provider = await startOidcProvider({ redirectUri });
});
afterAll(() => provider?.close());

describe("the start-up check of OIDC_ISSUER", () => {
  it("accepts a provider's issuer", async () => {
    expect(await checkOidcIssuer(provider.issuer)).toEqual({ ok: true });
  });

  it("stops start-up on an issuer with no discovery document, naming the variable", async () => {
    const check = await checkOidcIssuer(`${provider.issuer}/realms/typo`);
    expect(check).toMatchObject({ ok: false, permanent: true });
    expect(!check.ok && check.message).toMatch(/^OIDC_ISSUER is .*\/realms\/typo, but .* answered 404/);
  });

  it("stops start-up when the document names another issuer", async () => {
    const elsewhere = provider.issuer.replace("localhost", "127.0.0.1");
    const check = await checkOidcIssuer(elsewhere);
    expect(check).toMatchObject({ ok: false, permanent: true });
    expect(!check.ok && check.message).toContain(`names another issuer (${provider.issuer})`);
  });

  it("only reports an issuer that does not answer, since it may come back", async () => {
    const check = await checkOidcIssuer(`http://localhost:${await freePort()}`);
    expect(check).toMatchObject({ ok: false, permanent: false });
    expect(!check.ok && check.message).toMatch(/^OIDC_ISSUER: .* could not be read/);
  });
});

describe("start-up with an issuer that accepts connections but never answers", () => {
  it("goes on after a short wait, saying so, and reports the verdict when it comes", async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    const env = testEnv({
      OIDC_ISSUER: `http://127.0.0.1:${port}`,
      OIDC_CLIENT_ID: "edgegate",
      OIDC_CLIENT_SECRET: "s",
    });
    const warnings: string[] = [];
    try {
      await checkConfiguredIssuer(env, (message) => warnings.push(message), 200);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^OIDC_ISSUER: .* has not answered in 0\.2 s; starting without waiting for it/);
      // The issuer hangs up: the check, still running, reports that too.
      for (const socket of sockets) socket.destroy();
      for (let i = 0; i < 50 && warnings.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(warnings[1]).toMatch(/^OIDC_ISSUER: .* could not be read/);
    } finally {
      silent.close();
    }
  });
});

describe("start-up with an issuer that answers late", () => {
  it("goes on after a short wait, and says so once a valid document arrives", async () => {
    let issuer = "";
    const slow = createHttpServer((_request, response) => {
      const document = {
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
      };
      setTimeout(
        () => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(document)),
        400,
      );
    });
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    issuer = `http://127.0.0.1:${(slow.address() as { port: number }).port}`;
    const env = testEnv({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: "edgegate", OIDC_CLIENT_SECRET: "s" });
    const warnings: string[] = [];
    try {
      await checkConfiguredIssuer(env, (message) => warnings.push(message), 100);
      expect(warnings).toEqual([expect.stringMatching(/has not answered in 0\.1 s/)]);
      for (let i = 0; i < 50 && warnings.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(warnings[1]).toBe(`OIDC_ISSUER: ${issuer} answered after all; its discovery document is valid.`);
    } finally {
      slow.close();
    }
  });
});

describe("a provider whose discovery failed at start-up", () => {
  it("is unavailable while the issuer is away, and works once it answers", async () => {
    const port = await freePort();
    const db = await createTestDatabase();
    const t = createTestAuth(db.url, {
      OIDC_ISSUER: `http://localhost:${port}`,
      OIDC_CLIENT_ID: "edgegate",
      OIDC_CLIENT_SECRET: "not-yet",
    });
    const start = () => t.request("/sign-in/social", { body: { provider: "oidc", callbackURL: "/dashboard" } });
    const away = await start();
    expect(away.status).toBe(404);
    expect(await away.json()).toMatchObject({ code: "PROVIDER_NOT_FOUND" });
    const late = await startOidcProvider({ redirectUri, port });
    try {
      const back = await start();
      expect(back.status).toBe(200);
      expect(new URL(((await back.json()) as { url: string }).url).origin).toBe(late.issuer);
    } finally {
      await late.close();
    }
  });
});

describe.each([
  ["without", false],
  ["with", true],
])("an issuer %s a trailing slash", (_, trailingSlash) => {
  let issuer: OidcStandIn;
  beforeAll(async () => {
    issuer = await startOidcProvider({ redirectUri, trailingSlash });
  });
  afterAll(() => issuer?.close());

  /** The same issuer written the other way: with the slash if it has none, without if it has one. */
  const otherSpelling = () => (trailingSlash ? issuer.issuer.slice(0, -1) : `${issuer.issuer}/`);
  const configured = (value: string) =>
    testEnv({ ...issuer.env, OIDC_ISSUER: value }).signIn.providers.find((p) => p.id === "oidc")!;

  it("is kept exactly as configured and passes the start-up check", async () => {
    expect(issuer.issuer.endsWith("/")).toBe(trailingSlash);
    expect(configured(issuer.issuer).issuer).toBe(issuer.issuer);
    const warnings: string[] = [];
    await checkConfiguredIssuer(testEnv(issuer.env), (message) => warnings.push(message));
    expect(warnings).toEqual([]);
  });

  it("written the other way, stops start-up naming the exact value to set", async () => {
    const written = testEnv({ ...issuer.env, OIDC_ISSUER: otherSpelling() });
    await expect(checkConfiguredIssuer(written, () => {})).rejects.toThrow(
      `names another issuer (${issuer.issuer}). Set OIDC_ISSUER to the provider's issuer URL`,
    );
  });

  it("signs a person in through the provider", async () => {
    const db = await createTestDatabase();
    const t = createTestAuth(db.url, issuer.env);
    const sub = `person-${trailingSlash ? "slash" : "plain"}`;
    issuer.addAccount({ sub, email: `${sub}@example.com`, emailVerified: true, name: "Person" });
    const started = await t.request("/sign-in/social", { body: { provider: "oidc", callbackURL: "/dashboard" } });
    expect(started.status).toBe(200);
    const { url } = (await started.json()) as { url: string };
    const callback = await loginAtProvider(url, sub);
    // RFC 9207: the provider names itself in the callback, exactly as its discovery document does.
    expect(callback.searchParams.get("iss")).toBe(issuer.issuer);
    const answer = await t.request(`/callback/oidc${callback.search}`, { cookie: cookiesFrom(started) });
    expect(answer.status).toBe(302);
    expect(new URL(answer.headers.get("location")!, TEST_BASE_URL).pathname).toBe("/dashboard");
    expect(parseCookieHeader(cookiesFrom(answer)).has(TOKEN)).toBe(true);
    const [row] = await db.query<{ n: number }>(
      `select count(*)::int as n from account where provider_id = 'oidc' and account_id = $1`,
      [sub],
    );
    expect(row!.n).toBe(1);
  });
});
