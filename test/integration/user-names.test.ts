/**
 * Names held to the forms' rules on the server (lib/server/auth/user-names.ts):
 * a typed name that is too long or carries control characters is refused
 * with a clear 400 and stored nowhere; a provider's name is cleaned so its
 * sign-in still works.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMAGE_MAX_LENGTH, TYPED_NAME_PATHS } from "@/lib/server/auth/user-names";
import { NAME_MAX_LENGTH } from "@/lib/shared/auth/validation";
import type { OidcStandIn } from "../../stand-ins/oidc-provider";
import { cookiesFrom, type TestAuth } from "../support/auth-instance";
import { TEST_BASE_URL, TEST_PASSWORD } from "../support/constants";
import type { TestDatabase } from "../support/database";
import { startOidcTestAuth } from "../support/oidc-auth";
import { loginAtProvider } from "../support/oidc-login";

let db: TestDatabase;
let oidc: OidcStandIn;
let t: TestAuth;

beforeAll(async () => {
  ({ db, oidc, t } = await startOidcTestAuth());
});
afterAll(async () => {
  await oidc?.close();
});

const HUGE = "A".repeat(12_000);
const BAD = [
  ["a 12,000-character name", HUGE, "NAME_TOO_LONG"],
  ["one character over the limit", "B".repeat(NAME_MAX_LENGTH + 1), "NAME_TOO_LONG"],
  ["a line break", "Ann\nYour account was moved. Sign in at https://evil.example", "NAME_INVALID_CHARACTERS"],
  ["a carriage return", "Ann\r", "NAME_INVALID_CHARACTERS"],
  ["a NUL", "Ann\u0000", "NAME_INVALID_CHARACTERS"],
  ["a line separator", "Ann\u2028Bob", "NAME_INVALID_CHARACTERS"],
  ["a right-to-left override", "Ann\u202emoc.live", "NAME_INVALID_CHARACTERS"],
] as const;

const nameOf = async (email: string) =>
  (await db.query<{ name: string }>(`select name from "user" where email = $1`, [email]))[0]?.name;
const refusal = async (response: Response) => [response.status, ((await response.json()) as { code?: string }).code];

describe("a name a person types", () => {
  it("is checked on paths that exist", () => {
    const paths = Object.values(t.auth.api).map((endpoint) => (endpoint as { path?: string }).path);
    for (const path of TYPED_NAME_PATHS) expect(paths, path).toContain(path);
  });

  it.each(BAD)("is refused at sign-up with %s, and nothing is stored", async (label, name, code) => {
    const email = `sign-up-${BAD.findIndex((bad) => bad[0] === label)}@example.com`;
    const response = await t.request("/sign-up/email", { body: { name, email, password: TEST_PASSWORD } });
    expect(await refusal(response)).toEqual([400, code]);
    expect(await nameOf(email)).toBeUndefined();
  });

  it.each(BAD)("is refused when changed to %s, and the name stays", async (label, name, code) => {
    const email = `update-${BAD.findIndex((bad) => bad[0] === label)}@example.com`;
    const cookie = await t.signUp(email, "Ann");
    expect(await refusal(await t.request("/update-user", { body: { name }, cookie }))).toEqual([400, code]);
    expect(await nameOf(email)).toBe("Ann");
  });

  it.each(BAD)("is refused in a magic-link sign-up with %s, and no link goes out", async (label, name, code) => {
    const email = `magic-${BAD.findIndex((bad) => bad[0] === label)}@example.com`;
    const response = await t.request("/sign-in/magic-link", { body: { email, name, callbackURL: "/dashboard" } });
    expect(await refusal(response)).toEqual([400, code]);
    expect(t.mail.sent.filter((mail) => mail.to === email)).toEqual([]);
  });

  it("is accepted up to the limit, with the accents, scripts and emoji people use", async () => {
    const names = ["C".repeat(NAME_MAX_LENGTH), "Zoë O'Brien-Łukasz", "李小龍", "Ana 👩🏽‍💻"];
    for (const [i, name] of names.entries()) {
      const cookie = await t.signUp(`fine-${i}@example.com`, name);
      expect(await nameOf(`fine-${i}@example.com`)).toBe(name);
      expect((await t.request("/update-user", { body: { name }, cookie })).status).toBe(200);
    }
  });
});

/** What a browser holding `cookie` would carry after reading its session (the signed cache included). */
async function cookieBytesAfterGetSession(cookie: string): Promise<number> {
  const answer = await t.request("/get-session?disableCookieCache=true", { cookie });
  return answer.headers.getSetCookie().reduce((bytes, line) => bytes + line.split(";")[0]!.length, 0);
}

