import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER } from "@/lib/server/auth/client-ip";
import { handlerRequest } from "@/lib/server/auth/handler-request";
import { hmacKey } from "@/lib/shared/hmac";
import { CACHE, TOKEN } from "../support/constants";

const options = {
  key: hmacKey("unit-test-secret-0123456789-abcdefghijkl"),
  cookies: { sessionDataName: CACHE },
};
const cookie = `${TOKEN}=tok.sig; ${CACHE}=cache; ${CACHE}.0=chunk0; ${CACHE}.1=chunk1; theme=dark`;

function answer(path: string, init: RequestInit = {}): Promise<Request | Response> {
  const headers = new Headers(init.headers);
  headers.set("cookie", cookie);
  headers.set("x-forwarded-for", "203.0.113.9");
  return handlerRequest(new Request(`http://localhost:3000${path}`, { ...init, headers }), options);
}

async function prepared(path: string, init: RequestInit = {}): Promise<Request> {
  const request = await answer(path, init);
  if (request instanceof Response) throw new Error(`refused: ${await request.text()}`);
  return request;
}

describe("handlerRequest", () => {
  it("takes the session cache (whole and chunked) away from every endpoint but get-session", async () => {
    for (const path of [
      "/api/auth/update-user",
      "/api/auth/list-sessions",
      "/api/auth/admin/list-users",
      "/api/auth/passkey/anything",
    ]) {
      expect((await prepared(path)).headers.get("cookie"), path).toBe(`${TOKEN}=tok.sig; theme=dark`);
    }
  });

  it("leaves it to get-session, and only to its exact path", async () => {
    expect((await prepared("/api/auth/get-session")).headers.get("cookie")).toBe(cookie);
    for (const path of ["/api/auth/get-session/", "/api/auth/GET-SESSION", "/api/auth/get-session/../update-user"]) {
      expect((await prepared(path)).headers.get("cookie"), path).not.toContain("session_data");
    }
  });

  it("resolves the client address, replacing a client-sent value, and keeps the body", async () => {
    const request = await prepared("/api/auth/update-user", {
      method: "POST",
      headers: { [CLIENT_IP_HEADER]: "1.1.1.1", "content-type": "application/json" },
      body: JSON.stringify({ name: "Ann" }),
    });
    expect(request.headers.get(CLIENT_IP_HEADER)).toBe("203.0.113.9");
    expect(await request.json()).toEqual({ name: "Ann" });
  });

  it("hands on safe redirect targets as the app's rule reads them, in the query and in JSON and form bodies", async () => {
    const query = await prepared("/api/auth/verify-email?token=x&callbackURL=/a/../account");
    expect(new URL(query.url).searchParams.getAll("callbackURL")).toEqual(["/account"]);
    const json = await prepared("/api/auth/sign-in/social", {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": "999" },
      body: JSON.stringify({ provider: "oidc", callbackURL: "/a", errorCallbackURL: "/sign-in" }),
    });
    expect(await json.json()).toEqual({ provider: "oidc", callbackURL: "/a", errorCallbackURL: "/sign-in" });
  });

  it.each([
    ["a foreign target in the query", "/api/auth/verify-email?token=x&callbackURL=/.//evil.example", {}],
    ["one name twice", "/api/auth/verify-email?token=x&callbackURL=/ok&callbackURL=/ok", {}],
    [
      "a foreign or non-string target in JSON",
      "/api/auth/sign-in/social",
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ provider: "oidc", callbackURL: "/a", redirectTo: 3 }),
      },
    ],
    [
      "a foreign target in a form",
      "/api/auth/sign-up/email",
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "email=a%40b.c&newUserCallbackURL=https%3A%2F%2Fevil.example",
      },
    ],
  ])("refuses %s with 403 before Better Auth sees it", async (_label, path, init: RequestInit) => {
    const response = await answer(path, init);
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(403);
    expect(await (response as Response).json()).toMatchObject({ code: "INVALID_REDIRECT_TARGET" });
  });
});
