/**
 * What the gate's key cache (lib/gate/jwks.ts) takes from a key set: only
 * public Ed25519 keys marked EdDSA, by a well-formed kid. An entry of any
 * other kind under the kid a token names must not verify it, even when the
 * token's own header agrees with that entry (a symmetric key published by
 * mistake, another curve, another algorithm): the verifier's algorithm is
 * fixed, and so is the kind of key.
 */
import { exportJWK, generateKeyPair, generateSecret, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { verifyAccessToken } from "@/lib/gate/access-token";
import { JwksCache } from "@/lib/gate/jwks";

const ISSUER = "http://localhost:3000";
const AUDIENCE = `${ISSUER}/api`;

function check(keys: Record<string, unknown>[]) {
  let fetches = 0;
  const fetchJwks = async () => {
    fetches++;
    return { keys };
  };
  return { check: { keys: new JwksCache(), fetchJwks, issuer: ISSUER, audience: AUDIENCE }, fetches: () => fetches };
}

const sign = (key: CryptoKey | Uint8Array, header: { alg: string; kid: string }) =>
  new SignJWT({ role: "admin" })
    .setProtectedHeader(header)
    .setSubject("user-1")
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(key);

describe("key set entries the gate will not use", () => {
  it("a symmetric key, even labelled EdDSA, or published as HS256", async () => {
    const secret = (await generateSecret("HS256", { extractable: true })) as CryptoKey;
    const jwk = await exportJWK(secret);
    const raw = new Uint8Array(await crypto.subtle.exportKey("raw", secret));
    for (const entry of [
      { ...jwk, kid: "k", alg: "EdDSA" },
      { ...jwk, kid: "k", alg: "HS256" },
    ]) {
      const { check: c } = check([entry]);
      expect(await verifyAccessToken(await sign(raw, { alg: "HS256", kid: "k" }), c)).toBeNull();
    }
  });

  it("an ES256 key under the kid, with a token signed by it and saying ES256", async () => {
    const p256 = await generateKeyPair("ES256", { extractable: true });
    for (const alg of ["ES256", "EdDSA"]) {
      const { check: c } = check([{ ...(await exportJWK(p256.publicKey)), kid: "k", alg }]);
      expect(await verifyAccessToken(await sign(p256.privateKey, { alg: "ES256", kid: "k" }), c)).toBeNull();
    }
  });

  it("an Ed25519 key without alg EdDSA, and one whose kid cannot be a key id", async () => {
    const pair = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    const jwk = await exportJWK(pair.publicKey);
    // Control: the same key, properly published, verifies.
    const good = check([{ ...jwk, kid: "k", alg: "EdDSA" }]);
    expect(await verifyAccessToken(await sign(pair.privateKey, { alg: "EdDSA", kid: "k" }), good.check)).not.toBeNull();
    for (const entry of [
      { ...jwk, kid: "k" },
      { ...jwk, kid: "k", alg: "Ed25519" },
      { ...jwk, kid: "k", alg: "EdDSA", kty: "EC" },
    ]) {
      const { check: c } = check([entry]);
      expect(await verifyAccessToken(await sign(pair.privateKey, { alg: "EdDSA", kid: "k" }), c)).toBeNull();
    }
    const kid = "../k";
    const { check: c, fetches } = check([{ ...jwk, kid, alg: "EdDSA" }]);
    expect(await verifyAccessToken(await sign(pair.privateKey, { alg: "EdDSA", kid }), c)).toBeNull();
    expect(fetches()).toBe(0); // refused before any fetch
  });

  it("keys past the twentieth in the set", async () => {
    const pair = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    const jwk = { ...(await exportJWK(pair.publicKey)), alg: "EdDSA" };
    const keys = Array.from({ length: 21 }, (_, i) => ({ ...jwk, kid: `k${i}` }));
    const { check: c } = check(keys);
    expect(await verifyAccessToken(await sign(pair.privateKey, { alg: "EdDSA", kid: "k19" }), c)).not.toBeNull();
    expect(await verifyAccessToken(await sign(pair.privateKey, { alg: "EdDSA", kid: "k20" }), c)).toBeNull();
  });
});
