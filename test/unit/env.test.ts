import { describe, expect, it } from "vitest";
import { readAuthEnv, readServerEnv } from "@/lib/shared/env";
import { configProblems, PRODUCTION_ENV, SECRET } from "../support/server-env";

describe("readServerEnv", () => {
  it("accepts a complete production configuration", () => {
    const env = readServerEnv(PRODUCTION_ENV);
    expect(env).toMatchObject({
      production: true,
      baseURL: "https://app.example.com",
      secret: SECRET,
      sessionCacheMaxAge: 300,
      gateFallbackTimeoutMs: 1500,
    });
  });

  it("names every missing variable in production at once", () => {
    const found = configProblems({ NODE_ENV: "production" });
    expect(found).toHaveLength(4);
    expect(found.join("\n")).toMatch(/no mail transport is set.*SMTP_URL.*RESEND_API_KEY/);
    expect(found.join("\n")).toMatch(/BETTER_AUTH_URL is not set/);
    expect(found.join("\n")).toMatch(/BETTER_AUTH_SECRET is not set/);
    expect(found.join("\n")).toMatch(/DATABASE_URL is not set/);
  });

  it("refuses a secret shorter than 32 characters, saying how long it is", () => {
    expect(configProblems({ ...PRODUCTION_ENV, BETTER_AUTH_SECRET: "x".repeat(31) })).toEqual([
      expect.stringMatching(/^BETTER_AUTH_SECRET is too short \(31 characters; at least 32 required\)/),
    ]);
  });

  it("requires a secret in development too, pointing at npm run dev", () => {
    expect(configProblems({ NODE_ENV: "development" })).toEqual([
      expect.stringMatching(/BETTER_AUTH_SECRET.*npm run dev/),
    ]);
  });

  it("allows http only on loopback in production", () => {
    expect(configProblems({ ...PRODUCTION_ENV, BETTER_AUTH_URL: "http://app.example.com" })).toEqual([
      expect.stringMatching(/must use https/),
    ]);
    expect(readServerEnv({ ...PRODUCTION_ENV, BETTER_AUTH_URL: "http://localhost:3000" }).baseURL).toBe(
      "http://localhost:3000",
    );
  });

  it("reduces BETTER_AUTH_URL to its origin and rejects non-URLs", () => {
    expect(readServerEnv({ ...PRODUCTION_ENV, BETTER_AUTH_URL: "https://app.example.com/some/path" }).baseURL).toBe(
      "https://app.example.com",
    );
    expect(configProblems({ ...PRODUCTION_ENV, BETTER_AUTH_URL: "app.example.com" })).toEqual([
      expect.stringMatching(/not a URL/),
    ]);
  });

  it("defaults the base URL to localhost on PORT in development, without a database", () => {
    const env = readServerEnv({ NODE_ENV: "development", BETTER_AUTH_SECRET: SECRET, PORT: "4000" });
    expect(env).toMatchObject({
      production: false,
      baseURL: "http://localhost:4000",
      databaseUrl: undefined,
      embeddedDataDir: ".data/pglite",
    });
  });

  it("parses ADMIN_EMAILS case-insensitively and rejects entries that are not emails", () => {
    const env = readServerEnv({ ...PRODUCTION_ENV, ADMIN_EMAILS: " Root@Example.com, ops@example.com ,," });
    expect([...env.adminEmails]).toEqual(["root@example.com", "ops@example.com"]);
    expect(configProblems({ ...PRODUCTION_ENV, ADMIN_EMAILS: "root@example.com, not-an-email" })).toEqual([
      expect.stringMatching(/ADMIN_EMAILS.*"not-an-email"/),
    ]);
  });

  it("validates numeric settings with their range", () => {
    expect(readServerEnv({ ...PRODUCTION_ENV, SESSION_CACHE_MAX_AGE: "60" }).sessionCacheMaxAge).toBe(60);
    expect(configProblems({ ...PRODUCTION_ENV, SESSION_CACHE_MAX_AGE: "5m" })).toEqual([
      expect.stringMatching(/SESSION_CACHE_MAX_AGE must be a whole number from 10 to 86400/),
    ]);
    expect(configProblems({ ...PRODUCTION_ENV, GATE_FALLBACK_TIMEOUT_MS: "0" })).toEqual([
      expect.stringMatching(/GATE_FALLBACK_TIMEOUT_MS/),
    ]);
  });

  it("reads REAUTH_MAX_AGE in seconds, 300 by default, from 10 to 86400", () => {
    expect(readServerEnv(PRODUCTION_ENV).reauthMaxAge).toBe(300);
    expect(readServerEnv({ ...PRODUCTION_ENV, REAUTH_MAX_AGE: "10" }).reauthMaxAge).toBe(10);
    expect(readServerEnv({ ...PRODUCTION_ENV, REAUTH_MAX_AGE: "86400" }).reauthMaxAge).toBe(86_400);
    for (const bad of ["9", "86401", "5m", "1.5", "-300"]) {
      expect(configProblems({ ...PRODUCTION_ENV, REAUTH_MAX_AGE: bad }), bad).toEqual([
        expect.stringMatching(/^REAUTH_MAX_AGE must be a whole number from 10 to 86400/),
      ]);
    }
  });

  it("rejects a DATABASE_URL that is not a postgres URL", () => {
    expect(configProblems({ ...PRODUCTION_ENV, DATABASE_URL: "mysql://x/y" })).toEqual([
      expect.stringMatching(/DATABASE_URL must be a postgres/),
    ]);
  });
});

