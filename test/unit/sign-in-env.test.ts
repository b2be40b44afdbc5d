/** Which sign-in methods the configuration turns on, and which mistakes stop start-up. */
import { describe, expect, it } from "vitest";
import { ConfigError, readServerEnv } from "@/lib/shared/env";

const production = {
  NODE_ENV: "production",
  BETTER_AUTH_URL: "https://app.example.com",
  BETTER_AUTH_SECRET: "s".repeat(32),
  DATABASE_URL: "postgres://u:p@db.example.com/app",
  RESEND_API_KEY: "re_test_0123456789",
  MAIL_FROM: "edgegate <no-reply@example.com>",
};

function problems(source: Record<string, string | undefined>): string[] {
  try {
    readServerEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  return [];
}

describe("sign-in methods from the environment", () => {
  it("turns on passwords and magic links by default, and no provider", () => {
    expect(readServerEnv(production).signIn).toEqual({ password: true, magicLink: true, providers: [] });
  });

  it("turns on each provider whose id and secret are set, labelling the OIDC one by OIDC_NAME", () => {
    const { signIn } = readServerEnv({
      ...production,
      GITHUB_CLIENT_ID: "gh-id",
      GITHUB_CLIENT_SECRET: "gh-secret",
      GOOGLE_CLIENT_ID: "g-id",
      GOOGLE_CLIENT_SECRET: "g-secret",
      OIDC_ISSUER: "https://id.example.com/realms/app/",
      OIDC_CLIENT_ID: "o-id",
      OIDC_CLIENT_SECRET: "o-secret",
      OIDC_NAME: "Acme ID",
    });
    expect(signIn.providers).toEqual([
      { id: "github", name: "GitHub", clientId: "gh-id", clientSecret: "gh-secret" },
      { id: "google", name: "Google", clientId: "g-id", clientSecret: "g-secret" },
      // The issuer keeps its path; only the trailing slash goes (discovery appends /.well-known/…).
      {
        id: "oidc",
        name: "Acme ID",
        clientId: "o-id",
        clientSecret: "o-secret",
        issuer: "https://id.example.com/realms/app",
      },
    ]);
  });

  it("names the missing half of a provider's credentials", () => {
    expect(problems({ ...production, GITHUB_CLIENT_ID: "gh-id" })).toEqual([
      "GITHUB_CLIENT_ID is set without GITHUB_CLIENT_SECRET",
    ]);
    expect(problems({ ...production, GOOGLE_CLIENT_SECRET: "g-secret" })).toEqual([
      "GOOGLE_CLIENT_SECRET is set without GOOGLE_CLIENT_ID",
    ]);
  });

  it("names OIDC_ISSUER when it is missing or not a URL", () => {
    expect(problems({ ...production, OIDC_CLIENT_ID: "o", OIDC_CLIENT_SECRET: "s" })).toEqual([
      expect.stringMatching(/^OIDC_CLIENT_ID is set without OIDC_ISSUER/),
    ]);
    expect(
      problems({ ...production, OIDC_ISSUER: "id.example.com", OIDC_CLIENT_ID: "o", OIDC_CLIENT_SECRET: "s" }),
    ).toEqual([expect.stringMatching(/^OIDC_ISSUER/)]);
    expect(problems({ ...production, OIDC_ISSUER: "https://id.example.com" })).toEqual([
      "OIDC_ISSUER is set without OIDC_CLIENT_ID and OIDC_CLIENT_SECRET",
    ]);
  });

  it("refuses an http issuer in production, except on loopback", () => {
    const oidc = { OIDC_CLIENT_ID: "o", OIDC_CLIENT_SECRET: "s" };
    expect(problems({ ...production, ...oidc, OIDC_ISSUER: "http://id.example.com" })).toEqual([
      expect.stringMatching(/^OIDC_ISSUER.*https/),
    ]);
    expect(problems({ ...production, ...oidc, OIDC_ISSUER: "http://localhost:9000" })).toEqual([]);
  });

  it("turns passwords off with PASSWORD_SIGN_IN=off, and refuses a value it does not know", () => {
    expect(readServerEnv({ ...production, PASSWORD_SIGN_IN: "off" }).signIn.password).toBe(false);
    expect(problems({ ...production, PASSWORD_SIGN_IN: "no" })).toEqual([expect.stringMatching(/^PASSWORD_SIGN_IN/)]);
  });

  it("offers magic links only with a mail transport", () => {
    const withoutMail = { ...production, RESEND_API_KEY: undefined, MAIL_FROM: undefined, EMAIL_VERIFICATION: "off" };
    expect(readServerEnv(withoutMail).signIn.magicLink).toBe(false);
    expect(readServerEnv({ ...production, MAGIC_LINK: "off" }).signIn.magicLink).toBe(false);
  });

  it("refuses a configuration in which nobody could create an account", () => {
    const noWay = {
      ...production,
      PASSWORD_SIGN_IN: "off",
      RESEND_API_KEY: undefined,
      MAIL_FROM: undefined,
      EMAIL_VERIFICATION: "off",
    };
    expect(problems(noWay)).toEqual([
      expect.stringMatching(/^PASSWORD_SIGN_IN=off leaves no way to create an account/),
    ]);
    expect(problems({ ...noWay, GITHUB_CLIENT_ID: "gh", GITHUB_CLIENT_SECRET: "s" })).toEqual([]);
  });
});
