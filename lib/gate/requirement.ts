/**
 * From a request path to what the gate must check. A path can be read in
 * several ways (raw, percent-decoded, with dot segments resolved, in another
 * case); the router might act on any of them, so the gate checks every
 * reading and merges their rules: the strictest reading always wins.
 */
import { percentDecodings } from "@/lib/shared/percent-decoding";
import { type Access, DEFAULT_ACCESS, ROUTES, type RouteRule } from "./routes";

export interface Requirement {
  /** Some reading of the path is under /api: answers are JSON, never redirects. */
  api: boolean;
  /** No rule reading asks for anything: the session is not looked at. */
  public: boolean;
  /** Signed-in visitors are redirected away (sign-in, sign-up). */
  guest: boolean;
  session: boolean;
  fresh: boolean;
  roles: string[];
}

export class MalformedPathError extends Error {}

function matches(pattern: string, path: string): boolean {
  if (pattern.endsWith("/**")) {
    const base = pattern.slice(0, -3);
    return path === base || path.startsWith(`${base}/`) || (base === "" && path.startsWith("/"));
  }
  return path === pattern;
}

function specificity(rule: RouteRule): number {
  // An exact pattern beats a prefix pattern of the same length.
  return rule.pattern.length * 2 + (rule.pattern.endsWith("/**") ? 0 : 1);
}

function accessFor(path: string, routes: readonly RouteRule[] = ROUTES): Access {
  let best: RouteRule | undefined;
  for (const rule of routes) {
    if (matches(rule.pattern, path) && (!best || specificity(rule) > specificity(best))) best = rule;
  }
  return best ? best.access : DEFAULT_ACCESS;
}

function canonical(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join("/")}`.toLowerCase();
}

/** Every way the path might be understood downstream. Throws MalformedPathError on bad or layered escapes. */
export function pathReadings(rawPathname: string): string[] {
  const forms = percentDecodings(rawPathname);
  if (!forms) throw new MalformedPathError(`malformed or layered percent-encoding in ${rawPathname}`);
  return [...new Set(forms.map(canonical))];
}

export function requirementFor(rawPathname: string, routes: readonly RouteRule[] = ROUTES): Requirement {
  const requirement: Requirement = { api: false, public: true, guest: false, session: false, fresh: false, roles: [] };
  for (const reading of pathReadings(rawPathname)) {
    if (reading === "/api" || reading.startsWith("/api/")) requirement.api = true;
    const access = accessFor(reading, routes);
    if (access.level === "public") continue;
    requirement.public = false;
    if (access.level === "guest") requirement.guest = true;
    else requirement.session = true;
    if (access.level === "fresh") requirement.fresh = true;
    if (access.level === "role" && !requirement.roles.includes(access.role)) requirement.roles.push(access.role);
  }
  // A path that is a guest page under one reading and protected under another is protected.
  if (requirement.session) requirement.guest = false;
  return requirement;
}
