/**
 * Known-breached passwords (lib/server/auth/new-passwords.ts) on a real
 * instance and Postgres, against the Pwned Passwords stand-in
 * (stand-ins/pwned-passwords.ts, the range API's documented shape): refused
 * wherever a new password is set, with only five hex characters of its SHA-1
 * sent, padded; accepted and reported when the API cannot answer.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD_COMPROMISED } from "@/lib/server/auth/new-passwords";
import { type PwnedPasswordsStandIn, startPwnedPasswords } from "../../stand-ins/pwned-passwords";
import { createTestAuth, type TestAuth } from "../support/auth-instance";
import { TEST_PASSWORD } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { linkIn } from "../support/recording-mailer";

let db: TestDatabase;
let pwned: PwnedPasswordsStandIn;
let t: TestAuth;
let n = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  pwned = await startPwnedPasswords();
  t = createTestAuth(db.url, { PASSWORD_BREACH_CHECK: "on", PWNED_PASSWORDS_URL: pwned.url });
}, 60_000);
afterAll(async () => {
  await pwned?.close();
});

const fresh = () => `breach-${n++}@example.com`;
const signUp = (email: string, password: string) =>
  t.request("/sign-up/email", { body: { name: "Person", email, password } });

async function expectCompromised(response: Response) {
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual(PASSWORD_COMPROMISED);
}

describe("a breached password", () => {
  it("is refused at sign-up, and only five hex characters of its SHA-1 leave the server, padded", async () => {
    const email = fresh();
    const before = pwned.requests.length;
    await expectCompromised(await signUp(email, "passwordpassword"));
    expect(await db.query(`select id from "user" where email = $1`, [email])).toEqual([]);
    const prefix = createHash("sha1").update("passwordpassword").digest("hex").slice(0, 5).toUpperCase();
    expect(pwned.requests.slice(before)).toEqual([{ path: `/range/${prefix}`, padded: true }]);
  });

  it("gets the same answer for a taken address as for a new one, where sign-up does not tell them apart", async () => {
    // With addresses verified (production's default) a sign-up never says whether an address is taken.
    const verified = createTestAuth(db.url, {
      EMAIL_VERIFICATION: "required",
      PASSWORD_BREACH_CHECK: "on",
      PWNED_PASSWORDS_URL: pwned.url,
    });
    const taken = fresh();
    await t.signUp(taken);
    const attempt = (email: string) =>
      verified.request("/sign-up/email", { body: { name: "Person", email, password: "iloveyou1234567" } });
    const forTaken = await attempt(taken);
    const forNew = await attempt(fresh());
    expect([forTaken.status, await forTaken.text()]).toEqual([forNew.status, await forNew.text()]);
    expect(forNew.status).toBe(400);
  });

  it("is refused as a new password when changing it, and at a reset, whose link still works afterwards", async () => {
    const email = fresh();
    const cookie = await t.signUp(email);
    await expectCompromised(
      await t.request("/change-password", {
        cookie,
        body: { currentPassword: TEST_PASSWORD, newPassword: "qwertyuiopasdfghjkl" },
      }),
    );
    expect((await t.request("/request-password-reset", { body: { email } })).status).toBe(200);
    const token = linkIn(t.mail.last(email, "reset-password")).searchParams.get("token")!;
    await expectCompromised(
      await t.request("/reset-password", { body: { token, newPassword: "correct horse battery staple" } }),
    );
    expect((await t.request("/reset-password", { body: { token, newPassword: "a-new-passphrase-9" } })).status).toBe(
      200,
    );
  });

  it("does not stop a password whose hash only a padding line shares", async () => {
    expect((await signUp(fresh(), "an-unbreached-passphrase")).status).toBe(200);
  });
});

describe("when the range API cannot answer", () => {
  for (const fault of ["hang", "error", "garbage"] as const) {
    it(`(${fault}) accepts the password and records the skipped check`, async () => {
      pwned.fault = fault;
      try {
        const email = fresh();
        expect((await signUp(email, "passwordpassword")).status).toBe(200);
        await t.log.flush();
        const [event] = await db.query<{ email: string; detail: string }>(
          `select email, detail from security_event where type = 'password-check-skipped' and email = $1`,
          [email],
        );
        expect(event?.detail).toBe(
          fault === "hang" ? "timeout" : fault === "error" ? "status 503" : "not the range format",
        );
      } finally {
        pwned.fault = "none";
      }
    });
  }
});
