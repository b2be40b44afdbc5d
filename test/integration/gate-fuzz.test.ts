/**
 * Property test: thousands of random and mutated cookie headers and paths.
 * None may be admitted to a protected path without a genuine session, none
 * may reach /admin without the admin's session, and the gate never throws or
 * answers 500. The seed is printed so a failure can be replayed (FUZZ_SEED).
 */
import { parseCookies } from "better-call";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cookiesFrom, createTestAuth, type TestAuth } from "../support/auth-instance";
import { CACHE, TEST_BASE_URL, TEST_PASSWORD, TEST_SECRET, TOKEN } from "../support/constants";
import { decodeCache, encodeCache, parseCookieHeader } from "../support/cookie-tools";
import { createTestDatabase } from "../support/database";
import { GateHarness, passed } from "../support/gate-harness";

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const CASES = Number(process.env.FUZZ_CASES ?? 3000);

/** mulberry32: small, fast, reproducible. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let t: TestAuth;
let harness: GateHarness;
const genuine = { user: new Map<string, string>(), admin: new Map<string, string>() };

beforeAll(async () => {
  vi.stubEnv("BETTER_AUTH_SECRET", TEST_SECRET);
  vi.stubEnv("BETTER_AUTH_URL", TEST_BASE_URL);
  const db = await createTestDatabase();
  t = createTestAuth(db.url);
  harness = new GateHarness(t);
  for (const [who, email] of [
    ["user", "user@example.com"],
    ["admin", "admin@example.com"],
  ] as const) {
    const response = await t.request("/sign-up/email", {
      body: { name: who, email, password: TEST_PASSWORD },
    });
    genuine[who] = parseCookieHeader(cookiesFrom(response));
  }
  // An admin's session: the role set in the database, then a sign-in that caches it.
  await db.query(`update "user" set role = 'admin' where email = 'admin@example.com'`);
  genuine.admin = parseCookieHeader(await t.signIn("admin@example.com"));
});
afterAll(async () => {
  vi.unstubAllEnvs();
});

describe("gate fuzz", () => {
  it(`admits nothing it should not (${CASES} cases)`, async () => {
    const random = prng(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const int = (n: number) => Math.floor(random() * n);
    const alphabet = [
      "a",
      "Z",
      "0",
      "%",
      "/",
      "\\",
      ".",
      "=",
      ";",
      ",",
      '"',
      " ",
      "-",
      "_",
      "+",
      "é",
      "€",
      "\u0000",
      "\u202e",
      "%2F",
      "%25",
      "%00",
      "..",
      "__Secure-",
    ];
    const noise = (max: number) => Array.from({ length: int(max) }, () => pick(alphabet)).join("");

    function mutate(value: string): string {
      switch (int(8)) {
        case 6: {
          // Keep the genuine signed part and append claims after it (JSON keeps the last duplicate key).
          const text = Buffer.from(value, "base64url").toString("utf8");
          const claims = {
            session: {
              expiresAt: "2099-01-01T00:00:00.000Z",
              token: pick([genuine.admin, genuine.user]).get(TOKEN)!.split(".")[0],
              userId: "x",
            },
            user: { id: "x", role: "admin" },
          };
          return Buffer.from(`${text.slice(0, -1)},"session":${JSON.stringify(claims)}}`).toString("base64url");
        }
        case 0: {
          const i = int(value.length);
          return value.slice(0, i) + pick(alphabet) + value.slice(i + 1);
        }
        case 1:
          return value.slice(0, int(value.length));
        case 2:
          return value + noise(20);
        case 3:
          return value.toUpperCase();
        case 4:
          return noise(40);
        case 5:
          return value.repeat(1 + int(30));
        default: {
          // Authentic-looking payload edits, re-encoded without a valid signature.
          try {
            const envelope = decodeCache(value);
            envelope.session.user.role = pick(["admin", "admin,user", "", "ADMIN"]);
            envelope.expiresAt = Date.now() + int(10_000_000);
            if (random() < 0.5)
              envelope.session.session.token = pick([genuine.admin, genuine.user]).get(TOKEN)!.split(".")[0]!;
            return encodeCache(envelope);
          } catch {
            return noise(30);
          }
        }
      }
    }

    function cookieHeader(): { header: string; tokenOwner: "user" | "admin" | null } {
      const base = pick([genuine.user, genuine.admin]);
      const parts: string[] = [];
      const keepToken = random() < 0.3; // the rest carry a mutated or missing token
      const token = keepToken ? base.get(TOKEN)! : random() < 0.8 ? mutate(base.get(TOKEN)!) : null;
      if (token !== null)
        parts.push(`${pick([TOKEN, TOKEN, `__Secure-${TOKEN}`, "better-auth.session_token"])}=${token}`);
      const cache =
        random() < 0.6
          ? mutate(pick([genuine.user, genuine.admin]).get(CACHE)!)
          : random() < 0.5
            ? pick([genuine.user, genuine.admin]).get(CACHE)!
            : null;
      if (cache !== null) {
        if (random() < 0.2) parts.push(`${CACHE}.0=${cache.slice(0, 200)}`, `${CACHE}.1=${cache.slice(200)}`);
        else parts.push(`${CACHE}=${cache}`);
      }
      for (let i = int(3); i > 0; i--) parts.push(`${noise(8)}=${noise(20)}`);
      if (random() < 0.1) parts.reverse();
      // As a Node server sees raw header bytes: UTF-8 read as Latin-1; NUL/CR/LF never get this far.
      const header = Buffer.from(
        // biome-ignore lint/suspicious/noControlCharactersInRegex: removes what no HTTP header can carry
        parts.join(pick(["; ", ";", ", ", ";;"])).replace(/[\u0000\r\n]/g, ""),
        "utf8",
      ).toString("latin1");
      // What the server would read (its endpoints' own cookie parser, better-call's) decides whose session this is.
      const seen = parseCookies(header).get(TOKEN);
      const tokenOwner =
        seen === decodeURIComponent(genuine.user.get(TOKEN)!)
          ? "user"
          : seen === decodeURIComponent(genuine.admin.get(TOKEN)!)
            ? "admin"
            : null;
      return { header, tokenOwner };
    }

    const paths = [
      "/dashboard",
      "/admin",
      "/admin/users",
      "/account/security",
      "/api/me",
      "/api/other",
      "/anything",
      "/sign-in",
      "/",
    ];
    function path(): string {
      const p = pick(paths);
      switch (int(8)) {
        case 0:
          return p.toUpperCase();
        case 1:
          return p.replace("/", pick(["//", "/./", "/x/../", "/%2e/", "/%2E%2E/x/"]));
        case 2:
          return p.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`);
        case 3:
          return `${p}/${noise(6)}`;
        case 4:
          return `/${noise(12)}`;
        case 5:
          return p + pick(["/", "//", "?callbackUrl=//evil.example", "%2F", ";x"]);
        default:
          return p;
      }
    }

    // Independent of the gate's code: start from the path as any URL parser (and so Next) sees it.
    const oracle = (p: string) => {
      let decoded = new URL(`${TEST_BASE_URL}${p}`).pathname;
      for (let i = 0; i < 4; i++) {
        try {
          decoded = decodeURIComponent(decoded);
        } catch {
          return { open: false, admin: true };
        }
      }
      const segments: string[] = [];
      for (const s of decoded.split("/")) {
        if (s === "" || s === ".") continue;
        if (s === "..") segments.pop();
        else segments.push(s.toLowerCase());
      }
      const canonical = `/${segments.join("/")}`;
      return { open: ["/", "/help", "/sign-in", "/sign-up"].includes(canonical), admin: segments[0] === "admin" };
    };

    let ran = 0;
    let admitted = 0;
    for (let i = 0; i < CASES; i++) {
      const p = path();
      const { header, tokenOwner } = cookieHeader();
      let result: Awaited<ReturnType<GateHarness["run"]>>;
      try {
        result = await harness.run(p, { cookie: header, method: random() < 0.1 ? "POST" : "GET" });
      } catch (error) {
        if (error instanceof TypeError && /Invalid URL|ByteString|header/i.test(String(error))) continue; // not a valid HTTP request at all
        throw new Error(
          `seed ${SEED}, case ${i}: gate threw for ${JSON.stringify(p)} / ${JSON.stringify(header)}: ${error}`,
        );
      }
      ran++;
      const { response } = result;
      const context = `seed ${SEED}, case ${i}: ${JSON.stringify(p)} with ${JSON.stringify(header)} → ${response.status} ${result.step}`;
      expect(response.status, context).not.toBe(500);
      if (!passed(response)) continue;
      const expected = oracle(p);
      if (expected.open) continue;
      admitted++;
      expect(tokenOwner, `admitted without a genuine session token: ${context}`).not.toBeNull();
      if (expected.admin)
        expect(tokenOwner, `admitted to /admin without the admin's session: ${context}`).toBe("admin");
    }
    console.log(`gate fuzz: seed ${SEED}, ${ran} requests, ${admitted} admitted with a genuine session`);
    expect(ran).toBeGreaterThan(CASES * 0.8);
  }, 300_000);
});
