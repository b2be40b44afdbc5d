/**
 * lib/server/http/merge-vary.ts on a real Node HTTP server: the App Router's
 * own `Vary` (which Next sets last, replacing the gate's) keeps what was
 * there, and only that one: any other Vary set in the process replaces, as
 * Node's setHeader does. The e2e gate test checks `Vary: Cookie` on pages
 * under `next start`.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  NEXT_ROUTER_PREFETCH_HEADER,
  NEXT_ROUTER_SEGMENT_PREFETCH_HEADER,
  NEXT_ROUTER_STATE_TREE_HEADER,
  NEXT_URL,
  RSC_HEADER,
} from "next/dist/client/components/app-router-headers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mergeVaryHeaders } from "@/lib/server/http/merge-vary";

/** What Next's page handler sets (route-modules/app-page/module.js getVaryHeader). */
const APP_ROUTER_VARY = `${RSC_HEADER}, ${NEXT_ROUTER_STATE_TREE_HEADER}, ${NEXT_ROUTER_PREFETCH_HEADER}, ${NEXT_ROUTER_SEGMENT_PREFETCH_HEADER}`;

/** Each path sets these Vary values in turn, as the request's handlers would. */
const SEQUENCES: Record<string, string[]> = {
  "/page": ["Cookie", APP_ROUTER_VARY],
  "/intercepted-page": ["Cookie", `${APP_ROUTER_VARY}, ${NEXT_URL}`],
  "/page-twice": ["Cookie", APP_ROUTER_VARY, APP_ROUTER_VARY],
  "/other": ["Cookie", "Accept-Encoding"],
  "/other-then-page": ["Accept-Language", APP_ROUTER_VARY],
};

let base = "";
const server = createServer((request, response: ServerResponse) => {
  for (const value of SEQUENCES[request.url!] ?? []) response.setHeader("Vary", value);
  response.end();
});

beforeAll(async () => {
  mergeVaryHeaders();
  mergeVaryHeaders(); // applied once, however often start-up runs
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

const varyOf = async (path: string) => (await fetch(`${base}${path}`)).headers.get("vary");

describe("Vary on a Node server with the merge applied", () => {
  it("keeps the gate's Cookie when the App Router sets its own", async () => {
    expect(await varyOf("/page")).toBe(`Cookie, ${APP_ROUTER_VARY}`);
    expect(await varyOf("/intercepted-page")).toBe(`Cookie, ${APP_ROUTER_VARY}, ${NEXT_URL}`);
    expect(await varyOf("/page-twice")).toBe(`Cookie, ${APP_ROUTER_VARY}`);
    expect(await varyOf("/other-then-page")).toBe(`Accept-Language, ${APP_ROUTER_VARY}`);
  });

  it("leaves every other Vary replacing what was there", async () => {
    expect(await varyOf("/other")).toBe("Accept-Encoding");
  });
});
