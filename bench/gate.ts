/**
 * Gate micro-benchmarks, one run on Node: the ladder's steps (a session route
 * and an organization route), the HMAC floor, Better Auth's stock
 * getCookieCache, and peers' session checks; then how often one person
 * browsing two organizations alternately needs the fallback.
 *   npm run bench:gate  (BENCH_QUICK=1 for a smoke run whose numbers mean nothing)
 */
import { getCookieCache } from "better-auth/cookies";
import { NextRequest } from "next/server";
import { gate } from "@/lib/gate";
import { decide, type GateContext } from "@/lib/gate/decide";
import { JwksCache } from "@/lib/gate/jwks";
import { requirementFor } from "@/lib/gate/requirement";
import { migrateDatabase } from "@/lib/server/db/migrate";
import { accessTokenAudience } from "@/lib/shared/auth/access-token";
import { cookieConfig } from "@/lib/shared/auth/cookies";
import { hmacKey } from "@/lib/shared/hmac";
import { isRunDirectly } from "../scripts/run-directly";
import { startLocalDatabase } from "../stand-ins/local-db";
import { cookiesFrom, createTestAuth, testEnv, withCookies } from "../test/support/auth-instance";
import { CACHE, TEST_BASE_URL, TEST_PASSWORD, TEST_SECRET } from "../test/support/constants";
import { decodeCache, parseCookieHeader } from "../test/support/cookie-tools";
import { quick } from "./lib/env";
import { compare, type Figure, formatTable, single, timeEach } from "./lib/measure";
import { authjsDecode, authjsEncode, clerkStyle } from "./lib/peers";
import { writeResults } from "./lib/results";

process.env.BETTER_AUTH_SECRET = TEST_SECRET;
process.env.BETTER_AUTH_URL = TEST_BASE_URL;

export async function benchGate(): Promise<Figure[]> {
  const db = await startLocalDatabase();
  try {
    const url = await db.createDatabase("bench_gate");
    await migrateDatabase(url);
    const t = createTestAuth(url);
    const signUp = await t.request("/sign-up/email", {
      body: { name: "Bench", email: "bench@example.com", password: TEST_PASSWORD },
    });
    const cookie = cookiesFrom(signUp);
    const cacheValue = parseCookieHeader(cookie).get(CACHE)!;
    const env = testEnv();
    let fallbacks = 0;
    const context: GateContext = {
      cookies: cookieConfig(env),
      key: hmacKey(env.secret),
      fallback: {
        authOrigin: env.baseURL,
        timeoutMs: 1500,
        fetchImpl: ((input, init) => {
          fallbacks++;
          return t.auth.handler(new Request(input, init));
        }) as typeof fetch,
      },
      accessTokens: { keys: new JwksCache(), issuer: env.baseURL, audience: accessTokenAudience(env.baseURL) },
    };
    const organizations = ["bench-one", "bench-two"];
    let orgCookie = cookie;
    for (const slug of organizations) {
      const created = await t.request("/organization/create", { body: { name: slug, slug }, cookie: orgCookie });
      orgCookie = withCookies(orgCookie, created);
    }
    // The cache as the gate's own check leaves it for the first organization.
    const switched = await t.request(`/organization/gate?slug=${organizations[0]}`, { cookie: orgCookie });
    orgCookie = withCookies(orgCookie, switched);

    const anonymous = new Headers({ "user-agent": "bench" });
    const signedIn = new Headers({ cookie, "user-agent": "bench" });
    const withoutCache = new Headers({
      cookie: cookie.replace(/; edgegate\.session_data=[^;]*/, ""),
      "user-agent": "bench",
    });
    const anonymousRequest = new NextRequest(`${TEST_BASE_URL}/dashboard`, { headers: anonymous });
    const signedInRequest = new NextRequest(`${TEST_BASE_URL}/dashboard`, { headers: signedIn });

    // The floor: one WebCrypto HMAC-SHA-256 verification of the same payload, key already imported.
    const envelope = decodeCache(cacheValue);
    const signed = new TextEncoder().encode(JSON.stringify({ ...envelope.session, expiresAt: envelope.expiresAt }));
    const signature = Buffer.from(envelope.signature, "base64url");
    const floorKey = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(env.secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["verify"],
    );
    const authjsToken = await authjsEncode({ ...envelope.session }, env.secret);
    const clerk = await clerkStyle({ sub: "user_1", sid: "sess_1" });

    const step =
      (headers: Headers, path = "/dashboard") =>
      () =>
        decide(gateRequest(headers, path), requirementFor(path), context);
    const inOrganization = new Headers({ cookie: orgCookie, "user-agent": "bench" });
    const issued = await t.request("/token", { cookie });
    const withToken = new Headers({ authorization: `Bearer ${((await issued.json()) as { token: string }).token}` });
    const figures = await compare(
      [
        { name: "step 1: no session cookie", run: step(anonymous) },
        { name: "step 2: signed cache", run: step(signedIn) },
        {
          name: "step 2: signed cache, organization route",
          run: step(inOrganization, `/orgs/${organizations[0]}/settings`),
        },
        { name: "step 0: access token (API route)", run: step(withToken, "/api/v1/me") },
        { name: "gate() step 1, whole middleware", run: () => gate(anonymousRequest) },
        { name: "gate() step 2, whole middleware", run: () => gate(signedInRequest) },
        { name: "floor: HMAC-SHA256 verify", run: () => crypto.subtle.verify("HMAC", floorKey, signature, signed) },
        {
          name: "stock getCookieCache",
          run: () =>
            getCookieCache(signedIn, {
              secret: env.secret,
              isSecure: false,
              strategy: "compact",
              cookiePrefix: "edgegate",
            }),
        },
        { name: "Auth.js-style JWE decrypt", run: () => authjsDecode(authjsToken, env.secret) },
        {
          name: "Auth.js-style JWE decrypt + re-encrypt",
          run: async () => authjsEncode(await authjsDecode(authjsToken, env.secret), env.secret),
        },
        { name: "Clerk-style RS256 verify", run: clerk.verify },
      ],
      quick ? { rounds: 5, batch: 50 } : { rounds: 40, batch: 400, warmup: 2000 },
    );
    const step3 = await timeEach("step 3: get-session via handler (in-process, Postgres)", quick ? 5 : 300, () =>
      step(withoutCache)(),
    );
    return [
      ...figures,
      step3,
      ...(await alternating(context, orgCookie, organizations, () => fallbacks)),
      await oneTokenManyCalls(context, withToken, () => fallbacks),
    ];
  } finally {
    await db.close();
  }
}

