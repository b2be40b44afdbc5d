/**
 * Peers' ways of reading a session, reimplemented with `jose` and WebCrypto
 * for comparison in the same run (not their code):
 * - Auth.js: an encrypted JWT (JWE, dir + A256CBC-HS512) whose key is derived
 *   with HKDF from the secret on every call, decrypted per request (and, as
 *   Auth.js does to slide the session, re-encrypted).
 * - Clerk: a short-lived RS256 JWT verified with a public key.
 */
import {
  EncryptJWT,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWTPayload,
  jwtDecrypt,
  jwtVerify,
  SignJWT,
} from "jose";

const COOKIE = "authjs.session-token";

async function hkdfKey(secret: string, salt: string): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), "HKDF", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits(
    {
      name: "HKDF",
      hash: "SHA-256",
      salt: new TextEncoder().encode(salt),
      info: new TextEncoder().encode(`Auth.js Generated Encryption Key (${salt})`),
    },
    material,
    512,
  );
  return new Uint8Array(bits);
}

export async function authjsEncode(payload: JWTPayload, secret: string): Promise<string> {
  const key = await hkdfKey(secret, COOKIE);
  return new EncryptJWT(payload)
    .setProtectedHeader({ alg: "dir", enc: "A256CBC-HS512" })
    .setIssuedAt()
    .setExpirationTime("30d")
    .encrypt(key);
}

export async function authjsDecode(token: string, secret: string): Promise<JWTPayload> {
  const { payload } = await jwtDecrypt(token, () => hkdfKey(secret, COOKIE), {
    clockTolerance: 15,
    keyManagementAlgorithms: ["dir"],
    contentEncryptionAlgorithms: ["A256CBC-HS512", "A256GCM"],
  });
  return payload;
}

export async function clerkStyle(payload: JWTPayload) {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const verifyKey = await importJWK(await exportJWK(publicKey), "RS256");
  const token = await new SignJWT(payload)
    .setProtectedHeader({ alg: "RS256" })
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(privateKey);
  return { token, verify: () => jwtVerify(token, verifyKey, { algorithms: ["RS256"] }) };
}
