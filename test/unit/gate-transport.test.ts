import { afterEach, describe, expect, it, vi } from "vitest";
import { authTransport, SELF_BINDING } from "@/lib/gate/transport";

// Where OpenNext's Worker entry puts each request's context, which getCloudflareContext() reads.
const CONTEXT = Symbol.for("__cloudflare-context__");
const global = globalThis as unknown as Record<symbol, unknown>;

afterEach(() => {
  delete global[CONTEXT];
  vi.unstubAllGlobals();
});

const insideWorkerd = () => vi.stubGlobal("navigator", { userAgent: "Cloudflare-Workers" });

describe("authTransport", () => {
  it("uses global fetch outside a Worker", () => {
    expect(authTransport()).toEqual({ via: "fetch" });
  });

  it("uses the self-reference service binding inside an OpenNext Worker", async () => {
    insideWorkerd();
    const seen: string[] = [];
    global[CONTEXT] = {
      env: {
        [SELF_BINDING]: {
          fetch: async (input: RequestInfo) => {
            seen.push(String(input));
            return new Response("ok");
          },
        },
      },
    };
    const transport = authTransport();
    expect(transport.via).toBe("service-binding");
    await transport.fetch!("https://app.example.com/api/auth/get-session");
    expect(seen).toEqual(["https://app.example.com/api/auth/get-session"]);
  });

  it("falls back to fetch when the Worker has no such binding", () => {
    insideWorkerd();
    global[CONTEXT] = { env: {} };
    expect(authTransport().via).toBe("fetch");
  });
});
