/**
 * People and organizations for the organization tests, made through the real
 * endpoints (members added with the plugin's server-only addMember, as an
 * accepted invitation would add them).
 */
import type { TestAuth } from "./auth-instance";
import type { TestDatabase } from "./database";

export interface Person {
  id: string;
  email: string;
  cookie: string;
}

export interface Organization {
  id: string;
  slug: string;
}

export function organizationFixtures(t: TestAuth, db: TestDatabase) {
  let n = 0;
  const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${n++}`;

  /** A signed-up person with a confirmed address (invitations need one). */
  async function person(prefix = "person"): Promise<Person> {
    const email = `${unique(prefix)}@example.com`;
    const cookie = await t.signUp(email);
    const [row] = await db.query<{ id: string }>(
      `update "user" set email_verified = true where email = $1 returning id`,
      [email],
    );
    return { id: row!.id, email, cookie };
  }

  async function organization(owner: Person, prefix = "org"): Promise<Organization> {
    const slug = unique(prefix);
    const response = await t.request("/organization/create", { body: { name: slug, slug }, cookie: owner.cookie });
    if (response.status !== 200) throw new Error(`create ${slug}: ${response.status} ${await response.text()}`);
    const { id } = (await response.json()) as { id: string };
    return { id, slug };
  }

  /** Adds `who` with `role`; returns the member id. */
  async function join(org: Organization, who: Person, role: string): Promise<string> {
    const member = await t.auth.api.addMember({
      body: { userId: who.id, organizationId: org.id, role: role as "member" },
    });
    return member!.id;
  }

  async function invite(org: Organization, by: Person, email: string, role = "member", resend = false) {
    return t.request("/organization/invite-member", {
      body: { organizationId: org.id, email, role, resend },
      cookie: by.cookie,
    });
  }

  /** The member id of `who` in the organization. */
  async function memberId(org: Organization, who: Person): Promise<string> {
    const [row] = await db.query<{ id: string }>(`select id from member where organization_id = $1 and user_id = $2`, [
      org.id,
      who.id,
    ]);
    return row!.id;
  }

  /** Members of the organization, as `user email → role`. */
  async function roles(org: Organization): Promise<Record<string, string>> {
    const rows = await db.query<{ email: string; role: string }>(
      `select u.email, m.role from member m join "user" u on u.id = m.user_id where m.organization_id = $1`,
      [org.id],
    );
    return Object.fromEntries(rows.map((r) => [r.email, r.role]));
  }

  /** Everything stored about the organization: rows of organization, member and invitation. */
  async function snapshot(org: Organization) {
    return {
      organization: await db.query(`select * from organization where id = $1`, [org.id]),
      members: await db.query(`select * from member where organization_id = $1 order by id`, [org.id]),
      invitations: await db.query(`select * from invitation where organization_id = $1 order by id`, [org.id]),
    };
  }

  return { unique, person, organization, join, invite, memberId, roles, snapshot };
}
