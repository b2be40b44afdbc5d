/**
 * Keeps the gate's `Vary: Cookie` on App Router pages under `next start`.
 *
 * Next.js's page handler ends with `res.setHeader('Vary', 'rsc,
 * next-router-state-tree, …')` (16.4: build/templates/app-page-runtime.js; 15.5
 * had it in app-page.js), which replaces every Vary set before it: the
 * middleware's (the gate's), a `headers()` entry in next.config.ts, anything else. Nothing local can come after it: a page
 * has no response to write to, middleware and config headers are applied
 * before the page handler runs, and `next start` offers no hook on its
 * responses. Upstream: vercel/next.js#85999 (open; fixes proposed in #91039,
 * #92058, #98104). So this is the one place that needs Node's ServerResponse,
 * and it changes only that one call: when the value set is the App Router's
 * own (it starts with the RSC header), it is merged with what is already
 * there, since Vary is a list of request headers and the union is at least as
 * correct as either value alone. Every other Vary set anywhere in the process
 * replaces as Node's setHeader does. Applied once at server start
 * (instrumentation); Workers keep the gate's Vary without it (docs/cloudflare.md).
 * Remove it when Next merges Vary itself (the e2e gate test checks Vary: Cookie).
 */
import { ServerResponse } from "node:http";
import { RSC_HEADER } from "next/dist/client/components/app-router-headers";

const MERGED = Symbol.for("edgegate.mergeVary");

function tokens(value: unknown): string[] {
  const text = Array.isArray(value) ? value.join(",") : value === undefined ? "" : String(value);
  return text
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
}

/** The Vary the App Router's page handler sets: its own request headers, RSC first. */
const isAppRouterVary = (value: unknown) => tokens(value)[0]?.toLowerCase() === RSC_HEADER;

export function mergeVaryHeaders(): void {
  const proto = ServerResponse.prototype as ServerResponse & { [MERGED]?: true };
  if (proto[MERGED]) return;
  const setHeader = proto.setHeader;
  proto.setHeader = function (this: ServerResponse, name: string, value: number | string | readonly string[]) {
    if (name.toLowerCase() !== "vary" || !isAppRouterVary(value)) return setHeader.call(this, name, value);
    const merged: string[] = [];
    for (const token of [...tokens(this.getHeader("vary")), ...tokens(value)]) {
      if (!merged.some((t) => t.toLowerCase() === token.toLowerCase())) merged.push(token);
    }
    return setHeader.call(this, name, merged.join(", "));
  };
  proto[MERGED] = true;
}
