/**
 * The access tokens' public keys, as the gate holds them: one cache per
 * isolate, filled from the auth handler's JWKS (GET /api/auth/jwks, through
 * the same transport as step 3) and refreshed
 *   - when it is older than MAX_AGE_MS (a key withdrawn from the JWKS stops
 *     verifying within that), and
 *   - when a token names a key id the cache does not have, at most once per
 *     REFETCH_INTERVAL_MS (a new key after rotation is seen at once; tokens
 *     with made-up key ids cannot make the gate fetch on every request). An
 *     isolate that fetched within that interval before a rotation refuses
 *     the new key's tokens until it passes: up to 10 s, once a month.
 * One fetch at a time. A failed fetch is not retried for FAILURE_BACKOFF_MS
 * (an outage of the auth handler is not multiplied by the API's traffic);
 * meanwhile the keys in hand keep verifying for up to STALE_MS past their
 * age, and beyond that, or for a key not in hand, the gate answers 503,
 * never a pass.
 *
 * Only keys of the one algorithm the server signs with are kept, each bound
 * to that algorithm: a token cannot choose how it is verified.
 */
import { importJWK } from "jose/key/import";
import { isObject, isText } from "./json";

export const ACCESS_TOKEN_ALGORITHM = "EdDSA";
const MAX_AGE_MS = 10 * 60_000;
const REFETCH_INTERVAL_MS = 10_000;
const FAILURE_BACKOFF_MS = 5_000;
const STALE_MS = 5 * 60_000;
const MAX_KEYS = 20;
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;

export type KeyVerifier = CryptoKey | Uint8Array;

export class JwksUnavailableError extends Error {}

export class JwksCache {
  private keys = new Map<string, KeyVerifier>();
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private failedAt = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * The verification key for `kid`, or null when there is none (after at most
   * one permitted refetch). `fetchJwks` is this request's way to the auth
   * handler (a Worker's binding belongs to the request).
   */
  async keyFor(kid: unknown, fetchJwks: () => Promise<unknown>): Promise<KeyVerifier | null> {
    if (!isText(kid) || !KEY_ID.test(kid)) return null;
    const now = this.now();
    const age = now - this.fetchedAt;
    if (age < MAX_AGE_MS && (this.keys.has(kid) || age < REFETCH_INTERVAL_MS)) return this.keys.get(kid) ?? null;
    try {
      if (now - this.failedAt < FAILURE_BACKOFF_MS) throw new JwksUnavailableError("jwks: backing off after a failure");
      await this.refresh(fetchJwks);
    } catch (failure) {
      const inHand = this.keys.get(kid);
      if (inHand && age < MAX_AGE_MS + STALE_MS) return inHand;
      throw failure;
    }
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
      if (!isObject(body) || !Array.isArray(body.keys)) throw new Error("malformed");
    } catch (failure) {
      this.failedAt = this.now();
      throw new JwksUnavailableError(`jwks: ${(failure as Error).message}`);
    }
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
