import { describe, expect, it } from "vitest";
import * as z from "zod";
import { validateEmail } from "@/lib/shared/auth/validation";
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