describe("what update-user takes as JSON", () => {
  // Update-user accepts any JSON value for its fields: an array or an object was stored as its text,
  // whole, and the session cache then outgrew every request (431), as with a long string name.
  it.each([
    ["a name that is an array", { name: [HUGE] }, "NAME_INVALID"],
    ["a name that is an object", { name: { greeting: HUGE } }, "NAME_INVALID"],
    ["a 12,000-character picture", { image: HUGE }, "IMAGE_INVALID"],
    ["a picture that is an object", { image: { url: HUGE } }, "IMAGE_INVALID"],
    ["a picture with a line break", { image: "https://example.com/a.png\nmore" }, "IMAGE_INVALID"],
  ])("refuses %s, and the row and the cookies stay small", async (_label, body, code) => {
    const email = `json-${Object.keys(body)[0]}-${code.toLowerCase()}-${JSON.stringify(body).length}@example.com`;
    const cookie = await t.signUp(email, "Ann");
    expect(await refusal(await t.request("/update-user", { body, cookie }))).toEqual([400, code]);
    const [row] = await db.query<{ name: string; image: string | null }>(
      `select name, image from "user" where email = $1`,
      [email],
    );
    expect(row).toEqual({ name: "Ann", image: null });
    expect(await cookieBytesAfterGetSession(cookie)).toBeLessThan(4096);
  });

  it("refuses a sign-up with a picture over the limit, and stores nothing", async () => {
    const email = "sign-up-picture@example.com";
    const image = `https://example.com/${"p".repeat(IMAGE_MAX_LENGTH)}`;
    const response = await t.request("/sign-up/email", {
      body: { name: "Ann", email, password: TEST_PASSWORD, image },
    });
    expect(await refusal(response)).toEqual([400, "IMAGE_INVALID"]);
    expect(await nameOf(email)).toBeUndefined();
  });

  it("keeps a picture URL within the limit, and lets it be removed", async () => {
    const cookie = await t.signUp("picture-ok@example.com", "Ann");
    const image = `https://example.com/${"p".repeat(IMAGE_MAX_LENGTH - 20)}`;
    expect((await t.request("/update-user", { body: { image }, cookie })).status).toBe(200);
    expect((await t.request("/update-user", { body: { image: null }, cookie })).status).toBe(200);
  });
});

describe("a name from a provider", () => {
  it("is cleaned, not refused: the sign-in works and a name within the rules is stored", async () => {
    oidc.addAccount({
      sub: "long-name",
      email: "long-name@example.com",
      emailVerified: true,
      name: `Dear\r\ncustomer\u0007 ${"x".repeat(12_000)}`,
    });
    const start = await t.request("/sign-in/social", {
      body: { provider: "oidc", callbackURL: "/dashboard", errorCallbackURL: "/sign-in" },
    });
    const { url } = (await start.json()) as { url: string };
    const callback = await loginAtProvider(url, "long-name");
    const answer = await t.request(`/callback/oidc${callback.search}`, { cookie: cookiesFrom(start) });
    expect(answer.status).toBe(302);
    expect(new URL(answer.headers.get("location")!, TEST_BASE_URL).pathname).toBe("/dashboard");
    const stored = await nameOf("long-name@example.com");
    expect(stored).toMatch(/^Dear customer x+$/);
    expect(stored!.length).toBe(NAME_MAX_LENGTH);
  });
});
