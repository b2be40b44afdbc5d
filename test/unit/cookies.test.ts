import { describe, expect, it } from "vitest";
import { cookieConfig } from "@/lib/shared/auth/cookies";

describe("cookieConfig", () => {
  it("uses __Secure- names and the Secure flag for an https base URL, whatever NODE_ENV says", () => {
    const config = cookieConfig({ baseURL: "https://app.example.com", sessionCacheMaxAge: 300 });
    expect(config).toMatchObject({
      secure: true,
      sessionTokenName: "__Secure-edgegate.session_token",
      sessionDataName: "__Secure-edgegate.session_data",
      strategy: "compact",
      cacheMaxAge: 300,
    });
  });

  it("uses plain names for an http base URL (local next start, the workerd preview)", () => {
    const config = cookieConfig({ baseURL: "http://localhost:3000", sessionCacheMaxAge: 60 });
    expect(config).toMatchObject({
      secure: false,
      sessionTokenName: "edgegate.session_token",
      sessionDataName: "edgegate.session_data",
      cacheMaxAge: 60,
    });
  });
});
