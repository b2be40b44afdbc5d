/**
 * The organization rules of lib/server/auth/organization-policy.ts (and the
 * owner trigger of drizzle/0008), on a real instance and Postgres: owners,
 * ranks and roles, invitations, the typed slug, and what the security log
 * records. Every refusal is checked in the database: nothing changed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { CONFIRM_SLUG_HEADER } from "@/lib/server/auth/organization-policy";
import { neonDatabase } from "@/lib/server/db/neon";
import { findEvents, organizationActivity } from "@/lib/server/security-log/queries";
import { createTestAuth, type TestAuth } from "../support/auth-instance";
import { TEST_BASE_URL } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { organizationFixtures } from "../support/organizations";
import { linkIn } from "../support/recording-mailer";

let db: TestDatabase;
let t: TestAuth;
let f: ReturnType<typeof organizationFixtures>;

beforeAll(async () => {
  db = await createTestDatabase();
  t = createTestAuth(db.url);
  f = organizationFixtures(t, db);
}, 60_000);

async function expectError(response: Response, status: number, code: string) {
  const body = (await response.json()) as { code?: string; message?: string };
  expect({ status: response.status, code: body.code }).toEqual({ status, code });
  expect(body.message).toEqual(expect.any(String));
  return body.message!;
}

const post = (path: string, cookie: string, body: unknown, headers?: Record<string, string>) =>
  headers
    ? t.handle(
        new Request(`${TEST_BASE_URL}/api/auth${path}`, {
          method: "POST",
          headers: { origin: TEST_BASE_URL, "content-type": "application/json", cookie, ...headers },
          body: JSON.stringify(body),
        }),
      )
    : t.request(path, { body, cookie });

describe("slugs", () => {
  it("check-slug is switched off; creating or renaming to a taken slug still says it is taken", async () => {
    const first = await f.person("first");
    const taken = await f.organization(first);
    const second = await f.person("second");
    expect((await post("/organization/check-slug", second.cookie, { slug: taken.slug })).status).toBe(404);
    const created = await post("/organization/create", second.cookie, { name: "Copy", slug: taken.slug });
    expect(created.status).toBe(400);
    expect(((await created.json()) as { code: string }).code).toMatch(
      /ORGANIZATION_(SLUG_ALREADY_TAKEN|ALREADY_EXISTS)/,
    );
    const own = await f.organization(second);
    const renamed = await post("/organization/update", second.cookie, {
      organizationId: own.id,
      data: { slug: taken.slug },
    });
    expect(renamed.status).toBe(400);
    expect(await db.query(`select slug from organization where id = $1`, [own.id])).toEqual([{ slug: own.slug }]);
  });
});

describe("naming the organization", () => {
  it("names one: an id and a slug of two different organizations are refused, even both the caller's", async () => {
    const owner = await f.person("owner");
    const [first, second] = [await f.organization(owner), await f.organization(owner)];
    const both = await t.request(
      `/organization/list-members?organizationId=${first.id}&organizationSlug=${second.slug}`,
      { cookie: owner.cookie },
    );
    await expectError(both, 400, "ONE_ORGANIZATION_PER_REQUEST");
    const same = await t.request(
      `/organization/list-members?organizationId=${first.id}&organizationSlug=${first.slug}`,
      {
        cookie: owner.cookie,
      },
    );
    expect(same.status).toBe(200);
  });
});

describe("an organization always keeps an owner", () => {
  it("the last owner can neither step down, be removed, nor leave", async () => {
    const owner = await f.person("owner");
    const org = await f.organization(owner);
    const memberId = await f.memberId(org, owner);
    await expectError(
      await post("/organization/update-member-role", owner.cookie, { organizationId: org.id, memberId, role: "admin" }),
      400,
      "ORGANIZATION_NEEDS_AN_OWNER",
    );
    await expectError(
      await post("/organization/remove-member", owner.cookie, { organizationId: org.id, memberIdOrEmail: memberId }),
      400,
      "ORGANIZATION_NEEDS_AN_OWNER",
    );
    expect((await post("/organization/leave", owner.cookie, { organizationId: org.id })).status).toBe(400);
    expect(await f.roles(org)).toEqual({ [owner.email]: "owner" });
  });

  it("refuses to delete the account of an organization's only owner, naming what to do", async () => {
    const owner = await f.person("sole");
    const org = await f.organization(owner);
    const shared = await f.organization(owner, "shared");
    const other = await f.person("co-owner");
    await f.join(shared, other, "owner");
    const message = await expectError(await post("/delete-user", owner.cookie, {}), 400, "SOLE_OWNER_OF_ORGANIZATIONS");
    // Names the organization it owns alone, not the one with another owner, and what to do.
    expect(message).toContain(org.slug);
    expect(message).not.toContain(shared.slug);
    expect(message).toMatch(/owner.*delete/);
    expect(await db.query(`select id from "user" where id = $1`, [owner.id])).toHaveLength(1);
    // Once someone else owns it too, the account goes and both organizations keep an owner.
    await f.join(org, other, "owner");
    expect((await post("/delete-user", owner.cookie, {})).status).toBe(200);
    expect(await f.roles(org)).toEqual({ [other.email]: "owner" });
    expect(await f.roles(shared)).toEqual({ [other.email]: "owner" });
  });

  it("holds in the database: two owners demoting each other at once leave one owner", async () => {
    const [a, b] = [await f.person("a"), await f.person("b")];
    const org = await f.organization(a);
    await f.join(org, b, "owner");
    const demote = `update member set role = 'admin' where organization_id = $1 and user_id = $2`;
    await db.admin(db.name, (first) =>
      db.admin(db.name, async (second) => {
        // Both see two owners; each demotes the other, in transactions that overlap.
        await first.query("begin");
        await second.query("begin");
        await first.query(demote, [org.id, b.id]);
        await second.query(demote, [org.id, a.id]);
        await first.query("commit");
        await expect(second.query("commit")).rejects.toMatchObject({
          code: "EG001",
          constraint: "organization_keeps_an_owner",
        });
      }),
    );
    expect(await f.roles(org)).toEqual({ [a.email]: "owner", [b.email]: "admin" });
  });

  it("holds through the endpoints too: of two concurrent demotions at most one succeeds", async () => {
    for (let round = 0; round < 3; round++) {
      const [a, b] = [await f.person("a"), await f.person("b")];
      const org = await f.organization(a);
      const bId = await f.join(org, b, "owner");
      const aId = await f.memberId(org, a);
      const answers = await Promise.all([
        post("/organization/update-member-role", a.cookie, { organizationId: org.id, memberId: bId, role: "member" }),
        post("/organization/update-member-role", b.cookie, { organizationId: org.id, memberId: aId, role: "member" }),
      ]);
      // The loser is refused: by the last-owner check (400), by the trigger at commit when both passed it
      // (409), or, once the winner's change is in, for no longer being an owner (by our rank check or the
      // plugin's permission check, depending on when it read the role).
      const refusals = await Promise.all(answers.filter((r) => r.status !== 200).map((r) => r.json()));
      expect(refusals.length).toBeGreaterThanOrEqual(1);
      for (const refusal of refusals)
        expect([
          "ORGANIZATION_NEEDS_AN_OWNER",
          "MEMBER_RANKED_ABOVE_YOU",
          "YOU_ARE_NOT_ALLOWED_TO_UPDATE_THIS_MEMBER",
        ]).toContain((refusal as { code: string }).code);
      expect(Object.values(await f.roles(org))).toContain("owner");
    }
  });

  it("still lets an owner delete the organization, members and all", async () => {
    const owner = await f.person("owner");
    const org = await f.organization(owner);
    await f.join(org, await f.person("m"), "member");
    const deleted = await post(
      "/organization/delete",
      owner.cookie,
      { organizationId: org.id },
      {
        [CONFIRM_SLUG_HEADER]: org.slug,
      },
    );
    expect(deleted.status).toBe(200);
    expect(await f.snapshot(org)).toEqual({ organization: [], members: [], invitations: [] });
  });
});

describe("nobody grants or touches a role above their own", () => {
  async function team() {
    const owner = await f.person("owner");
    const org = await f.organization(owner);
    const admin = await f.person("admin");
    const member = await f.person("member");
    const adminId = await f.join(org, admin, "admin");
    const memberId = await f.join(org, member, "member");
    const ownerId = await f.memberId(org, owner);
    return { org, owner, admin, member, ownerId, adminId, memberId };
  }

  it("an admin cannot make anyone an owner, by invitation or by role change", async () => {
    const { org, admin, memberId } = await team();
    const before = await f.snapshot(org);
    await expectError(await f.invite(org, admin, "new-owner@example.com", "owner"), 403, "ROLE_ABOVE_YOUR_OWN");
    await expectError(
      await post("/organization/update-member-role", admin.cookie, { organizationId: org.id, memberId, role: "owner" }),
      403,
      "ROLE_ABOVE_YOUR_OWN",
    );
    expect(await f.snapshot(org)).toEqual(before);
  });

  it("an admin cannot demote or remove an owner", async () => {
    const { org, admin, ownerId } = await team();
    const before = await f.snapshot(org);
    await expectError(
      await post("/organization/update-member-role", admin.cookie, {
        organizationId: org.id,
        memberId: ownerId,
        role: "member",
      }),
      403,
      "MEMBER_RANKED_ABOVE_YOU",
    );
    await expectError(
      await post("/organization/remove-member", admin.cookie, { organizationId: org.id, memberIdOrEmail: ownerId }),
      403,
      "MEMBER_RANKED_ABOVE_YOU",
    );
    expect(await f.snapshot(org)).toEqual(before);
  });

  it("an admin may give admin (its own rank) and remove a member; an owner may make an owner", async () => {
    const { org, owner, admin, member, memberId } = await team();
    const promoted = await post("/organization/update-member-role", admin.cookie, {
      organizationId: org.id,
      memberId,
      role: "admin",
    });
    expect(promoted.status).toBe(200);
    expect(
      (
        await post("/organization/update-member-role", owner.cookie, {
          organizationId: org.id,
          memberId,
          role: "owner",
        })
      ).status,
    ).toBe(200);
    expect((await f.roles(org))[member.email]).toBe("owner");
    const other = await f.person("other");
    const otherId = await f.join(org, other, "member");
    expect(
      (await post("/organization/remove-member", admin.cookie, { organizationId: org.id, memberIdOrEmail: otherId }))
        .status,
    ).toBe(200);
    expect(await f.roles(org)).not.toHaveProperty(other.email);
  });

  it("a member changes no roles and invites nobody", async () => {
    const { org, member, adminId } = await team();
    const before = await f.snapshot(org);
    expect((await f.invite(org, member, "friend@example.com", "member")).status).toBe(403);
    expect(
      (
        await post("/organization/update-member-role", member.cookie, {
          organizationId: org.id,
          memberId: adminId,
          role: "member",
        })
      ).status,
    ).toBe(403);
    expect(await f.snapshot(org)).toEqual(before);
  });

  it.each([
    ["a comma list", "member,owner"],
    ["an array", ["admin"]],
    ["an unknown role", "superuser"],
    ["another case", "Owner"],
    ["padding", " member"],
  ])("refuses %s as a role, to invite or to change to", async (_, role) => {
    const { org, owner, memberId } = await team();
    const before = await f.snapshot(org);
    await expectError(
      await post("/organization/invite-member", owner.cookie, { organizationId: org.id, email: "x@example.com", role }),
      400,
      "INVALID_ROLE",
    );
    await expectError(
      await post("/organization/update-member-role", owner.cookie, { organizationId: org.id, memberId, role }),
      400,
      "INVALID_ROLE",
    );
    expect(await f.snapshot(org)).toEqual(before);
  });
});

describe("invitations", () => {
  async function invited(role = "member") {
    const owner = await f.person("owner");
    const org = await f.organization(owner);
    const guest = await f.person("guest");
    const response = await f.invite(org, owner, guest.email, role);
    expect(response.status).toBe(200);
    const { id } = (await response.json()) as { id: string };
    return { owner, org, guest, id };
  }
  const status = async (id: string) =>
    ((await db.query(`select status from invitation where id = $1`, [id]))[0] as { status: string } | undefined)
      ?.status;

  it("are mailed as a link to /invitations/<id> that works once, for the invited address only", async () => {
    const { org, guest, id } = await invited();
    expect(linkIn(t.mail.last(guest.email, "organization-invitation")).pathname).toBe(`/invitations/${id}`);
    const stranger = await f.person("stranger");
    await expectError(
      await post("/organization/accept-invitation", stranger.cookie, { invitationId: id }),
      403,
      "YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION",
    );
    expect(await f.roles(org)).not.toHaveProperty(stranger.email);
    expect((await post("/organization/accept-invitation", guest.cookie, { invitationId: id })).status).toBe(200);
    expect((await f.roles(org))[guest.email]).toBe("member");
    const again = await expectError(
      await post("/organization/accept-invitation", guest.cookie, { invitationId: id }),
      400,
      "INVITATION_NOT_PENDING",
    );
    expect(again).toMatch(/already been accepted/);
  });

  it("are not accepted by an account whose address is not confirmed", async () => {
    const owner = await f.person("owner");
    const org = await f.organization(owner);
    const email = `${f.unique("unconfirmed")}@example.com`;
    const cookie = await t.signUp(email);
    const { id } = (await (await f.invite(org, owner, email)).json()) as { id: string };
    expect((await post("/organization/accept-invitation", cookie, { invitationId: id })).status).toBe(403);
    expect(await f.roles(org)).not.toHaveProperty(email);
    expect(await status(id)).toBe("pending");
  });

  it("of two accepts at once, one joins", async () => {
    const { org, guest, id } = await invited();
    const answers = await Promise.all(
      [1, 2].map(() => post("/organization/accept-invitation", guest.cookie, { invitationId: id })),
    );
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    expect(
      await db.query(`select 1 from member where organization_id = $1 and user_id = $2`, [org.id, guest.id]),
    ).toHaveLength(1);
  });

  it("once expired, cannot be accepted, declined or canceled, and say so", async () => {
    const { owner, guest, id } = await invited();
    await db.query(`update invitation set expires_at = now() - interval '1 minute' where id = $1`, [id]);
    for (const [path, who] of [
      ["/organization/accept-invitation", guest],
      ["/organization/reject-invitation", guest],
      ["/organization/cancel-invitation", owner],
    ] as const) {
      await expectError(await post(path, who.cookie, { invitationId: id }), 400, "INVITATION_EXPIRED");
    }
    expect(await status(id)).toBe("pending");
  });

  it("once answered, cannot be canceled (the history stays true)", async () => {
    const { owner, guest, id } = await invited();
    expect((await post("/organization/accept-invitation", guest.cookie, { invitationId: id })).status).toBe(200);
    await expectError(
      await post("/organization/cancel-invitation", owner.cookie, { invitationId: id }),
      400,
      "INVITATION_NOT_PENDING",
    );
    await expectError(
      await post("/organization/reject-invitation", guest.cookie, { invitationId: id }),
      400,
      "INVITATION_NOT_PENDING",
    );
    expect(await status(id)).toBe("accepted");
  });

  it("an owner's invitation to be an owner is not the admins' to cancel or resend", async () => {
    const { owner, org, guest, id } = await invited("owner");
    const admin = await f.person("admin");
    await f.join(org, admin, "admin");
    await expectError(
      await post("/organization/cancel-invitation", admin.cookie, { invitationId: id }),
      403,
      "INVITATION_RANKED_ABOVE_YOU",
    );
    await expectError(await f.invite(org, admin, guest.email, "member", true), 403, "INVITATION_RANKED_ABOVE_YOU");
    expect(await status(id)).toBe("pending");
    expect((await post("/organization/cancel-invitation", owner.cookie, { invitationId: id })).status).toBe(200);
    expect(await status(id)).toBe("canceled");
  });

  it("resent with the same role keep their link; with another role they are a new one, and the old link dies", async () => {
    const { owner, org, guest, id } = await invited("member");
    await db.query(`update invitation set expires_at = now() + interval '1 hour' where id = $1`, [id]);
    const same = await f.invite(org, owner, guest.email, "member", true);
    expect(same.status).toBe(200);
    expect(((await same.json()) as { id: string }).id).toBe(id);
    const [extended] = await db.query<{ days: string }>(
      `select round(extract(epoch from expires_at - now()) / 86400) as days from invitation where id = $1`,
      [id],
    );
    expect(Number(extended!.days)).toBe(7);
    const changed = await f.invite(org, owner, guest.email, "admin", true);
    expect(changed.status).toBe(200);
    const renewed = (await changed.json()) as { id: string; role: string };
    expect(renewed).toMatchObject({ role: "admin" });
    expect(renewed.id).not.toBe(id);
    expect(linkIn(t.mail.last(guest.email, "organization-invitation")).pathname).toBe(`/invitations/${renewed.id}`);
    await expectError(
      await post("/organization/accept-invitation", guest.cookie, { invitationId: id }),
      400,
      "INVITATION_NOT_PENDING",
    );
    expect((await post("/organization/accept-invitation", guest.cookie, { invitationId: renewed.id })).status).toBe(
      200,
    );
    expect((await f.roles(org))[guest.email]).toBe("admin");
  });
});

describe("deleting an organization", () => {
  it("needs its slug typed again, in x-confirm-slug", async () => {
    const owner = await f.person("owner");
    const org = await f.organization(owner);
    const before = await f.snapshot(org);
    await expectError(
      await post("/organization/delete", owner.cookie, { organizationId: org.id }),
      400,
      "CONFIRMATION_MISMATCH",
    );
    for (const typed of ["", org.slug.toUpperCase(), `${org.slug}-`, "something-else"]) {
      await expectError(
        await post("/organization/delete", owner.cookie, { organizationId: org.id }, { [CONFIRM_SLUG_HEADER]: typed }),
        400,
        "CONFIRMATION_MISMATCH",
      );
    }
    expect(await f.snapshot(org)).toEqual(before);
    // As a server action calls it.
    await t.auth.api.deleteOrganization({
      headers: new Headers({ cookie: owner.cookie, [CONFIRM_SLUG_HEADER]: org.slug }),
      body: { organizationId: org.id },
    });
    expect((await f.snapshot(org)).organization).toEqual([]);
  });

  it("is an owner's: an admin typing the slug right is still refused", async () => {
    const owner = await f.person("owner");
    const org = await f.organization(owner);
    const admin = await f.person("admin");
    await f.join(org, admin, "admin");
    const refused = await post(
      "/organization/delete",
      admin.cookie,
      { organizationId: org.id },
      { [CONFIRM_SLUG_HEADER]: org.slug },
    );
    expect(refused.status).toBe(403);
    expect((await f.snapshot(org)).organization).toHaveLength(1);
  });
});

describe("the security log", () => {
  it("records each change with the organization, the actor and the person it is about; refusals are not recorded", async () => {
    const owner = await f.person("owner");
    const org = await f.organization(owner);
    const guest = await f.person("guest");
    const { id: invitationId } = (await (await f.invite(org, owner, guest.email, "member")).json()) as { id: string };
    expect((await post("/organization/accept-invitation", guest.cookie, { invitationId })).status).toBe(200);
    const guestMember = await f.memberId(org, guest);
    // A refusal (no such role) between the successes.
    expect(
      (
        await post("/organization/update-member-role", owner.cookie, {
          organizationId: org.id,
          memberId: guestMember,
          role: "boss",
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await post("/organization/update-member-role", owner.cookie, {
          organizationId: org.id,
          memberId: guestMember,
          role: "admin",
        })
      ).status,
    ).toBe(200);
    const declined = await f.person("declines");
    const { id: declinedId } = (await (await f.invite(org, owner, declined.email, "member")).json()) as { id: string };
    expect((await post("/organization/reject-invitation", declined.cookie, { invitationId: declinedId })).status).toBe(
      200,
    );
    const { id: canceledId } = (await (await f.invite(org, owner, "nobody-yet@example.com", "admin")).json()) as {
      id: string;
    };
    expect((await post("/organization/cancel-invitation", owner.cookie, { invitationId: canceledId })).status).toBe(
      200,
    );
    expect(
      (await post("/organization/update", owner.cookie, { organizationId: org.id, data: { name: "Renamed" } })).status,
    ).toBe(200);
    expect((await post("/organization/leave", guest.cookie, { organizationId: org.id })).status).toBe(200);
    const removed = await f.person("removed");
    const removedMember = await f.join(org, removed, "member");
    expect(
      (
        await post("/organization/remove-member", owner.cookie, {
          organizationId: org.id,
          memberIdOrEmail: removedMember,
        })
      ).status,
    ).toBe(200);
    await t.log.flush();

    const rows = await db.query(
      `select type, user_id, actor_id, email, detail, success from security_event where organization_id = $1 order by created_at, type`,
      [org.id],
    );
    const who = (id: string | null) =>
      ({ [owner.id]: "owner", [guest.id]: "guest", [declined.id]: "declined", [removed.id]: "removed" })[id ?? ""] ??
      id;
    expect(rows.map((r) => [r.type, who(r.user_id as string), who(r.actor_id as string), r.detail, r.success])).toEqual(
      [
        ["organization-created", "owner", null, org.slug, true],
        ["organization-invited", "guest", "owner", "member", true],
        ["organization-joined", "guest", null, "member", true],
        ["organization-role-changed", "guest", "owner", "admin", true],
        ["organization-invited", "declined", "owner", "member", true],
        ["organization-invitation-declined", "declined", null, "member", true],
        ["organization-invited", null, "owner", "admin", true],
        ["organization-invitation-canceled", null, "owner", "admin", true],
        ["organization-updated", "owner", null, org.slug, true],
        ["organization-member-left", "guest", null, "admin", true],
        ["organization-member-removed", "removed", "owner", "member", true],
      ],
    );

    // The activity page's query: newest first, a page at a time, this organization only.
    const app = neonDatabase(db.url);
    const newest = await organizationActivity(app, org.id, { limit: 4 });
    expect(newest.map((e) => e.type)).toEqual([
      "organization-member-removed",
      "organization-member-left",
      "organization-updated",
      "organization-invitation-canceled",
    ]);
    const older = await organizationActivity(app, org.id, { limit: 100, before: newest.at(-1)!.createdAt });
    expect(older).toHaveLength(rows.length - 4);
    expect(older.every((e) => e.organizationId === org.id)).toBe(true);

    // Site admins find them in the security log by the organization's id.
    expect((await findEvents(app, { who: org.id })).map((e) => e.type).sort()).toEqual(rows.map((r) => r.type).sort());

    const deleted = await post(
      "/organization/delete",
      owner.cookie,
      { organizationId: org.id },
      { [CONFIRM_SLUG_HEADER]: org.slug },
    );
    expect(deleted.status).toBe(200);
    await t.log.flush();
    expect((await organizationActivity(app, org.id, { limit: 1 }))[0]).toMatchObject({
      type: "organization-deleted",
      userId: owner.id,
      detail: org.slug,
    });
  });
});
