/**
 * Step 2 on its own: the session cookie's signature and the signed cache,
 * checked against cookies minted here without a database.
 */
import { describe, expect, it } from "vitest";
import { checkSession } from "@/lib/gate/session-cache";
import { hmacKey } from "@/lib/shared/hmac";
import { CACHE, TEST_SECRET } from "../support/constants";
import { decodeCache, encodeCache, type MintedSession, mintCache, signTokenCookie } from "../support/cookie-tools";

const key = hmacKey(TEST_SECRET);
const config = { sessionDataName: CACHE, cacheMaxAge: 300 };
const now = Date.now();

function check(minted: MintedSession, options: { tokenCookie?: string; cache?: string; useCache?: boolean } = {}) {
  const token = minted.token ?? "tok";
  const cookies = new Map([[CACHE, options.cache ?? mintCache(minted, TEST_SECRET)]]);
  return checkSession(
    cookies,
    options.tokenCookie ?? signTokenCookie(token, TEST_SECRET),
    config,
    key,
    options.useCache ?? true,
    now,
  );
}

describe("step 2: the signed session cache", () => {
  it("admits a valid cache for this token, with the user's roles", () => {
    expect(check({ role: "admin,support" })).toEqual({
      token: "tok",
      identity: { userId: "user-1", roles: ["admin", "support"], organization: null },
    });
  });

  it("carries the active organization while its membership reading is younger than the cache window", () => {
    const organization = (checkedAt: number) => ({ slug: "acme", role: "admin", checkedAt });
    expect(check({ organization: organization(now - 299_000) }).identity?.organization).toEqual({
      slug: "acme",
      role: "admin",
    });
    // A cache signed now from a row read long ago (get-session re-signs the row as it is) does not
    // renew the membership: only a new reading does.
    expect(check({ organization: organization(now - 300_000) }).identity?.organization).toBeNull();
    expect(check({ organization: organization(now - 86_400_000) }).identity).toMatchObject({ organization: null });
  });

  it("refuses a token cookie that is not signed with the secret, and then reads no cache at all", () => {
    for (const tokenCookie of [
      signTokenCookie("tok", "another-secret-another-secret-0123"),
      "tok",
      "tok.",
      "tok.short=",
      "",
    ]) {
      expect(check({}, { tokenCookie })).toEqual({ token: null, identity: null });
    }
  });

  it.each<[string, MintedSession | (() => string)]>([
    ["a cache of another session (token mismatch)", () => mintCache({ token: "other" }, TEST_SECRET)],
    ["a cache signed with another secret", () => mintCache({}, "another-secret-another-secret-0123")],
    ["a cache whose own window has ended", { cacheExpiresAt: now - 1 }],
    ["a cache of a session that has expired", { sessionExpiresAt: now - 1 }],
    ["a banned user", { banned: true }],
    ["a banned user whose ban ends later", { banned: true, banExpires: new Date(now + 60_000).toISOString() }],
    ["an unknown cache version", { version: "2" }],
    [
      "a role edited after signing",
      () => {
        const envelope = decodeCache(mintCache({}, TEST_SECRET));
        envelope.session.user.role = "admin";
        return encodeCache(envelope);
      },
    ],
    ["a cache past the size any real one has", () => "A".repeat(20_000)],
    ["garbage", () => "%%%not-base64%%%"],
  ])("finds no identity in %s, so step 3 must ask", (_case, minted) => {
    const result = typeof minted === "function" ? check({}, { cache: minted() }) : check(minted);
    expect(result).toEqual({ token: "tok", identity: null });
  });

  it("admits a user whose ban has ended, as Better Auth does", () => {
    const result = check({ banned: true, banExpires: new Date(now - 1000).toISOString() });
    expect(result.identity?.userId).toBe("user-1");
  });

  it("reassembles a cache Better Auth split into chunks, and refuses more chunks than it ever writes", () => {
    const value = mintCache({}, TEST_SECRET);
    const token = signTokenCookie("tok", TEST_SECRET);
    const chunked = new Map([
      [`${CACHE}.0`, value.slice(0, 100)],
      [`${CACHE}.1`, value.slice(100)],
    ]);
    expect(checkSession(chunked, token, config, key, true, now).identity?.userId).toBe("user-1");
    const tooMany = new Map(
      Array.from({ length: 5 }, (_, i) => [`${CACHE}.${i}`, i === 0 ? value : ""] as [string, string]),
    );
    expect(checkSession(tooMany, token, config, key, true, now).identity).toBeNull();
  });

  it("does not read the cache at all on fresh pages", () => {
    expect(check({}, { useCache: false })).toEqual({ token: "tok", identity: null });
  });
});
