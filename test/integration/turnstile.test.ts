/**
 * Turnstile on the doors (lib/server/auth/turnstile.ts) on a real instance and
 * Postgres, against the siteverify stand-in (stand-ins/turnstile.ts, the
 * documented shape): a script without a token, with a spent or refused one,
 * gets 403 and nothing else happens; a person with a fresh token gets in;
 * when siteverify cannot answer, sign-up is refused (503) and password
 * sign-in goes ahead, reported.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TURNSTILE_DEADLINE_MS } from "@/lib/server/auth/turnstile";
import { CAPTCHA_HEADER, TURNSTILE_ENDPOINTS } from "@/lib/shared/auth/turnstile";
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

  it("without a token, with an empty, made-up, spent, refused or another host's one is 403, and nothing is stored or sent", async () => {
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
    // Solved on another host that the same widget serves (a staging site, say).
    await expectRefused(await signUp(fresh(), siteverify.issue({ hostname: "staging.example.com" })));
    siteverify.fault = "internal-error";
    try {
      await expectRefused(await signUp(fresh(), siteverify.issue()));
    } finally {
      siteverify.fault = "none";
    }
    expect(t.mail.sent.length).toBe(mailBefore);
  });
});

describe("the protected endpoints", () => {
  it("exist, and no server code calls them through auth.api (which the check, on the HTTP route, would not see)", () => {
    const names = Object.entries(t.auth.api)
      .filter(([, endpoint]) => TURNSTILE_ENDPOINTS.includes((endpoint as { path?: string }).path ?? ""))
      .map(([name]) => name);
    expect(names).toHaveLength(TURNSTILE_ENDPOINTS.length);
    const sources = ["app", "lib"].flatMap((dir) =>
      readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((file) => /\.tsx?$/.test(file))
        .map((file) => join(dir, file)),
    );
    for (const file of sources) {
      const text = readFileSync(file, "utf8");
      for (const name of names) expect(text.includes(`api.${name}(`), `${file} calls auth.api.${name}`).toBe(false);
    }
  });
});

describe("a refused request", () => {
  it("uses up nothing of a person's: no wrong-password count, no mail to their address, no sign-in link", async () => {
    const email = fresh();
    expect((await signUp(email, siteverify.issue())).status).toBe(200);
    const mailBefore = t.mail.sent.length;
    const verificationsBefore = await db.query(`select id from verification`);
    // More than the per-account limit on wrong passwords (10) and on mail to one address (5), each from its own
    // address so that the per-address limit (counted before any check: Better Auth's own) is not what stops them.
    for (let i = 0; i < 12; i++) {
      const ip = `10.71.${n}.${i}`;
      await expectRefused(await post("/sign-in/email", { email, password: "not-the-password" }, undefined, ip));
      await expectRefused(await post("/request-password-reset", { email, redirectTo: "/reset-password" }, "", ip));
      await expectRefused(await post("/sign-in/magic-link", { email }, "made-up", ip));
      await expectRefused(await post("/send-verification-email", { email }, undefined, ip));
    }
    expect(t.mail.sent.length).toBe(mailBefore);
    expect(await db.query(`select id from verification`)).toEqual(verificationsBefore);
    // The owner, with a token, is neither locked out nor out of mail.
    expect((await post("/sign-in/email", { email, password: TEST_PASSWORD }, siteverify.issue())).status).toBe(200);
    const reset = await post("/request-password-reset", { email, redirectTo: "/reset-password" }, siteverify.issue());
    expect(reset.status).toBe(200);
    await t.log.flush();
    expect(t.mail.last(email, "reset-password")).toBeDefined();
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
