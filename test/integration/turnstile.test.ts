/**
 * Turnstile on the doors (lib/server/auth/turnstile.ts) on a real instance and
 * Postgres, against the siteverify stand-in (stand-ins/turnstile.ts, the
 * documented shape): a script without a token, with a spent or refused one,
 * gets 403 and nothing else happens; a person with a fresh token gets in;
 * when siteverify cannot answer, sign-up is refused (503) and password
 * sign-in goes ahead, reported.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TURNSTILE_DEADLINE_MS } from "@/lib/server/auth/turnstile";
import { CAPTCHA_HEADER } from "@/lib/shared/auth/turnstile";
import { DUMMY_TOKEN, startTurnstile, TEST_SECRETS, type TurnstileStandIn } from "../../stand-ins/turnstile";
import { createTestAuth, type TestAuth } from "../support/auth-instance";
import { TEST_BASE_URL, TEST_PASSWORD } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";

let db: TestDatabase;
let siteverify: TurnstileStandIn;
let t: TestAuth;
let n = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  siteverify = await startTurnstile();
  t = createTestAuth(db.url, {
    TURNSTILE_SITE_KEY: "0x4AAAAAAA-site",
    TURNSTILE_SECRET_KEY: siteverify.secret,
    TURNSTILE_SITEVERIFY_URL: siteverify.url,
  });
}, 60_000);
afterAll(async () => {
  await siteverify?.close();
});

const fresh = () => `person-${n++}@example.com`;

function post(path: string, body: unknown, token?: string, ip = `10.70.0.${n}`) {
  const headers = new Headers({ origin: TEST_BASE_URL, "content-type": "application/json", "x-forwarded-for": ip });
  if (token !== undefined) headers.set(CAPTCHA_HEADER, token);
  return t.handle(
    new Request(`${TEST_BASE_URL}/api/auth${path}`, { method: "POST", headers, body: JSON.stringify(body) }),
  );
}

const signUp = (email: string, token?: string) =>
  post("/sign-up/email", { name: "Person", email, password: TEST_PASSWORD }, token);

async function expectRefused(response: Response) {
  expect(response.status).toBe(403);
  expect(((await response.json()) as { code: string }).code).toBe("CAPTCHA_REQUIRED");
}

describe("a sign-up", () => {
  it("with a fresh token gets in, and siteverify hears the secret, the token and the client's own address", async () => {
    const token = siteverify.issue();
    const email = fresh();
    expect(
      (await post("/sign-up/email", { name: "P", email, password: TEST_PASSWORD }, token, "2001:db8:1:2::7")).status,
    ).toBe(200);
    expect(siteverify.requests.at(-1)?.fields).toMatchObject({
      secret: siteverify.secret,
      response: token,
      // Better Auth writes an address out in full; the whole address, not its /48.
      remoteip: "2001:0db8:0001:0002:0000:0000:0000:0007",
    });
  });

  it("without a token, with an empty, made-up, spent or refused one is 403, and nothing is stored or sent", async () => {
    const spent = siteverify.issue();
    expect((await signUp(fresh(), spent)).status).toBe(200);
    const mailBefore = t.mail.sent.length;
    const attempts: (string | undefined)[] = [undefined, "", " ", "made-up", spent];
    for (const token of attempts) {
      const email = fresh();
      const response = await signUp(email, token);
      expect(response.status, JSON.stringify(token)).toBe(403);
      await expectRefused(response);
      expect(await db.query(`select id from "user" where email = $1`, [email])).toEqual([]);
    }
    siteverify.fault = "internal-error";
    try {
      await expectRefused(await signUp(fresh(), siteverify.issue()));
    } finally {
      siteverify.fault = "none";
    }
    expect(t.mail.sent.length).toBe(mailBefore);
  });
});

describe("when siteverify cannot answer", () => {
  for (const fault of ["hang", "server-error"] as const) {
    it(
      `(${fault}) a sign-up is 503 with Retry-After; a password sign-in goes ahead, reported`,
      async () => {
        const email = fresh();
        expect((await signUp(email, siteverify.issue())).status).toBe(200);
        siteverify.fault = fault;
        try {
          const refused = await signUp(fresh(), siteverify.issue());
          expect([refused.status, ((await refused.json()) as { code: string }).code]).toEqual([
            503,
            "CAPTCHA_UNAVAILABLE",
          ]);
          expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
          const signIn = await post("/sign-in/email", { email, password: TEST_PASSWORD }, siteverify.issue());
          expect(signIn.status).toBe(200);
          await t.log.flush();
          const rows = await db.query<{ detail: string }>(
            `select detail from security_event where type = 'bot-check-skipped' order by created_at desc limit 1`,
          );
          expect(rows[0]?.detail).toMatch(/^\/sign-in\/email: /);
        } finally {
          siteverify.fault = "none";
        }
      },
      TURNSTILE_DEADLINE_MS * 4,
    );
  }
});

describe("Cloudflare's test secrets", () => {
  it("behave as documented with the dummy token", async () => {
    for (const [secret, status] of [
      [TEST_SECRETS.passes, 200],
      [TEST_SECRETS.fails, 403],
      [TEST_SECRETS.spent, 403],
    ] as const) {
      const other = createTestAuth(db.url, {
        TURNSTILE_SITE_KEY: "1x00000000000000000000AA",
        TURNSTILE_SECRET_KEY: secret,
        TURNSTILE_SITEVERIFY_URL: siteverify.url,
      });
      const response = await other.handle(
        new Request(`${TEST_BASE_URL}/api/auth/sign-up/email`, {
          method: "POST",
          headers: { origin: TEST_BASE_URL, "content-type": "application/json", [CAPTCHA_HEADER]: DUMMY_TOKEN },
          body: JSON.stringify({ name: "P", email: fresh(), password: TEST_PASSWORD }),
        }),
      );
      expect(response.status, secret).toBe(status);
    }
  });
});
