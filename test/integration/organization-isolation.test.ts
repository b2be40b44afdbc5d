/**
 * Isolation between organizations, on every /organization/* endpoint the
 * instance has (read from auth.api, so an endpoint added later is tried too):
 * a member of B aims each at A's id, slug, active organization, members and
 * invitations, and gets exactly the answer an unknown organization gets,
 * with nothing changed; so do a removed member and, for what needs the role,
 * a demoted admin; a revoked session gets what a signed-out visitor gets
 * (401, nearly everywhere). Each probe is first shown to reach the rule: a
 * member of the organization aimed at is not refused so.
 */

import { beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { CONFIRM_SLUG_HEADER } from "@/lib/server/auth/organization-policy";
import { createTestAuth, type TestAuth } from "../support/auth-instance";
import { CACHE, TEST_BASE_URL, TOKEN } from "../support/constants";
import { parseCookieHeader } from "../support/cookie-tools";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { type Organization, organizationFixtures, type Person } from "../support/organizations";

let db: TestDatabase;
let t: TestAuth;
let f: ReturnType<typeof organizationFixtures>;

/** What a request can aim at. */
interface Target {
  organizationId: string;
  slug: string;
  invitationId: string;
  memberId: string;
  userId: string;
}

const UNKNOWN: Target = {
  organizationId: "no-such-organization-id",
  slug: "no-such-organization",
  invitationId: "no-such-invitation-id",
  memberId: "no-such-member-id",
  userId: "no-such-user-id",
};

/** Endpoints that aim at no organization by id, slug or active organization; each has its own expectation below. */
const INVITEE_ENDPOINTS = [
  "/organization/accept-invitation",
  "/organization/reject-invitation",
  "/organization/get-invitation",
];
const OWN_ENDPOINTS = ["/organization/create", "/organization/list", "/organization/list-user-invitations"];
/** Those that need a permission members lack (owner or admin). */
const ADMIN_ENDPOINTS = [
  "/organization/update",
  "/organization/delete",
  "/organization/invite-member",
  "/organization/cancel-invitation",
  "/organization/list-invitations",
  "/organization/remove-member",
  "/organization/update-member-role",
];

interface Endpoint {
  path: string;
  method: string;
  /** The input's property names (body for POST, query for GET). */
  fields: string[];
}

type JsonSchema = { properties?: object; allOf?: JsonSchema[]; anyOf?: JsonSchema[]; oneOf?: JsonSchema[] };

/** Every property an input may have, through intersections and unions (has-permission's body is one). */
function propertiesOf(schema: JsonSchema): string[] {
  const nested = [...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  return [...Object.keys(schema.properties ?? {}), ...nested.flatMap(propertiesOf)];
}

function organizationEndpoints(api: Record<string, unknown>): Endpoint[] {
  const found: Endpoint[] = [];
  for (const endpoint of Object.values(api) as {
    path?: string;
    options?: { method?: string | string[]; body?: z.ZodType; query?: z.ZodType; metadata?: { SERVER_ONLY?: boolean } };
  }[]) {
    if (!endpoint.path?.startsWith("/organization/") || endpoint.options?.metadata?.SERVER_ONLY) continue;
    const method = [endpoint.options?.method ?? "GET"].flat()[0]!;
    const schema = method === "GET" ? endpoint.options?.query : endpoint.options?.body;
    const json = schema ? (z.toJSONSchema(schema, { unrepresentable: "any", io: "input" }) as JsonSchema) : {};
    found.push({ path: endpoint.path, method, fields: [...new Set(propertiesOf(json))] });
  }
  return found;
}

/** How a request names its organization: by id, by slug, or not at all (the session's active one). */
type Naming = "id" | "slug" | "active";

function input(endpoint: Endpoint, target: Target, naming: Naming): Record<string, unknown> {
  const values: Record<string, unknown> = {
    organizationId: naming === "id" ? target.organizationId : undefined,
    organizationSlug: naming === "slug" ? target.slug : undefined,
    invitationId: target.invitationId,
    id: target.invitationId,
    memberId: target.memberId,
    memberIdOrEmail: target.memberId,
    userId: target.userId,
    // A query's email is for server calls only (list-user-invitations refuses it over HTTP).
    email: endpoint.method === "GET" ? undefined : "someone-new@example.com",
    role: "member",
    resend: false,
    data: { name: "Taken over" },
    permissions: { member: ["delete"] },
    name: "Taken over",
    slug: target.slug,
  };
  return Object.fromEntries(
    endpoint.fields.filter((field) => values[field] !== undefined).map((field) => [field, values[field]]),
  );
}

/** The namings an endpoint can take (the active organization always). */
const namingsOf = (endpoint: Endpoint): Naming[] => [
  ...(endpoint.fields.includes("organizationId") ? (["id"] as const) : []),
  ...(endpoint.fields.includes("organizationSlug") ? (["slug"] as const) : []),
  "active",
];

async function send(endpoint: Endpoint, who: Person, target: Target, naming: Naming, confirm = true) {
  // The session's active organization is what "active" aims with (for the others, it is the caller's own).
  // (Not for the gate's fallback: it reads only the slug, and answers with the caller's own session.)
  if (naming === "active" && !SELF_CHECKED.includes(endpoint.path))
    await db.query(`update session set active_organization_id = $1 where user_id = $2`, [
      target.organizationId,
      who.id,
    ]);
  const values = input(endpoint, target, naming);
  const get = endpoint.method === "GET";
  const query = get ? `?${new URLSearchParams(Object.entries(values).map(([k, v]) => [k, String(v)]))}` : "";
  const response = await t.handle(
    new Request(`${TEST_BASE_URL}/api/auth${endpoint.path}${query}`, {
      method: endpoint.method,
      headers: {
        origin: TEST_BASE_URL,
        cookie: who.cookie,
        "x-forwarded-for": "10.0.0.1",
        // So that deleting reaches its other checks when the slug is right.
        ...(confirm ? { [CONFIRM_SLUG_HEADER]: target.slug } : {}),
        ...(get ? {} : { "content-type": "application/json" }),
      },
      body: get ? undefined : JSON.stringify(values),
    }),
  );
  const text = await response.text();
  // Disabled paths answer a plain "Not Found"; a 401 may have no body.
  const json = text && response.headers.get("content-type")?.includes("json");
  return { status: response.status, body: json ? JSON.parse(text) : text };
}

let endpoints: Endpoint[];
let owner: Person;
let a: Organization;
let aTarget: Target;

/** A fresh organization with an owner, a member and a pending invitation, as a target. */
async function populated(prefix: string, people?: { owner: Person; member: Person }) {
  const who = people?.owner ?? (await f.person(`${prefix}-owner`));
  const org = await f.organization(who, prefix);
  const member = people?.member ?? (await f.person(`${prefix}-member`));
  const memberId = await f.join(org, member, "member");
  const invited = await f.invite(org, who, `${f.unique(`${prefix}-invitee`)}@example.com`, "admin");
  const { id: invitationId } = (await invited.json()) as { id: string };
  const target: Target = { organizationId: org.id, slug: org.slug, invitationId, memberId, userId: member.id };
  return { owner: who, org, target };
}

beforeAll(async () => {
  db = await createTestDatabase();
  t = createTestAuth(db.url);
  f = organizationFixtures(t, db);
  endpoints = organizationEndpoints(t.auth.api);
  ({ owner, org: a, target: aTarget } = await populated("a"));
}, 60_000);

/**
 * Endpoints that check the membership themselves and answer with the caller's own session (the gate's
 * fallback, lib/server/auth/organization-gate.ts on the lead's branch): asked only not to let them in.
 */
const SELF_CHECKED = ["/organization/gate"];

/** What a signed-out caller gets when it is not 401: check-slug is off (404 before any session is read),
 * list-user-invitations asks for a session (400), the gate's fallback answers "no session" as data. */
const SIGNED_OUT_NOT_401 = ["/organization/check-slug", "/organization/list-user-invitations", "/organization/gate"];

const scoped = (endpoint: Endpoint) =>
  !INVITEE_ENDPOINTS.includes(endpoint.path) && !OWN_ENDPOINTS.includes(endpoint.path);

/** Every probe answers the same for A as for nothing at all; none is a way in. */
async function expectNothingOf(who: Person) {
  for (const endpoint of endpoints.filter(scoped)) {
    for (const naming of namingsOf(endpoint)) {
      const what = `${endpoint.method} ${endpoint.path} by ${naming}`;
      const unknown = await send(endpoint, who, UNKNOWN, naming);
      const answer = await send(endpoint, who, aTarget, naming);
      if (SELF_CHECKED.includes(endpoint.path)) {
        // It answers with the caller's own session (which the probes above may have pointed at A's id):
        // it must not make A the active organization, whose slug and role the gate would trust.
        expect((answer.body as { session?: Record<string, unknown> } | null)?.session ?? {}, what).not.toMatchObject({
          activeOrganizationSlug: aTarget.slug,
        });
        continue;
      }
      expect(answer, what).toEqual(unknown);
      // Unknown and not-a-member both 404 (the disabled check-slug 404s for everyone).
      expect(answer.status, what).toBe(404);
    }
  }
}

describe("the probes", () => {
  it("cover every organization endpoint, and reach the membership rule", async () => {
    expect(endpoints.length).toBeGreaterThanOrEqual(20);
    for (const path of [...INVITEE_ENDPOINTS, ...OWN_ENDPOINTS, ...ADMIN_ENDPOINTS])
      expect(endpoints.map((e) => e.path)).toContain(path);
    // One owner and member for every control organization (signing people up is what takes time).
    const controlPeople = { owner: await f.person("control-owner"), member: await f.person("control-member") };
    for (const endpoint of endpoints.filter(scoped)) {
      if (endpoint.path === "/organization/check-slug") continue; // switched off for everyone
      // A member of the organization aimed at (its owner) is not answered "not found". (Without the
      // slug confirmed, so that the organization outlives the probes: deleting is refused for that.)
      const own = await populated("control", controlPeople);
      for (const naming of namingsOf(endpoint)) {
        const answer = await send(endpoint, own.owner, own.target, naming, false);
        expect(answer.body?.code, `${endpoint.method} ${endpoint.path} by ${naming}`).not.toBe(
          "ORGANIZATION_NOT_FOUND",
        );
        expect(answer.status, `${endpoint.method} ${endpoint.path} by ${naming}`).not.toBe(401);
      }
    }
  }, 180_000);
});

describe("a member of another organization", () => {
  it("gets from every endpoint aimed at A what an unknown organization gets, and changes nothing", async () => {
    const before = await f.snapshot(a);
    const intruder = await f.person("intruder");
    await f.organization(intruder, "b");
    await expectNothingOf(intruder);
    expect(await f.snapshot(a)).toEqual(before);
  }, 180_000);

  it("cannot answer A's invitation to someone else, nor see it among its own", async () => {
    const before = await f.snapshot(a);
    const intruder = await f.person("intruder");
    for (const path of INVITEE_ENDPOINTS) {
      const endpoint = endpoints.find((e) => e.path === path)!;
      const answer = await send(endpoint, intruder, aTarget, "active");
      expect(answer.status, path).toBe(403);
      expect(answer.body.code, path).toBe("YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION");
    }
    const own = await t.request("/organization/list-user-invitations", { cookie: intruder.cookie });
    expect(JSON.stringify(await own.json())).not.toContain(aTarget.invitationId);
    const listed = await t.request("/organization/list", { cookie: intruder.cookie });
    expect(JSON.stringify(await listed.json())).not.toContain(a.id);
    expect(await f.snapshot(a)).toEqual(before);
  });
});

describe("revocation inside an organization", () => {
  it("a removed member is refused at once by every endpoint, whichever way it names the organization", async () => {
    const removed = await f.person("removed");
    const memberId = await f.join(a, removed, "admin");
    const active = await t.request("/organization/set-active", {
      body: { organizationId: a.id },
      cookie: removed.cookie,
    });
    expect(active.status).toBe(200);
    const gone = await t.request("/organization/remove-member", {
      body: { organizationId: a.id, memberIdOrEmail: memberId },
      cookie: owner.cookie,
    });
    expect(gone.status).toBe(200);
    const before = await f.snapshot(a);
    await expectNothingOf(removed);
    expect(await f.snapshot(a)).toEqual(before);
  }, 180_000);

  it("a demoted admin is refused at once what needs the role", async () => {
    const demoted = await f.person("demoted");
    const memberId = await f.join(a, demoted, "admin");
    const changed = await t.request("/organization/update-member-role", {
      body: { organizationId: a.id, memberId, role: "member" },
      cookie: owner.cookie,
    });
    expect(changed.status).toBe(200);
    const before = await f.snapshot(a);
    for (const path of ADMIN_ENDPOINTS) {
      const endpoint = endpoints.find((e) => e.path === path)!;
      const answer = await send(endpoint, demoted, aTarget, "id");
      // The plugin refuses removing a member with 401, the rest with 403: either way, refused.
      expect([401, 403], `${path} ${JSON.stringify(answer.body)}`).toContain(answer.status);
    }
    expect(await f.snapshot(a)).toEqual(before);
  });

  it("a revoked session with a valid signed cache gets from every endpoint what a signed-out visitor gets (401 nearly everywhere), and changes nothing", async () => {
    const before = await f.snapshot(a);
    const live = await t.signIn(owner.email);
    const revoked = await t.signIn(owner.email);
    expect((await t.request("/revoke-other-sessions", { body: {}, cookie: live })).status).toBe(200);
    expect(parseCookieHeader(revoked).get(CACHE)).toBeTruthy();
    expect(parseCookieHeader(revoked).get(TOKEN)).toBeTruthy();
    const holder = { ...owner, cookie: revoked };
    const signedOut = { ...owner, cookie: "" };
    for (const endpoint of endpoints) {
      const naming = namingsOf(endpoint)[0]!;
      const answer = await send(endpoint, holder, aTarget, naming);
      expect(answer, endpoint.path).toEqual(await send(endpoint, signedOut, aTarget, naming));
      if (!SIGNED_OUT_NOT_401.includes(endpoint.path)) expect(answer.status, endpoint.path).toBe(401);
      for (const secret of [aTarget.invitationId, aTarget.memberId, a.id])
        expect(JSON.stringify(answer.body), endpoint.path).not.toContain(secret);
    }
    expect(await f.snapshot(a)).toEqual(before);
  }, 120_000);
});
