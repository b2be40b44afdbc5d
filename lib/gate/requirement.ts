/**
 * From a request path to what the gate must check. A path can be read in
 * several ways (raw, percent-decoded, with dot segments resolved, in another
 * case); the router might act on any of them, so the gate checks every
 * reading and merges their rules: the strictest reading always wins.
 */
import type { OrganizationPermission } from "@/lib/shared/auth/organization-access";
import { slugProblem } from "@/lib/shared/auth/organization-slug";
import { percentDecodings } from "@/lib/shared/percent-decoding";
import { type Access, DEFAULT_ACCESS, ROUTES, type RouteRule } from "./routes";

export interface OrganizationRequirement {
  /**
   * The organization every reading names, or null when the readings disagree
   * or the segment cannot be a slug: then no organization matches (404).
   */
  slug: string | null;
  /** Needed all together. */
  permissions: OrganizationPermission[];
}

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
  /** Some reading is an `org` route. */
  organization: OrganizationRequirement | null;
  /** Every protected reading accepts an access token (`Authorization: Bearer <jwt>`). */
  tokens: boolean;
  /** Every protected reading accepts an API key (`Authorization: Bearer eg_…` or `x-api-key`). */
  keys: boolean;
}

export class MalformedPathError extends Error {}

interface CompiledRule {
  rule: RouteRule;
  /** The pattern's segments, without a trailing `/**`. */
  wanted: string[];
  prefix: boolean;
  specificity: number;
}

function compile(rule: RouteRule): CompiledRule {
  const prefix = rule.pattern.endsWith("/**");
  const base = prefix ? rule.pattern.slice(0, -3) : rule.pattern;
  // Literal characters count, `*` does not: `/orgs/new` beats `/orgs/*/**`. An exact pattern
  // beats a prefix pattern with as many.
  const specificity = base.replaceAll("*", "").length * 2 + (prefix ? 0 : 1);
  return { rule, wanted: base.split("/"), prefix, specificity };
}

/** Each table compiled once (the gate runs on every request), not per request. */
const compiled = new WeakMap<readonly RouteRule[], CompiledRule[]>();

function compiledRules(routes: readonly RouteRule[]): CompiledRule[] {
  let rules = compiled.get(routes);
  if (!rules) {
    rules = routes.map(compile);
    compiled.set(routes, rules);
  }
  return rules;
}

/** Whether the rule matches the path's segments; the segment under `*`, if any, is the wildcard. */
function match({ wanted, prefix }: CompiledRule, segments: string[]): { wildcard?: string } | null {
  if (prefix ? segments.length < wanted.length : segments.length !== wanted.length) return null;
  let wildcard: string | undefined;
  for (let i = 0; i < wanted.length; i++) {
    if (wanted[i] === "*" && segments[i] !== "") wildcard = segments[i];
    else if (wanted[i] !== segments[i]) return null;
  }
  return { wildcard };
}

function accessFor(path: string, routes: readonly RouteRule[]): { access: Access; wildcard?: string } {
  const segments = path.split("/");
  let best: { rule: CompiledRule; wildcard?: string } | undefined;
  for (const rule of compiledRules(routes)) {
    if (best && rule.specificity <= best.rule.specificity) continue;
    const found = match(rule, segments);
    if (found) best = { rule, ...found };
  }
  return best ? { access: best.rule.rule.access, wildcard: best.wildcard } : { access: DEFAULT_ACCESS };
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
  const requirement: Requirement = {
    api: false,
    public: true,
    guest: false,
    session: false,
    fresh: false,
    roles: [],
    organization: null,
    tokens: true,
    keys: true,
  };
  const slugs = new Set<string | undefined>();
  const permissions = new Set<OrganizationPermission>();
  for (const reading of pathReadings(rawPathname)) {
    if (reading === "/api" || reading.startsWith("/api/")) requirement.api = true;
    const { access, wildcard } = accessFor(reading, routes);
    if (access.level === "public") continue;
    requirement.public = false;
    if (access.level === "guest") requirement.guest = true;
    else requirement.session = true;
    const credentials = ("credentials" in access && access.credentials) || [];
    if (!credentials.includes("token")) requirement.tokens = false;
    if (!credentials.includes("key")) requirement.keys = false;
    if (access.level === "fresh" || (access.level === "org" && access.fresh)) requirement.fresh = true;
    if (access.level === "role" && !requirement.roles.includes(access.role)) requirement.roles.push(access.role);
    if (access.level === "org") {
      slugs.add(wildcard);
      if (access.permission) permissions.add(access.permission);
    }
  }
  // A path that is a guest page under one reading and protected under another is protected.
  if (requirement.session) requirement.guest = false;
  if (requirement.public) {
    requirement.tokens = false;
    requirement.keys = false;
  }
  if (slugs.size > 0) {
    const [slug] = slugs;
    const one = slugs.size === 1 && slug !== undefined && slugProblem(slug) === null;
    requirement.organization = { slug: one ? slug : null, permissions: [...permissions] };
  }
  return requirement;
}
