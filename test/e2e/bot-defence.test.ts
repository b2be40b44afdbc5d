/**
 * Bots and breached passwords end to end over HTTP (issue 20), against the
 * production build on next start or workerd: Turnstile's siteverify and the
 * Pwned Passwords range API are local stand-ins that speak the documented
 * APIs (stand-ins/turnstile.ts, stand-ins/pwned-passwords.ts), tokens are
 * minted by the siteverify stand-in as the widget would hand them out, and
 * mail is real (test/support/mailbox.ts). What a script without a token can
 * do: nothing, and no mail leaves. What a person with one can do: everything
 * as before, except choose a password from a known breach.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CAPTCHA_HEADER } from "@/lib/shared/auth/turnstile";
import { PASSWORD_ERRORS } from "@/lib/shared/auth/validation";
import type { PwnedPasswordsStandIn } from "../../stand-ins/pwned-passwords";
import type { TurnstileStandIn } from "../../stand-ins/turnstile";
import type { RunningApp } from "../support/app-server";
import { BREACHED_PASSWORD, type DefendedApp, startDefendedApp } from "../support/bot-defence";
import { TEST_PASSWORD, TOKEN } from "../support/constants";
import type { TestDatabase } from "../support/database";
import { HttpClient } from "../support/http-client";
import { linkOf, type Mailbox } from "../support/mailbox";

let db: TestDatabase;
let mailbox: Mailbox;
let siteverify: TurnstileStandIn;
let pwned: PwnedPasswordsStandIn;
let app: RunningApp;
let defended: DefendedApp;

beforeAll(async () => {
  defended = await startDefendedApp();
  ({ db, mailbox, siteverify, pwned, app } = defended);
});
afterAll(async () => {
  await defended?.stop();
});

let people = 0;
const fresh = (who = "person") => `${who}-${++people}@example.com`;

/** A POST to the auth API, with a Turnstile token in its header when given one. */
function post(client: HttpClient, path: string, body: unknown, token?: string): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token !== undefined) headers[CAPTCHA_HEADER] = token;
  return client.request(`/api/auth${path}`, { method: "POST", headers, body: JSON.stringify(body) });
}

async function expectCode(response: Response, status: number, code: string): Promise<Record<string, unknown>> {
  const body = (await response.json()) as Record<string, unknown>;
  expect({ status: response.status, code: body.code }).toEqual({ status, code });
  return body;
}

const mailTo = (address: string) => mailbox.smtp.received.filter((mail) => mail.to.includes(address));

/**
 * No mail to `address` from what came before: a later request that does send
 * mail (a sign-up with a token) is delivered first, and a moment more passes.
 */
async function expectNoMailTo(address: string): Promise<void> {
  const witness = fresh("witness");
  expect(
    (await post(new HttpClient(app.baseURL), "/sign-up/email", signUpBody(witness), siteverify.issue())).status,
  ).toBe(200);
  await mailbox.message(witness, /Confirm your email/);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(mailTo(address).map((mail) => mail.subject)).toEqual([]);
}

const signUpBody = (email: string, password = TEST_PASSWORD) => ({ name: "Person", email, password });

/** A confirmed account with the test password (signed up and confirmed with tokens, as a person would). */
async function confirmedAccount(email: string): Promise<void> {
  const client = new HttpClient(app.baseURL);
  expect((await post(client, "/sign-up/email", signUpBody(email), siteverify.issue())).status).toBe(200);
  const token = new URL(linkOf(await mailbox.message(email, /Confirm your email/))).searchParams.get("token");
  expect((await client.get(`/api/auth/verify-email?token=${token}`)).status).toBe(200);
}

async function signedIn(email: string, password = TEST_PASSWORD): Promise<HttpClient> {
  const client = new HttpClient(app.baseURL);
  expect((await post(client, "/sign-in/email", { email, password }, siteverify.issue())).status).toBe(200);
  expect(client.cookies.has(TOKEN)).toBe(true);
  return client;
}

