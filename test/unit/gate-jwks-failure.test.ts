/**
 * Once a hole (found in review): while GET /api/auth/jwks fails,
 * the gate's key cache (lib/gate/jwks.ts) fetches again on every request that
 * wants a refresh: made-up key ids (issue 19: "at most once a minute") and,
 * once the cache is 10 minutes old, every valid token too (each answered 503
 * although the keys are in hand). An outage of the auth handler's database is
 * so amplified one fetch per API request.
 */
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { verifyAccessToken } from "@/lib/gate/access-token";
import { JwksCache } from "@/lib/gate/jwks";

const ISSUER = "http://localhost:3000";
const AUDIENCE = `${ISSUER}/api`;

describe("the key cache while the key set cannot be fetched", () => {
  it("fetches for unknown kids at most once a minute, and at most once a minute in all", async () => {
    const pair = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    const keys = [{ ...(await exportJWK(pair.publicKey)), kid: "k", alg: "EdDSA" }];
    let clock = Date.now();
    let fetches = 0;
    let up = true;
    const fetchJwks = async () => {
      fetches++;
      if (!up) throw new Error("503 from the auth handler");
      return { keys };
    };
    const check = { keys: new JwksCache(() => clock), fetchJwks, issuer: ISSUER, audience: AUDIENCE };
    const token = (kid: string) =>
      new SignJWT({})
        .setProtectedHeader({ alg: "EdDSA", kid })
        .setSubject("u")
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(pair.privateKey);
    expect(await verifyAccessToken(await token("k"), check)).not.toBeNull();
    up = false;
    clock += 61_000;
    for (let i = 0; i < 10; i++) await verifyAccessToken(await token(`made-up-${i}`), check).catch(() => null);
    expect(fetches).toBeLessThanOrEqual(2);
    clock += 10 * 60_000;
    for (let i = 0; i < 10; i++) await verifyAccessToken(await token("k"), check).catch(() => null);
    expect(fetches).toBeLessThanOrEqual(3);
  });
});
