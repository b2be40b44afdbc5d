/**
 * What a new password must be (lib/server/auth/new-passwords.ts) on a real
 * instance and Postgres, against the Pwned Passwords stand-in
 * (stand-ins/pwned-passwords.ts, the range API's documented shape):
 * - the length rule (NIST SP 800-63B-4 §3.1.1.2; lib/shared/auth/validation.ts):
 *   15 to 128 characters counted as typed (code points), any characters,
 *   nothing trimmed, on every endpoint that sets a password, checked before
 *   the breach list is asked; old passwords still sign in;
 * - known-breached passwords refused wherever a new password is set, with
 *   only five hex characters of its SHA-1 sent, padded; accepted and reported
 *   when the API cannot answer.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { NEW_PASSWORD_PATHS, PASSWORD_COMPROMISED } from "@/lib/server/auth/new-passwords";
import { PASSWORD_ERRORS, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/shared/auth/validation";
import { type PwnedPasswordsStandIn, startPwnedPasswords } from "../../stand-ins/pwned-passwords";
import { cookiesFrom, createTestAuth, type TestAuth } from "../support/auth-instance";
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

const fresh = () => `new-password-${n++}@example.com`;
const signUp = (email: string, password: string) =>
  t.request("/sign-up/email", { body: { name: "Person", email, password } });
const signIn = (email: string, password: string) => t.request("/sign-in/email", { body: { email, password } });

/** Asks for a reset link for `email` and returns its token. */
async function resetToken(email: string): Promise<string> {
  expect((await t.request("/request-password-reset", { body: { email } })).status).toBe(200);
  return linkIn(t.mail.last(email, "reset-password")).searchParams.get("token")!;
}

async function expectBroken(response: Response, code: keyof typeof PASSWORD_ERRORS) {
  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({ code, message: PASSWORD_ERRORS[code] });
}

/** Endpoints that take a password to check it, never to set it. */
const CURRENT_PASSWORD_PATHS = [
  "/sign-in/email",
  "/verify-password",
  "/delete-user",
  "/reauthenticate/password",
  "/two-factor/get-totp-uri",
  "/two-factor/generate-backup-codes",
  "/two-factor/enable",
  "/two-factor/disable",
];

describe("the endpoints the rule covers", () => {
  it("are every endpoint that takes a new password: none escapes it by a name the rule does not know", () => {
    const endpoints = Object.values(t.auth.api) as { path?: string; options?: { body?: z.ZodType } }[];
    const paths = endpoints.map((endpoint) => endpoint.path);
    for (const path of NEW_PASSWORD_PATHS) expect(paths, path).toContain(path);
    for (const { path, options } of endpoints) {
      if (!options?.body) continue;
      const schema = z.toJSONSchema(options.body, { unrepresentable: "any", io: "input" }) as {
        properties?: Record<string, unknown>;
      };
      for (const field of Object.keys(schema.properties ?? {}).filter((name) => /password/i.test(name))) {
        // `newPassword` is covered wherever it is sent; a `password` field only where the list says it is new.
        if (field === "newPassword" || field === "currentPassword") continue;
        expect(field, path).toBe("password");
        expect([...NEW_PASSWORD_PATHS, ...CURRENT_PASSWORD_PATHS], path).toContain(path);
      }
    }
  });

  it("covers the server-only setPassword, which has no path", async () => {
    const email = fresh();
    const cookie = await t.signUp(email);
    await db.query(
      `delete from account where provider_id = 'credential' and user_id = (select id from "user" where email = $1)`,
      [email],
    );
    const set = (newPassword: string) =>
      t.auth.api.setPassword({ body: { newPassword }, headers: new Headers({ cookie }) }).then(
        () => null,
        (failure: { body?: { code?: string } }) => failure.body?.code,
      );
    expect(await set("short")).toBe("PASSWORD_TOO_SHORT");
    expect(await set("correct horse battery staple")).toBe("PASSWORD_COMPROMISED");
    expect(await set("a-long-enough-passphrase")).toBeNull();
  });
});

describe("a new password's length", () => {
  it(`is refused under ${PASSWORD_MIN_LENGTH} characters, before the breach list is asked and with nothing stored`, async () => {
    const email = fresh();
    const asked = pwned.requests.length;
    await expectBroken(await signUp(email, "x".repeat(PASSWORD_MIN_LENGTH - 1)), "PASSWORD_TOO_SHORT");
    expect(pwned.requests.length).toBe(asked);
    expect(await db.query(`select id from "user" where email = $1`, [email])).toEqual([]);
  });

  it("counts what a person types: 8 emoji are 8 characters (16 UTF-16 units), 15 are enough, 128 are not too many", async () => {
    await expectBroken(await signUp(fresh(), "😀".repeat(8)), "PASSWORD_TOO_SHORT");
    for (const password of ["😀".repeat(PASSWORD_MIN_LENGTH), "🔑".repeat(PASSWORD_MAX_LENGTH)]) {
      const email = fresh();
      expect((await signUp(email, password)).status).toBe(200);
      expect((await signIn(email, password)).status).toBe(200);
    }
    await expectBroken(await signUp(fresh(), "a".repeat(PASSWORD_MAX_LENGTH + 1)), "PASSWORD_TOO_LONG");
  });

  it("takes any characters, with no composition rules, and keeps them as typed: nothing is trimmed", async () => {
    const email = fresh();
    const password = "  été à la plage, 海辺で 🌊  ";
    expect((await signUp(email, password)).status).toBe(200);
    expect((await signIn(email, password)).status).toBe(200);
    expect((await signIn(email, password.trim())).status).toBe(401);
  });

  it("is checked on a change and at a reset, whose link still works afterwards", async () => {
    const email = fresh();
    const cookie = await t.signUp(email);
    await expectBroken(
      await t.request("/change-password", {
        cookie,
        body: { currentPassword: TEST_PASSWORD, newPassword: "short-one" },
      }),
      "PASSWORD_TOO_SHORT",
    );
    const token = await resetToken(email);
    await expectBroken(
      await t.request("/reset-password", { body: { token, newPassword: "🙂".repeat(14) } }),
      "PASSWORD_TOO_SHORT",
    );
    const next = "a-long-enough-passphrase";
    expect((await t.request("/reset-password", { body: { token, newPassword: next } })).status).toBe(200);
    expect((await signIn(email, next)).status).toBe(200);
  });

  it("does not lock out an account whose password was set before the rule: it signs in, and its next password follows it", async () => {
    const email = fresh();
    await t.signUp(email);
    const old = "eight-ch";
    const hash = await (await t.auth.$context).password.hash(old);
    await db.query(
      `update account set password = $1 where provider_id = 'credential' and user_id = (select id from "user" where email = $2)`,
      [hash, email],
    );
    const signedIn = await signIn(email, old);
    expect(signedIn.status).toBe(200);
    const cookie = cookiesFrom(signedIn);
    await expectBroken(
      await t.request("/change-password", { cookie, body: { currentPassword: old, newPassword: "another-8ch" } }),
      "PASSWORD_TOO_SHORT",
    );
  });
});

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
    const token = await resetToken(email);
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
