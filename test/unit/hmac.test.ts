import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "@/lib/shared/base64url";
import { hmacKey, hmacMatches, hmacOf } from "@/lib/shared/hmac";

describe("HMAC-SHA-256", () => {
  it("matches RFC 4231 test case 2 and node:crypto", () => {
    const key = hmacKey("Jefe");
    expect(Buffer.from(hmacOf(key, "what do ya want for nothing?")).toString("hex")).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
    const secret = randomBytes(32).toString("base64");
    const message = "tok.é€\u0000";
    expect(Buffer.from(hmacOf(hmacKey(secret), message))).toEqual(
      createHmac("sha256", secret).update(message).digest(),
    );
  });

  it("keeps the prepared key clean between messages", () => {
    const key = hmacKey("reused-secret-reused-secret-0123456");
    expect(hmacOf(key, "a")).toEqual(hmacOf(key, "a"));
    expect(hmacOf(key, "a")).not.toEqual(hmacOf(key, "b"));
  });

  it("verifies a signature, and refuses another message, a flipped bit and a short signature", () => {
    const key = hmacKey("verify-secret-verify-secret-012345");
    const signature = hmacOf(key, "payload");
    expect(hmacMatches(key, signature, "payload")).toBe(true);
    expect(hmacMatches(key, signature, "payload2")).toBe(false);
    const flipped = Uint8Array.from(signature);
    flipped[31]! ^= 1;
    expect(hmacMatches(key, flipped, "payload")).toBe(false);
    expect(hmacMatches(key, signature.slice(0, 16), "payload")).toBe(false);
  });
});

describe("base64url", () => {
  it("round-trips any bytes as Node's base64url does, without padding", () => {
    for (const length of [0, 1, 2, 3, 31, 32, 33, 100]) {
      const bytes = randomBytes(length);
      const encoded = toBase64Url(bytes);
      expect(encoded).toBe(bytes.toString("base64url"));
      expect(Buffer.from(fromBase64Url(encoded)!)).toEqual(bytes);
    }
  });

  it("refuses text that is not base64url", () => {
    for (const value of ["a+b", "a/b", "ab==", "a b", "é"]) expect(fromBase64Url(value)).toBeNull();
  });
});
