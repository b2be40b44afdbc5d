import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  cleanName,
  NAME_MAX_LENGTH,
  nameRuleBroken,
  PASSWORD_ERRORS,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordLength,
  passwordLengthBroken,
  validateEmail,
  validateName,
  validateNewPassword,
} from "@/lib/shared/auth/validation";
import { readServerEnv } from "@/lib/shared/env";

const samples = [
  "name@example.com",
  "first.last+tag@sub.example.co",
  "o'brien@example.ie",
  "a@b",
  "a..b@example.com",
  ".a@example.com",
  "a@example",
  "a @example.com",
  "a@-example.com",
  "été@example.com",
  "a@example.c",
];

describe("email addresses", () => {
  it("the forms accept exactly what Better Auth's endpoints accept (zod's z.email())", () => {
    for (const sample of samples)
      expect(validateEmail(sample) === undefined, sample).toBe(z.email().safeParse(sample).success);
  });

  it("ADMIN_EMAILS follows the same rule", () => {
    const base = { NODE_ENV: "test", BETTER_AUTH_SECRET: "s".repeat(32) };
    for (const sample of samples) {
      let accepted = true;
      try {
        readServerEnv({ ...base, ADMIN_EMAILS: sample });
      } catch {
        accepted = false;
      }
      expect(accepted, sample).toBe(z.email().safeParse(sample.toLowerCase()).success);
    }
  });
});

describe("names", () => {
  it("the server's rule and the form's agree", () => {
    for (const name of ["Ann", "A".repeat(NAME_MAX_LENGTH + 1), "Ann\nBob", "Ann\u202eBob", "Zoë 李 👩🏽‍💻"]) {
      expect(validateName(name) === undefined, JSON.stringify(name)).toBe(nameRuleBroken(name) === undefined);
    }
  });

  it("cleans a provider's name into one the rule accepts, never splitting a character", () => {
    expect(cleanName("Dear\r\ncustomer\u0007 x")).toBe("Dear customer x");
    expect(cleanName(" \u202eAnn\t")).toBe("Ann");
    const astral = `${"a".repeat(NAME_MAX_LENGTH - 1)}😀`;
    expect(cleanName(astral)).toBe("a".repeat(NAME_MAX_LENGTH - 1));
    for (const name of ["x".repeat(12_000), `${"\n".repeat(50)}${"y".repeat(200)}`, astral]) {
      expect(nameRuleBroken(cleanName(name))).toBeUndefined();
    }
  });
});

describe("new passwords", () => {
  it("are counted as typed (code points) and refused in the form exactly where the server refuses them", () => {
    const cases: [string, number][] = [
      ["fourteen-chars", 14],
      ["fifteen-chars!!", 15],
      ["😀".repeat(8), 8],
      ["e\u0301".repeat(8), 16], // an accent typed as a combining mark is a character of its own
      ["海辺で".repeat(5), 15],
    ];
    for (const [password, length] of cases) {
      expect(passwordLength(password), password).toBe(length);
      const broken = passwordLengthBroken(password);
      expect(broken, password).toBe(length < PASSWORD_MIN_LENGTH ? "PASSWORD_TOO_SHORT" : undefined);
      expect(validateNewPassword(password), password).toBe(broken && PASSWORD_ERRORS[broken]);
    }
    expect(passwordLengthBroken("🔑".repeat(PASSWORD_MAX_LENGTH))).toBeUndefined();
    expect(passwordLengthBroken("🔑".repeat(PASSWORD_MAX_LENGTH + 1))).toBe("PASSWORD_TOO_LONG");
    expect(validateNewPassword("")).toBe("Choose a password.");
  });
});
