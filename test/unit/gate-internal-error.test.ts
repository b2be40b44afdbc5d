/**
 * A fault inside the gate itself fails closed, and says so: 503, reported as
 * the "error" step, never as a fallback that did not run.
 */
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { gate } from "@/lib/gate";
import type { Transport } from "@/lib/gate/transport";
import { TEST_BASE_URL, TEST_SECRET, TOKEN } from "../support/constants";

beforeAll(() => {
  vi.stubEnv("BETTER_AUTH_SECRET", TEST_SECRET);
  vi.stubEnv("BETTER_AUTH_URL", TEST_BASE_URL);
});
afterAll(() => vi.unstubAllEnvs());

describe("an unexpected failure inside the gate", () => {
  it("answers 503 and reports the error step", async () => {
    const broken = {
      via: "service-binding",
      get fetch(): typeof fetch {
        throw new Error("binding vanished");
      },
    } as Transport;
    const response = await gate(
      new NextRequest(`${TEST_BASE_URL}/dashboard`, { headers: { cookie: `${TOKEN}=a.b` } }),
      {
        transport: broken,
      },
    );
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBeTruthy();
    expect(response.headers.get("server-timing")).toMatch(/^gate;desc="error"/);
  });
});
