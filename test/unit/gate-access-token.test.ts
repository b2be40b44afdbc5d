/**
 * The gate's access-token check on its own, with keys made here: every way a
 * token can be wrong (RFC 8725), and how often the key set is fetched.
 */
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyAccessToken } from "@/lib/gate/access-token";
import { JwksCache, JwksUnavailableError } from "@/lib/gate/jwks";

const ISSUER = "http://localhost:3000";
const AUDIENCE = `${ISSUER}/api`;
const now = () => Math.floor(Date.now() / 1000);

type Pair = Awaited<ReturnType<typeof generateKeyPair>>;
let signing: Pair;
let other: Pair;
let published: Record<string, unknown>[];

beforeAll(async () => {
  signing = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  other = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  published = [{ ...(await exportJWK(signing.publicKey)), kid: "key-1", alg: "EdDSA" }];
});

function source(keys: () => Record<string, unknown>[]) {
  let fetches = 0;
  let clock = Date.now();
  const cache = new JwksCache(() => clock);
  const fetchJwks = async () => {
    fetches++;
    return { keys: keys() };
  };
  return {
    check: { keys: cache, fetchJwks, issuer: ISSUER, audience: AUDIENCE },
    fetches: () => fetches,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

function token(
  claims: Record<string, unknown> = {},
  { key = signing.privateKey, kid = "key-1", typ }: { key?: CryptoKey; kid?: string; typ?: string } = {},
) {
  const payload = { sub: "user-1", iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 300, role: "user", ...claims };
  return new SignJWT(payload).setProtectedHeader({ alg: "EdDSA", kid, ...(typ && { typ }) }).sign(key);
}

describe("verifyAccessToken", () => {
  it("admits a token signed with a published key, with its roles and organization", async () => {
    const { check } = source(() => published);
    const holder = await verifyAccessToken(
      await token({ role: "admin", email: "a@example.com", org: { id: "o1", slug: "acme", role: "owner" } }),
      check,
    );
    expect(holder).toEqual({
      identity: { userId: "user-1", roles: ["admin"], organization: { slug: "acme", role: "owner" } },
      email: "a@example.com",
      organizationId: "o1",
    });
  });

  it("refuses a signature by another key under the same id", async () => {
    const { check } = source(() => published);
    expect(await verifyAccessToken(await token({}, { key: other.privateKey }), check)).toBeNull();
  });

  it("refuses expired, not-yet-valid, future-issued and too-old tokens, allowing 5 s of leeway", async () => {
    const { check } = source(() => published);
    expect(await verifyAccessToken(await token({ exp: now() - 3 }), check)).not.toBeNull();
    expect(await verifyAccessToken(await token({ exp: now() - 10 }), check)).toBeNull();
    expect(await verifyAccessToken(await token({ nbf: now() + 60 }), check)).toBeNull();
    expect(await verifyAccessToken(await token({ iat: now() + 60 }), check)).toBeNull();
    expect(await verifyAccessToken(await token({ iat: now() - 16 * 60, exp: now() + 60 }), check)).toBeNull();
  });

  it("refuses another issuer or audience, and another kind of JWT signed with the same keys", async () => {
    const { check } = source(() => published);
    expect(await verifyAccessToken(await token({ iss: "https://evil.example" }), check)).toBeNull();
    expect(await verifyAccessToken(await token({ aud: ISSUER }), check)).toBeNull();
    expect(await verifyAccessToken(await token({}, { typ: "better-auth.session-cache+jwt" }), check)).toBeNull();
    expect(await verifyAccessToken(await token({}, { typ: "JWT" }), check)).not.toBeNull();
  });

  it("never lets the token choose the algorithm: none, and HS256 keyed with the public key", async () => {
    const { check } = source(() => published);
    const valid = await token();
    const [, payload] = valid.split(".");
    const header = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    expect(await verifyAccessToken(`${header({ alg: "none", kid: "key-1" })}.${payload}.`, check)).toBeNull();
    const publicBytes = new TextEncoder().encode(JSON.stringify(published[0]));
    const hs256 = await new SignJWT({ role: "admin" })
      .setProtectedHeader({ alg: "HS256", kid: "key-1" })
      .setSubject("user-1")
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(publicBytes);
    expect(await verifyAccessToken(hs256, check)).toBeNull();
  });

  it("ignores published private keys and keys of other algorithms", async () => {
    const leaked = { ...(await exportJWK(other.privateKey)), kid: "key-2", alg: "EdDSA" };
    const { check } = source(() => [...published, leaked]);
    expect(await verifyAccessToken(await token({}, { key: other.privateKey, kid: "key-2" }), check)).toBeNull();
  });
});

describe("the key cache", () => {
  it("fetches once, refetches for a new key id at most once a minute, and ignores ids that cannot be one", async () => {
    let keys = published;
    const s = source(() => keys);
    expect(await verifyAccessToken(await token(), s.check)).not.toBeNull();
    expect(await verifyAccessToken(await token(), s.check)).not.toBeNull();
    expect(s.fetches()).toBe(1);
    s.advance(61_000);
    // Rotated: the new key is published, and the first token naming it fetches once.
    keys = [...published, { ...(await exportJWK(other.publicKey)), kid: "key-2", alg: "EdDSA" }];
    expect(await verifyAccessToken(await token({}, { key: other.privateKey, kid: "key-2" }), s.check)).not.toBeNull();
    expect(s.fetches()).toBe(2);
    // Made-up ids within the minute: no fetch.
    for (const kid of ["made-up-1", "made-up-2", "../../etc"])
      expect(await verifyAccessToken(await token({}, { kid }), s.check)).toBeNull();
    expect(s.fetches()).toBe(2);
    // After ten minutes the whole set is fetched again, so a withdrawn key stops verifying.
    keys = [keys[1]!];
    s.advance(10 * 60_000);
    expect(await verifyAccessToken(await token(), s.check)).toBeNull();
    expect(s.fetches()).toBe(3);
  });

  it("throws, rather than refusing, when the key set cannot be fetched", async () => {
    const fetchJwks = async () => {
      throw new Error("connection refused");
    };
    await expect(
      verifyAccessToken(await token(), { keys: new JwksCache(), fetchJwks, issuer: ISSUER, audience: AUDIENCE }),
    ).rejects.toBeInstanceOf(JwksUnavailableError);
  });
});