/**
 * One person browsing two organizations alternately, five pages each time,
 * the cookies of every answer kept as a browser would: how many requests the
 * gate decided without I/O, and how many fallbacks each switch cost.
 */
/** What the ladder reads of a GET request for `path`. */
const gateRequest = (headers: Headers, pathname: string) => ({ headers, method: "GET", pathname, callbackUrl: null });

async function alternating(
  context: GateContext,
  startCookie: string,
  organizations: string[],
  fallbackCount: () => number,
): Promise<Figure[]> {
  const SWITCHES = 20;
  const PAGES = ["", "/projects", "/settings", "/projects/1", "/settings/general"];
  let cookie = startCookie;
  const before = fallbackCount();
  let requests = 0;
  for (let i = 1; i <= SWITCHES; i++) {
    for (const page of PAGES) {
      const path = `/orgs/${organizations[i % 2]}${page}`;
      const outcome = await decide(
        gateRequest(new Headers({ cookie, "user-agent": "bench" }), path),
        requirementFor(path),
        context,
      );
      if (outcome.type !== "pass") throw new Error(`alternating organizations: ${outcome.type}`);
      for (const set of outcome.setCookies) cookie = withCookieLine(cookie, set);
      requests++;
    }
  }
  const used = fallbackCount() - before;
  return [
    single("organizations alternately: fallbacks per switch", "fallbacks", used / SWITCHES, SWITCHES),
    single("organizations alternately: decided without I/O", "%", (100 * (requests - used)) / requests, requests),
  ];
}

/**
 * A client making 1,000 API calls with one token, in a fresh isolate (an
 * empty key cache): the share decided without I/O (all but the first, which
 * fetches the public keys).
 */
async function oneTokenManyCalls(context: GateContext, headers: Headers, fetchCount: () => number): Promise<Figure> {
  const CALLS = 1000;
  const fresh: GateContext = { ...context, accessTokens: { ...context.accessTokens, keys: new JwksCache() } };
  const before = fetchCount();
  for (let i = 0; i < CALLS; i++) {
    const outcome = await decide(gateRequest(headers, "/api/v1/me"), requirementFor("/api/v1/me"), fresh);
    if (outcome.type !== "pass") throw new Error(`one token, many calls: ${outcome.type}`);
  }
  const used = fetchCount() - before;
  return single("one token, 1,000 API calls: decided without I/O", "%", (100 * (CALLS - used)) / CALLS, CALLS);
}

/** The cookie header after one Set-Cookie line (as withCookies does for a whole response). */
function withCookieLine(cookie: string, line: string): string {
  return withCookies(cookie, new Response(null, { headers: [["set-cookie", line]] }));
}

if (isRunDirectly(import.meta.url)) {
  const figures = await benchGate();
  console.log(
    formatTable(figures, [
      { name: "floor: HMAC-SHA256 verify", label: "vs floor" },
      { name: "stock getCookieCache", label: "vs stock" },
    ]),
  );
  if (!quick) writeResults("gate", figures);
}
