/**
 * Pages behind the gate that are prerendered (app/(app-shell)): built once,
 * served from the build's cache, and guarded by the gate alone. So: only a
 * signed-in visitor gets the page or its data, in any form the router serves;
 * every answer tells shared caches not to store it; and the HTML holds nothing
 * of the visitor. Against the production build, on next start and on workerd.
 */
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "@/lib/server/db/migrate";
import { type LocalDatabase, startLocalDatabase } from "../../stand-ins/local-db";
import { E2E_APP_DIR, E2E_TARGET, type RunningApp, startApp } from "../support/app-server";
import { TEST_PASSWORD, TOKEN } from "../support/constants";
import { stepOf } from "../support/gate-harness";
import { HttpClient } from "../support/http-client";

const PAGE = "/account/help";
/** Text of the page's content, which must reach only signed-in visitors. */
const CONTENT = "Your session lasts seven days";
/** A navigation, and the App Router's requests for the page's data: whole, prefetched, one segment. */
const FORMS: Record<string, string>[] = [
  {},
  { rsc: "1" },
  { rsc: "1", "next-router-prefetch": "1" },
  { rsc: "1", "next-router-prefetch": "1", "next-router-segment-prefetch": "/_tree" },
];

let db: LocalDatabase;
let app: RunningApp;
let alice: HttpClient;
let bob: HttpClient;

async function signUp(email: string): Promise<HttpClient> {
  const client = new HttpClient(app.baseURL);
  const response = await client.postJson("/api/auth/sign-up/email", { name: email, email, password: TEST_PASSWORD });
  expect(response.status).toBe(200);
  return client;
}

beforeAll(async () => {
  db = await startLocalDatabase();
  const url = await db.createDatabase("edgegate");
  await migrateDatabase(url);
  app = await startApp({ databaseUrl: url, env: { EMAIL_VERIFICATION: "off" } });
  alice = await signUp("alice@example.com");
  bob = await signUp("bob@example.com");
});
afterAll(async () => {
  await app?.stop();
  await db?.close();
});

/** RFC 9111: a shared cache must not store a response marked `private` (§5.2.2.7) or `no-store` (§5.2.2.5). */
function sharedCacheMayStore(response: Response): boolean {
  const directives = (response.headers.get("cache-control") ?? "").toLowerCase().split(/\s*,\s*/);
  if (directives.includes("private") || directives.includes("no-store")) return false;
  return directives.some((d) => d === "public" || d.startsWith("s-maxage=") || d.startsWith("max-age="));
}

describe("a prerendered page behind the gate", () => {
  it("is served from the build, the same for everyone, with nothing of the visitor in it", async () => {
    const [forAlice, forBob] = await Promise.all([alice.get(PAGE), bob.get(PAGE)]);
    expect([forAlice.status, forBob.status]).toEqual([200, 200]);
    expect(stepOf(forAlice)).toBe("cache");
    const [a, b] = await Promise.all([forAlice.text(), forBob.text()]);
    expect(a).toContain(CONTENT);
    expect(a).toBe(b);
    expect(a).not.toContain("alice@example.com");
    expect(b).not.toContain("bob@example.com");
  });

  it("tells every cache on the way that the answer is private to this visitor", async () => {
    for (const headers of FORMS) {
      const response = await alice.get(PAGE, headers).then(async (first) => {
        // Next 16 on Node sends a data request without its `_rsc` cache-busting parameter there first, as the router adds it.
        const location = first.headers.get("location");
        return first.status === 307 && location?.startsWith(`${PAGE}?_rsc`) ? alice.get(location, headers) : first;
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("private, no-store");
      expect(response.headers.get("vary")).toMatch(/\bCookie\b/);
      expect(sharedCacheMayStore(response)).toBe(false);
    }
    // The check can tell: the same content public (/help) stays cacheable, as a prerendered page should.
    const open = await new HttpClient(app.baseURL).get("/help");
    expect(open.status).toBe(200);
    expect(sharedCacheMayStore(open)).toBe(true);
  });

  it("reaches no one else: no cookie, a forged or foreign cookie, in any form the router serves", async () => {
    const forged = `${TOKEN}=forged.${"A".repeat(43)}`;
    const variants = [
      PAGE,
      `${PAGE}/`,
      "/ACCOUNT/help",
      "/account//help",
      `${PAGE}.html`,
      `${PAGE}.rsc`,
      `${PAGE}?_rsc=1`,
      `${PAGE}.segments/_tree.segment.rsc`,
    ];
    for (const path of variants)
      for (const headers of [...FORMS, { cookie: forged }]) {
        const response = await new HttpClient(app.baseURL).get(path, headers);
        const body = await response.text();
        expect(response.status, `${path} ${JSON.stringify(headers)}`).not.toBe(200);
        expect(body, `${path} ${JSON.stringify(headers)}`).not.toContain(CONTENT);
      }
  });

  it.runIf(E2E_TARGET === "workerd")(
    "is not served from the Worker's static assets, where OpenNext keeps it",
    async () => {
      // build:cf copies the prerendered pages into the assets (open-next.config.ts) under /cdn-cgi/, a path
      // Cloudflare reserves; the Worker must not hand them out either.
      const root = join(E2E_APP_DIR, ".open-next/assets");
      const cached = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
          entry.isDirectory() ? cached(join(dir, entry.name)) : [join(dir, entry.name)],
        );
      const files = cached(join(root, "cdn-cgi")).filter((file) => file.endsWith("/account/help.cache"));
      expect(files).toHaveLength(1);
      for (const file of files) {
        const path = `/${relative(root, file)}`;
        const response = await new HttpClient(app.baseURL).get(path);
        expect(await response.text()).not.toContain(CONTENT);
        expect(response.status).not.toBe(200);
      }
    },
  );
});