describe("Turnstile at sign-up", () => {
  let spent: string;

  it("lets a person with a fresh token sign up, and mails them one link", async () => {
    const email = fresh();
    spent = siteverify.issue({ action: "sign-up" });
    const response = await post(new HttpClient(app.baseURL), "/sign-up/email", signUpBody(email), spent);
    expect(response.status).toBe(200);
    await mailbox.message(email, /Confirm your email/);
    expect(siteverify.requests.at(-1)?.fields).toMatchObject({ secret: siteverify.secret, response: spent });
    expect(mailTo(email)).toHaveLength(1);
  });

  it("refuses a script without a token (403) and sends no mail; an empty or made-up token alike", async () => {
    const addresses: string[] = [];
    for (const token of [undefined, "", "made-up-token"]) {
      const email = fresh("script");
      addresses.push(email);
      const body = await expectCode(
        await post(new HttpClient(app.baseURL), "/sign-up/email", signUpBody(email), token),
        403,
        "CAPTCHA_REQUIRED",
      );
      expect(body.message).toMatch(/could not confirm you are a person/);
    }
    for (const email of addresses) await expectNoMailTo(email);
    const stored = await db.query(`select email from "user" where email = any($1)`, [addresses]);
    expect(stored).toEqual([]);
  });

  it("refuses a spent token: each is good for one request", async () => {
    const email = fresh("replay");
    await expectCode(
      await post(new HttpClient(app.baseURL), "/sign-up/email", signUpBody(email), spent),
      403,
      "CAPTCHA_REQUIRED",
    );
    await expectNoMailTo(email);
  });

  it("applies the length rule in code points (15 to 128), whatever the form sent", async () => {
    const signUp = (password: string) =>
      post(new HttpClient(app.baseURL), "/sign-up/email", signUpBody(fresh(), password), siteverify.issue());
    await expectCode(await signUp("fourteen chars"), 400, "PASSWORD_TOO_SHORT");
    // 8 emoji are 16 UTF-16 units but 8 characters as a person counts them: too short, with the rule's words.
    expect(await expectCode(await signUp("🔑".repeat(8)), 400, "PASSWORD_TOO_SHORT")).toMatchObject({
      message: PASSWORD_ERRORS.PASSWORD_TOO_SHORT,
    });
    expect((await signUp("🔑".repeat(15))).status).toBe(200);
    expect((await signUp("🔑".repeat(128))).status).toBe(200);
    await expectCode(await signUp("x".repeat(129)), 400, "PASSWORD_TOO_LONG");
  });
});

describe("Turnstile on the other doors", () => {
  const email = "dana@example.com";

  beforeAll(() => confirmedAccount(email));

  it("refuses password sign-in without a token, and lets it in with one", async () => {
    const script = new HttpClient(app.baseURL);
    await expectCode(await post(script, "/sign-in/email", { email, password: TEST_PASSWORD }), 403, "CAPTCHA_REQUIRED");
    expect(script.cookies.has(TOKEN)).toBe(false);
    await signedIn(email);
  });

  it("sends no reset, sign-in or confirmation mail to a script without a token", async () => {
    const before = mailTo(email).length;
    const script = new HttpClient(app.baseURL);
    await expectCode(await post(script, "/request-password-reset", { email }), 403, "CAPTCHA_REQUIRED");
    await expectCode(await post(script, "/sign-in/magic-link", { email }), 403, "CAPTCHA_REQUIRED");
    await expectCode(await post(script, "/send-verification-email", { email }), 403, "CAPTCHA_REQUIRED");
    const pending = fresh("unconfirmed");
    await expectCode(
      await post(script, "/send-verification-email", { email: pending }, "made-up-token"),
      403,
      "CAPTCHA_REQUIRED",
    );
    await expectNoMailTo(pending);
    expect(mailTo(email)).toHaveLength(before);
  });

  it("sends them to a person with a token", async () => {
    const person = new HttpClient(app.baseURL);
    expect((await post(person, "/request-password-reset", { email }, siteverify.issue())).status).toBe(200);
    await mailbox.message(email, /Reset your edgegate password/);
    expect((await post(person, "/sign-in/magic-link", { email }, siteverify.issue())).status).toBe(200);
    await mailbox.message(email, /sign-in link/);
  });

  it("refuses a token spent at one door at another", async () => {
    const token = siteverify.issue();
    expect(
      (await post(new HttpClient(app.baseURL), "/sign-in/email", { email, password: TEST_PASSWORD }, token)).status,
    ).toBe(200);
    await expectCode(
      await post(new HttpClient(app.baseURL), "/request-password-reset", { email }, token),
      403,
      "CAPTCHA_REQUIRED",
    );
  });

  it("needs no token for passkeys or for reading the session", async () => {
    const client = new HttpClient(app.baseURL);
    expect((await client.get("/api/auth/passkey/generate-authenticate-options")).status).toBe(200);
    expect((await client.get("/api/auth/get-session")).status).toBe(200);
  });

  it("tells the browser the site key, not the secret", async () => {
    const methods = await (await new HttpClient(app.baseURL).get("/api/sign-in-methods")).text();
    expect(JSON.parse(methods)).toMatchObject({ turnstileSiteKey: "0x4AAAAAAAedgegate-e2e-site" });
    expect(methods).not.toContain(siteverify.secret);
  });
});

