/** Which sign-in methods the configuration turns on, and which mistakes stop start-up. */
import { describe, expect, it } from "vitest";
import { readServerEnv } from "@/lib/shared/env";
import { configProblems, PRODUCTION_ENV } from "../support/server-env";

describe("sign-in methods from the environment", () => {
  it("turns on passwords and magic links by default, and no provider", () => {
    expect(readServerEnv(PRODUCTION_ENV).signIn).toEqual({ password: true, magicLink: true, providers: [] });
  });

  it("turns on each provider whose id and secret are set, labelling the OIDC one by OIDC_NAME", () => {
    const { signIn } = readServerEnv({
      ...PRODUCTION_ENV,
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
      // The issuer is kept exactly as written, trailing slash and all: discovery compares it as is.
      {
        id: "oidc",
        name: "Acme ID",
        clientId: "o-id",
        clientSecret: "o-secret",
        issuer: "https://id.example.com/realms/app/",
      },
    ]);
  });

  it("names the missing half of a provider's credentials", () => {
    expect(configProblems({ ...PRODUCTION_ENV, GITHUB_CLIENT_ID: "gh-id" })).toEqual([
      "GITHUB_CLIENT_ID is set without GITHUB_CLIENT_SECRET",
    ]);
    expect(configProblems({ ...PRODUCTION_ENV, GOOGLE_CLIENT_SECRET: "g-secret" })).toEqual([
      "GOOGLE_CLIENT_SECRET is set without GOOGLE_CLIENT_ID",
    ]);
  });

  it("names OIDC_ISSUER when it is missing or not a URL", () => {
    expect(configProblems({ ...PRODUCTION_ENV, OIDC_CLIENT_ID: "o", OIDC_CLIENT_SECRET: "s" })).toEqual([
      expect.stringMatching(/^OIDC_CLIENT_ID is set without OIDC_ISSUER/),
    ]);
    expect(
      configProblems({
        ...PRODUCTION_ENV,
        OIDC_ISSUER: "id.example.com",
        OIDC_CLIENT_ID: "o",
        OIDC_CLIENT_SECRET: "s",
      }),
    ).toEqual([expect.stringMatching(/^OIDC_ISSUER/)]);
    expect(configProblems({ ...PRODUCTION_ENV, OIDC_ISSUER: "https://id.example.com" })).toEqual([
      "OIDC_ISSUER is set without OIDC_CLIENT_ID and OIDC_CLIENT_SECRET",
    ]);
  });

  it("refuses an http issuer in PRODUCTION_ENV, except on loopback", () => {
    const oidc = { OIDC_CLIENT_ID: "o", OIDC_CLIENT_SECRET: "s" };
    expect(configProblems({ ...PRODUCTION_ENV, ...oidc, OIDC_ISSUER: "http://id.example.com" })).toEqual([
      expect.stringMatching(/^OIDC_ISSUER.*https/),
    ]);
    expect(configProblems({ ...PRODUCTION_ENV, ...oidc, OIDC_ISSUER: "http://localhost:9000" })).toEqual([]);
  });

  it("refuses an issuer with a query or fragment, which no issuer identifier has", () => {
    const oidc = { OIDC_CLIENT_ID: "o", OIDC_CLIENT_SECRET: "s" };
    for (const issuer of ["https://id.example.com/?tenant=a", "https://id.example.com/#a"]) {
      expect(configProblems({ ...PRODUCTION_ENV, ...oidc, OIDC_ISSUER: issuer })).toEqual([
        `OIDC_ISSUER must have no query or fragment (got "${issuer}")`,
      ]);
    }
  });

  it("turns passwords off with PASSWORD_SIGN_IN=off, and refuses a value it does not know", () => {
    expect(readServerEnv({ ...PRODUCTION_ENV, PASSWORD_SIGN_IN: "off" }).signIn.password).toBe(false);
    expect(configProblems({ ...PRODUCTION_ENV, PASSWORD_SIGN_IN: "no" })).toEqual([
      expect.stringMatching(/^PASSWORD_SIGN_IN/),
    ]);
  });

  it("offers magic links only with a mail transport", () => {
    const withoutMail = {
      ...PRODUCTION_ENV,
      RESEND_API_KEY: undefined,
      MAIL_FROM: undefined,
      EMAIL_VERIFICATION: "off",
    };
    expect(readServerEnv(withoutMail).signIn.magicLink).toBe(false);
    expect(readServerEnv({ ...PRODUCTION_ENV, MAGIC_LINK: "off" }).signIn.magicLink).toBe(false);
  });

  it("refuses a configuration in which nobody could create an account", () => {
    const noWay = {
      ...PRODUCTION_ENV,
      PASSWORD_SIGN_IN: "off",
      RESEND_API_KEY: undefined,
      MAIL_FROM: undefined,
      EMAIL_VERIFICATION: "off",
    };
    expect(configProblems(noWay)).toEqual([
      expect.stringMatching(/^PASSWORD_SIGN_IN=off leaves no way to create an account/),
    ]);
    expect(configProblems({ ...noWay, GITHUB_CLIENT_ID: "gh", GITHUB_CLIENT_SECRET: "s" })).toEqual([]);
  });
});
