import { describe, expect, it } from "vitest";
import { readServerEnv } from "@/lib/shared/env";
import { configProblems, PRODUCTION_ENV } from "../support/server-env";

const TEST_SECRET = "1x0000000000000000000000000000000AA";

describe("Turnstile's variables", () => {
  it("are off when neither key is set, and on with both, at Cloudflare's siteverify by default", () => {
    expect(readServerEnv(PRODUCTION_ENV).botDefence.turnstile).toBeNull();
    const env = readServerEnv({
      ...PRODUCTION_ENV,
      TURNSTILE_SITE_KEY: "0x4AAA-site",
      TURNSTILE_SECRET_KEY: "0x4AAA-secret",
    });
    expect(env.botDefence.turnstile).toEqual({
      siteKey: "0x4AAA-site",
      secretKey: "0x4AAA-secret",
      siteverifyUrl: "https://challenges.cloudflare.com/turnstile/v0/siteverify",
      testSecret: false,
    });
  });

  it("stop start-up naming the missing key when only one is set", () => {
    expect(configProblems({ ...PRODUCTION_ENV, TURNSTILE_SITE_KEY: "0x4AAA-site" })).toEqual([
      expect.stringMatching(/^TURNSTILE_SITE_KEY is set without TURNSTILE_SECRET_KEY/),
    ]);
    expect(configProblems({ ...PRODUCTION_ENV, TURNSTILE_SECRET_KEY: "0x4AAA-secret" })).toEqual([
      expect.stringMatching(/^TURNSTILE_SECRET_KEY is set without TURNSTILE_SITE_KEY/),
    ]);
  });

  it("refuse a test secret in production, except against a local siteverify (the tests' stand-in)", () => {
    const keys = { TURNSTILE_SITE_KEY: "1x00000000000000000000AA", TURNSTILE_SECRET_KEY: TEST_SECRET };
    expect(configProblems({ ...PRODUCTION_ENV, ...keys })).toEqual([
      expect.stringMatching(/^TURNSTILE_SECRET_KEY is one of Cloudflare's test secrets/),
    ]);
    expect(
      configProblems({ ...PRODUCTION_ENV, ...keys, TURNSTILE_SITEVERIFY_URL: "https://proxy.example.com/siteverify" }),
    ).toHaveLength(1);
    expect(
      configProblems({
        ...PRODUCTION_ENV,
        ...keys,
        TURNSTILE_SITEVERIFY_URL: "http://127.0.0.1:9/turnstile/v0/siteverify",
      }),
    ).toEqual([]);
    expect(configProblems({ ...keys, NODE_ENV: "development", BETTER_AUTH_SECRET: "d".repeat(40) })).toEqual([]);
  });

  it("refuse a siteverify URL that is not https (http only on loopback)", () => {
    expect(configProblems({ ...PRODUCTION_ENV, TURNSTILE_SITEVERIFY_URL: "http://siteverify.example.com/x" })).toEqual([
      expect.stringMatching(/^TURNSTILE_SITEVERIFY_URL must use https:\/\//),
    ]);
  });
});

describe("the breach check's variables", () => {
  it("are on by default, at the Pwned Passwords API, and off only when asked", () => {
    expect(readServerEnv(PRODUCTION_ENV).botDefence.breachCheck).toEqual({ url: "https://api.pwnedpasswords.com" });
    expect(readServerEnv({ ...PRODUCTION_ENV, PASSWORD_BREACH_CHECK: "off" }).botDefence.breachCheck).toBeNull();
    expect(
      readServerEnv({ ...PRODUCTION_ENV, PWNED_PASSWORDS_URL: "http://127.0.0.1:8123/" }).botDefence.breachCheck,
    ).toEqual({ url: "http://127.0.0.1:8123" });
    expect(configProblems({ ...PRODUCTION_ENV, PASSWORD_BREACH_CHECK: "yes" })).toEqual([
      expect.stringMatching(/^PASSWORD_BREACH_CHECK must be one of "on", "off"/),
    ]);
  });
});
