import { afterEach, describe, expect, it, vi } from "vitest";
import { CLIENT_IP_HEADER, resolveClientIp, setClientIp } from "@/lib/server/auth/client-ip";
import { FORWARDED_CLIENT_HEADER, signClientAddress, verifiedClientAddress } from "@/lib/shared/auth/forwarded-client";
import { hmacKey } from "@/lib/shared/hmac";

const key = hmacKey("unit-test-secret-0123456789-abcdefghijkl");

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

describe("resolveClientIp", () => {
  it("behind next start, takes the address the nearest proxy (or Next, from the socket) appended last", async () => {
    expect(await resolveClientIp(new Headers({ "x-forwarded-for": "203.0.113.7" }))).toBe("203.0.113.7");
    expect(await resolveClientIp(new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" }))).toBe("203.0.113.7");
    // Not trusted here: only Cloudflare sets this header.
    expect(
      await resolveClientIp(new Headers({ "x-forwarded-for": "203.0.113.7", "cf-connecting-ip": "6.6.6.6" })),
    ).toBe("203.0.113.7");
  });

  it("on Workers, takes cf-connecting-ip and ignores x-forwarded-for", async () => {
    vi.stubGlobal("navigator", { userAgent: "Cloudflare-Workers" });
    expect(
      await resolveClientIp(new Headers({ "cf-connecting-ip": "2001:db8::5", "x-forwarded-for": "6.6.6.6" })),
    ).toBe("2001:db8::5");
  });

  it("on Vercel, takes x-real-ip", async () => {
    vi.stubEnv("VERCEL", "1");
    expect(await resolveClientIp(new Headers({ "x-real-ip": "198.51.100.4", "x-forwarded-for": "6.6.6.6" }))).toBe(
      "198.51.100.4",
    );
  });

  it("without a usable address, gives each client its own private /64 instead of one shared bucket", async () => {
    const a = await resolveClientIp(new Headers({ "x-forwarded-for": "garbage", "user-agent": "Browser A" }));
    const b = await resolveClientIp(new Headers({ "user-agent": "Browser B" }));
    const again = await resolveClientIp(new Headers({ "user-agent": "Browser A" }));
    expect(a).toMatch(/^fd[0-9a-f]{2}:[0-9a-f]{1,4}:[0-9a-f]{1,4}:[0-9a-f]{1,4}::1$/);
    expect(a).toBe(again);
    expect(a.split(":").slice(0, 4)).not.toEqual(b.split(":").slice(0, 4));
  });
});

async function resolvedFrom(init: Record<string, string>): Promise<Headers> {
  const headers = new Headers(init);
  await setClientIp(headers, key);
  return headers;
}

describe("setClientIp", () => {
  it("overwrites a client-sent value", async () => {
    const headers = await resolvedFrom({ [CLIENT_IP_HEADER]: "1.1.1.1", "x-forwarded-for": "203.0.113.9" });
    expect(headers.get(CLIENT_IP_HEADER)).toBe("203.0.113.9");
  });
});

describe("the gate's signed client address", () => {
  const original = new Headers({ "x-forwarded-for": "198.51.100.23", "cf-connecting-ip": "198.51.100.23" });

  it("is used instead of the headers of the gate's own request (which carry the server's address)", async () => {
    const resolved = await resolvedFrom({
      [FORWARDED_CLIENT_HEADER]: signClientAddress(original, key),
      "x-forwarded-for": "198.51.100.23, 10.0.0.5",
    });
    expect(resolved.get(CLIENT_IP_HEADER)).toBe("198.51.100.23");
    expect(resolved.has(FORWARDED_CLIENT_HEADER)).toBe(false);
  });

  it("is ignored (and dropped) when forged, tampered with, signed with another secret or stale", async () => {
    const genuine = signClientAddress(original, key);
    const [payload, signature] = genuine.split(".");
    const forgedPayload = Buffer.from(JSON.stringify([Date.now(), "6.6.6.6", null, "6.6.6.6"])).toString("base64url");
    for (const value of [
      `${forgedPayload}.${signature}`,
      `${payload}.${"A".repeat(43)}`,
      signClientAddress(original, hmacKey("another-secret-0123456789-abcdefghijklmn")),
      signClientAddress(original, key, Date.now() - 60_000),
      "garbage",
    ]) {
      expect(verifiedClientAddress(value, key)).toBeNull();
      const resolved = await resolvedFrom({ [FORWARDED_CLIENT_HEADER]: value, "x-forwarded-for": "10.0.0.5" });
      expect(resolved.get(CLIENT_IP_HEADER)).toBe("10.0.0.5");
      expect(resolved.has(FORWARDED_CLIENT_HEADER)).toBe(false);
    }
  });
});
