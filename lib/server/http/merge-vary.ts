/**
 * Next.js 15 replaces the Vary header on App Router pages
 * (`res.setHeader('Vary', 'rsc, next-router-state-tree, …')`), dropping the
 * `Vary: Cookie` the gate puts on every session-dependent response. On the
 * Node server, make setting Vary merge with what is already there: Vary is a
 * list of request headers, so the union is always at least as correct as
 * either value alone. Applied once at server start (instrumentation).
 */
import { ServerResponse } from "node:http";

const MERGED = Symbol.for("edgegate.mergeVary");

function tokens(value: unknown): string[] {
  const text = Array.isArray(value) ? value.join(",") : value === undefined ? "" : String(value);
  return text
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
}

export function mergeVaryHeaders(): void {
  const proto = ServerResponse.prototype as ServerResponse & { [MERGED]?: true };
  if (proto[MERGED]) return;
  const setHeader = proto.setHeader;
  proto.setHeader = function (this: ServerResponse, name: string, value: number | string | readonly string[]) {
    if (name.toLowerCase() !== "vary") return setHeader.call(this, name, value);
    const merged: string[] = [];
    for (const token of [...tokens(this.getHeader("vary")), ...tokens(value)]) {
      if (!merged.some((t) => t.toLowerCase() === token.toLowerCase())) merged.push(token);
    }
    return setHeader.call(this, name, merged.join(", "));
  };
  proto[MERGED] = true;
}
