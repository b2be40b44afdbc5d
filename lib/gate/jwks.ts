/**
 * The access tokens' public keys, as the gate holds them: one cache per
 * isolate, filled from the auth handler's JWKS (GET /api/auth/jwks, through
 * the same transport as step 3) and refreshed
 *   - when it is older than MAX_AGE_MS (a key withdrawn from the JWKS stops
 *     verifying within that), and
 *   - when a token names a key id the cache does not have, at most once per
 *     REFETCH_INTERVAL_MS (a new key after rotation is seen at once; tokens
 *     with made-up key ids cannot make the gate fetch on every request).
 * One fetch at a time; a failed fetch throws (the gate answers 503, never a pass).
 *
 * Only keys of the one algorithm the server signs with are kept, each bound
 * to that algorithm: a token cannot choose how it is verified.
 */
import { importJWK } from "jose/key/import";
import { isObject, isText } from "./json";

export const ACCESS_TOKEN_ALGORITHM = "EdDSA";
const MAX_AGE_MS = 10 * 60_000;
const REFETCH_INTERVAL_MS = 60_000;
const MAX_KEYS = 20;
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;

export type KeyVerifier = CryptoKey | Uint8Array;

export class JwksUnavailableError extends Error {}

export class JwksCache {
  private keys = new Map<string, KeyVerifier>();
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * The verification key for `kid`, or null when there is none (after at most
   * one permitted refetch). `fetchJwks` is this request's way to the auth
   * handler (a Worker's binding belongs to the request).
   */
  async keyFor(kid: unknown, fetchJwks: () => Promise<unknown>): Promise<KeyVerifier | null> {
    if (!isText(kid) || !KEY_ID.test(kid)) return null;
    const age = this.now() - this.fetchedAt;
    if (age >= MAX_AGE_MS || (!this.keys.has(kid) && age >= REFETCH_INTERVAL_MS)) await this.refresh(fetchJwks);
    return this.keys.get(kid) ?? null;
  }

  private refresh(fetchJwks: () => Promise<unknown>): Promise<void> {
    this.inflight ??= this.load(fetchJwks).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async load(fetchJwks: () => Promise<unknown>): Promise<void> {
    let body: unknown;
    try {
      body = await fetchJwks();
    } catch (failure) {
      throw new JwksUnavailableError(`jwks: ${(failure as Error).message}`);
    }
    if (!isObject(body) || !Array.isArray(body.keys)) throw new JwksUnavailableError("jwks: malformed");
    const keys = new Map<string, KeyVerifier>();
    for (const jwk of body.keys.slice(0, MAX_KEYS)) {
      if (!isObject(jwk) || !isText(jwk.kid) || !KEY_ID.test(jwk.kid)) continue;
      if (jwk.alg !== ACCESS_TOKEN_ALGORITHM || jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || "d" in jwk) continue;
      keys.set(jwk.kid, await importJWK(jwk as Parameters<typeof importJWK>[0], ACCESS_TOKEN_ALGORITHM));
    }
    this.keys = keys;
    this.fetchedAt = this.now();
  }
}