describe("breached passwords", () => {
  it("are refused at sign-up, alike for a new and a taken address, and nothing is stored or sent", async () => {
    const taken = fresh("taken");
    await confirmedAccount(taken);
    const sentBefore = mailTo(taken).length;
    const answers: unknown[] = [];
    const newcomer = fresh("newcomer");
    for (const email of [newcomer, taken]) {
      const response = await post(
        new HttpClient(app.baseURL),
        "/sign-up/email",
        signUpBody(email, BREACHED_PASSWORD),
        siteverify.issue(),
      );
      const body = await expectCode(response, 400, "PASSWORD_COMPROMISED");
      expect(body.message).toMatch(/known data breaches/);
      answers.push(body);
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(await db.query(`select id from "user" where email = $1`, [newcomer])).toEqual([]);
    await expectNoMailTo(newcomer);
    expect(mailTo(taken)).toHaveLength(sentBefore);
    // Only five hex characters of the SHA-1 left the server, with padding asked for.
    expect(pwned.requests.at(-1)).toMatchObject({
      path: expect.stringMatching(/^\/range\/[0-9A-F]{5}$/),
      padded: true,
    });
  });

  it("are refused at a password change, which keeps the old password", async () => {
    const email = fresh("changer");
    await confirmedAccount(email);
    const client = await signedIn(email);
    const change = await client.postJson("/api/auth/change-password", {
      currentPassword: TEST_PASSWORD,
      newPassword: BREACHED_PASSWORD,
    });
    await expectCode(change, 400, "PASSWORD_COMPROMISED");
    await signedIn(email);
    const refused = await post(
      new HttpClient(app.baseURL),
      "/sign-in/email",
      { email, password: BREACHED_PASSWORD },
      siteverify.issue(),
    );
    expect(refused.status).toBe(401);
  });

  it("are refused at a reset, and the emailed link still works afterwards", async () => {
    const email = fresh("resetter");
    await confirmedAccount(email);
    expect(
      (await post(new HttpClient(app.baseURL), "/request-password-reset", { email }, siteverify.issue())).status,
    ).toBe(200);
    const token = new URL(linkOf(await mailbox.message(email, /Reset your edgegate password/))).searchParams.get(
      "token",
    );
    const client = new HttpClient(app.baseURL);
    await expectCode(
      await client.postJson("/api/auth/reset-password", { token, newPassword: BREACHED_PASSWORD }),
      400,
      "PASSWORD_COMPROMISED",
    );
    const newPassword = "a-reset-passphrase-of-mine";
    expect((await client.postJson("/api/auth/reset-password", { token, newPassword })).status).toBe(200);
    await signedIn(email, newPassword);
  });
});

describe("when a service cannot answer", () => {
  it("siteverify hangs or fails: sign-up is refused with 503 and Retry-After, password sign-in goes ahead", async () => {
    const email = fresh("during-outage");
    await confirmedAccount(email);
    for (const fault of ["hang", "server-error"] as const) {
      siteverify.fault = fault;
      try {
        const newcomer = fresh("outage");
        const refused = await post(
          new HttpClient(app.baseURL),
          "/sign-up/email",
          signUpBody(newcomer),
          siteverify.issue(),
        );
        await expectCode(refused, 503, "CAPTCHA_UNAVAILABLE");
        expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
        await signedIn(email);
        // expectNoMailTo's witness signs up, which needs siteverify back.
        siteverify.fault = "none";
        await expectNoMailTo(newcomer);
      } finally {
        siteverify.fault = "none";
      }
    }
  });

  it("still refuses a request without a token while siteverify is away", async () => {
    siteverify.fault = "hang";
    try {
      await expectCode(
        await post(new HttpClient(app.baseURL), "/sign-in/email", {
          email: "dana@example.com",
          password: TEST_PASSWORD,
        }),
        403,
        "CAPTCHA_REQUIRED",
      );
    } finally {
      siteverify.fault = "none";
    }
  });

  it("the Pwned Passwords API hangs or fails: the new password is accepted", async () => {
    for (const fault of ["hang", "error"] as const) {
      pwned.fault = fault;
      try {
        const email = fresh("pwned-outage");
        const started = Date.now();
        const response = await post(
          new HttpClient(app.baseURL),
          "/sign-up/email",
          signUpBody(email, BREACHED_PASSWORD),
          siteverify.issue(),
        );
        expect(response.status).toBe(200);
        // Within the check's deadline (500 ms) and the sign-up's own work.
        expect(Date.now() - started).toBeLessThan(5000);
        await mailbox.message(email, /Confirm your email/);
      } finally {
        pwned.fault = "none";
      }
    }
  });
});