describe("mail settings", () => {
  const { RESEND_API_KEY: _key, MAIL_FROM: _from, ...noTransport } = PRODUCTION_ENV;

  it("sends through Resend or SMTP, from MAIL_FROM, with verification required by default", () => {
    expect(readServerEnv(PRODUCTION_ENV).mail).toEqual({
      transport: { kind: "resend", apiKey: "re_test_0123456789", apiUrl: "https://api.resend.com" },
      from: "edgegate <no-reply@example.com>",
      emailVerification: true,
    });
    const smtp = { ...noTransport, SMTP_URL: "smtps://u:p@smtp.example.com:465", MAIL_FROM: "no-reply@example.com" };
    expect(readServerEnv(smtp).mail.transport).toEqual({ kind: "smtp", url: "smtps://u:p@smtp.example.com:465" });
  });

  it("refuses production without a transport while verification is required, and allows it when it is off", () => {
    expect(configProblems(noTransport)).toEqual([
      expect.stringMatching(/^no mail transport is set, and EMAIL_VERIFICATION is required/),
    ]);
    expect(readServerEnv({ ...noTransport, EMAIL_VERIFICATION: "off" }).mail).toMatchObject({
      transport: null,
      emailVerification: false,
    });
  });

  it("uses the development outbox beside the embedded database when nothing is configured", () => {
    const dev = { NODE_ENV: "development", BETTER_AUTH_SECRET: SECRET };
    expect(readServerEnv(dev).mail.transport).toEqual({ kind: "outbox", dir: ".data/outbox" });
    expect(readServerEnv({ ...dev, EMBEDDED_DB_DIR: "/tmp/app/db/" }).mail.transport).toEqual({
      kind: "outbox",
      dir: "/tmp/app/outbox",
    });
  });

  it.each([
    [{ SMTP_URL: "smtp://smtp.example.com" }, /SMTP_URL and RESEND_API_KEY are both set/],
    [{ RESEND_API_KEY: undefined, SMTP_URL: "mailto:x@example.com" }, /SMTP_URL must look like smtp:\/\//],
    [{ MAIL_FROM: undefined }, /MAIL_FROM is not set/],
    [{ MAIL_FROM: "edgegate <not an address>" }, /MAIL_FROM must be an address/],
    [{ RESEND_API_URL: "http://mail.example.com" }, /RESEND_API_URL must use https:\/\//],
    [{ EMAIL_VERIFICATION: "sometimes" }, /EMAIL_VERIFICATION must be one of "required", "off"/],
    [{ EMAIL_VERIFICATION: "off", ADMIN_EMAILS: "root@example.com" }, /ADMIN_EMAILS needs EMAIL_VERIFICATION=required/],
  ])("names the problem with %o", (change, message) => {
    expect(configProblems({ ...PRODUCTION_ENV, ...change })).toEqual([expect.stringMatching(message)]);
  });

  it("refuses SMTP inside a Worker, pointing at the HTTP transport", () => {
    const smtp = { ...noTransport, SMTP_URL: "smtp://smtp.example.com:587" };
    expect(configProblems(smtp, { workerd: true })).toEqual([
      expect.stringMatching(/a Worker cannot open SMTP connections: set RESEND_API_KEY/),
    ]);
  });
});

describe("readAuthEnv (what the edge gate reads)", () => {
  it("does not need the database settings", () => {
    const { DATABASE_URL: _omitted, ...withoutDatabase } = PRODUCTION_ENV;
    expect(readAuthEnv(withoutDatabase).secret).toBe(SECRET);
  });
});
