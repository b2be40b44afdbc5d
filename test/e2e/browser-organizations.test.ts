/**
 * Organizations in a real browser (Chromium), on next start and workerd, with
 * real mail: creating one (the slug's rules shown first, the server's refusal
 * on the field), inviting by email, the mailed link opened by the wrong
 * account (told so, without the invited address) and then, in another
 * browser, by the invited person after signing in; switching organizations
 * in the header (on a phone: browser-accessibility.test.ts); a plain member refused on
 * settings and shown the member list only; removing a member (re-authenticated
 * in place), after which their next visit is a 404; an admin's limits, a
 * lowered role refused at once, leaving; declining; resending and
 * withdrawing an invitation; moving to a new slug and deleting with the slug
 * typed out. Screenshots go to test-results/screenshots.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2E_TARGET, type RunningApp, startApp } from "../support/app-server";
import { launchChromium, screenshot } from "../support/browser";
import { TEST_PASSWORD } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { HttpClient } from "../support/http-client";
import { linkOf, type Mailbox, startMailbox } from "../support/mailbox";

const OWNER = { name: "Olivia Owner", email: "olivia@example.com" };
const INVITEE = { name: "Max Member", email: "max@example.com" };

let app: RunningApp;
let db: TestDatabase;
let mailbox: Mailbox;
let browser: Browser;
let owner: Page;
let invitee: Page;
let invitationLink: string;
let visitors = 0;

async function visitor(): Promise<BrowserContext> {
  const ip = `198.51.100.${60 + ++visitors}`;
  const context = await browser.newContext({
    baseURL: app.baseURL,
    extraHTTPHeaders: { "x-forwarded-for": ip, "cf-connecting-ip": ip },
  });
  context.setDefaultTimeout(10_000); // every wait is bounded, and says what it waited for
  return context;
}

/** Fills the sign-in form the page is on (wherever the gate sent it) and waits to be sent on to `path`. */
async function signInHere(page: Page, email: string, path: string): Promise<void> {
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(`**${path}`);
}

/** A confirmed account: invitations are accepted only by a verified address. */
async function confirmedAccount({ name, email }: { name: string; email: string }): Promise<void> {
  const client = new HttpClient(app.baseURL);
  expect((await client.postJson("/api/auth/sign-up/email", { name, email, password: TEST_PASSWORD })).status).toBe(200);
  const token = new URL(linkOf(await mailbox.message(email, /Confirm your email/))).searchParams.get("token");
  expect((await client.get(`/api/auth/verify-email?token=${token}`)).status).toBe(200);
}

const fieldError = (page: Page, name: string) => page.locator(`[data-field-error="${name}"]`);
const notice = (page: Page) => page.locator("[data-form-notice]");
const heading = (page: Page) => page.getByRole("heading", { level: 1 });

/** Creates an organization through the form and waits for its home. */
async function createOrganization(page: Page, name: string, slug: string): Promise<void> {
  await page.goto("/orgs/new");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Address").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await page.waitForURL(`**/orgs/${slug}`);
}

beforeAll(async () => {
  db = await createTestDatabase();
  mailbox = await startMailbox();
  app = await startApp({ databaseUrl: db.url, env: mailbox.env(E2E_TARGET) });
  await confirmedAccount(OWNER);
  await confirmedAccount(INVITEE);
  browser = await launchChromium();
  owner = await (await visitor()).newPage();
  await owner.goto("/orgs");
  await signInHere(owner, OWNER.email, "/orgs");
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await mailbox?.close();
});

describe("creating an organization", () => {
  it("shows the slug's rules first, suggests one from the name, and puts the server's refusal on the field", async () => {
    expect(await owner.getByTestId("organizations").count()).toBe(0);
    await screenshot(owner, "60-orgs-none");
    await owner.getByRole("link", { name: "Create organization" }).click();
    await owner.waitForURL("**/orgs/new");
    expect(await owner.getByText("lower-case letters, digits and single hyphens").isVisible()).toBe(true);
    await owner.getByLabel("Name").fill("Acme Rockets");
    expect(await owner.getByLabel("Address").inputValue()).toBe("acme-rockets");
    await owner.getByLabel("Address").fill("new");
    await owner.getByRole("button", { name: "Create organization" }).click();
    await expect.poll(() => fieldError(owner, "slug").textContent()).toContain("reserved");
    expect(await owner.getByLabel("Name").inputValue()).toBe("Acme Rockets"); // nothing typed is lost
    await screenshot(owner, "61-org-new-slug-refused");
    await owner.getByLabel("Address").fill("acme");
    await owner.getByRole("button", { name: "Create organization" }).click();
    await owner.waitForURL("**/orgs/acme");
    expect(await heading(owner).textContent()).toBe("Acme Rockets");
    expect(await owner.getByTestId("organization-role").textContent()).toBe("owner");
    expect(await owner.getByTestId("sole-owner").isVisible()).toBe(true); // no Leave button for the only owner
    await screenshot(owner, "62-org-home-owner");
  });

  it("refuses a slug already taken, on the field", async () => {
    await createOrganization(owner, "Beta Labs", "beta");
    await owner.goto("/orgs/new");
    await owner.getByLabel("Name").fill("Another Acme");
    await owner.getByLabel("Address").fill("acme");
    await owner.getByRole("button", { name: "Create organization" }).click();
    await expect.poll(() => fieldError(owner, "slug").textContent()).toBe("This address is taken: choose another.");
  });

  it("lists mine with my role", async () => {
    await owner.goto("/orgs");
    const list = owner.getByTestId("organizations");
    await expect.poll(() => list.locator("li").count()).toBe(2);
    expect(await list.textContent()).toContain("Acme Rockets");
    await screenshot(owner, "63-orgs-list");
  });
});

describe("inviting", () => {
  it("offers only roles up to mine, and mails the invitation", async () => {
    await owner.goto("/orgs/acme/members");
    const options = await owner.getByLabel("Role").first().locator("option").allTextContents();
    expect(options).toEqual(["member", "admin", "owner"]);
    await owner.getByLabel("Email address").fill("not-an-address");
    await owner.getByRole("button", { name: "Send invitation" }).click();
    await expect.poll(() => fieldError(owner, "email").textContent()).toContain("valid email address");
    await owner.getByLabel("Email address").fill(INVITEE.email);
    await owner.getByRole("button", { name: "Send invitation" }).click();
    await expect.poll(() => notice(owner).textContent()).toContain(`We sent an invitation to ${INVITEE.email}`);
    await expect.poll(() => owner.getByTestId("invitations").textContent()).toContain(INVITEE.email);
    await screenshot(owner, "64-org-invited");
    invitationLink = linkOf(await mailbox.message(INVITEE.email, /You are invited to Acme Rockets/));
    expect(new URL(invitationLink).pathname).toMatch(/^\/invitations\/[^/]+$/);
  });

  it("asks a session signed in long ago to confirm it is you, then sends the invitation", async () => {
    // A copied cookie must not invite its thief in: an accepted invitation outlives the owner's recovery.
    await db.query(
      `update session set created_at = now() - interval '10 minutes' where user_id = (select id from "user" where email = $1)`,
      [OWNER.email],
    );
    await owner.goto("/orgs/acme/members");
    await owner.getByLabel("Email address").fill("colleague@example.com");
    await owner.getByRole("button", { name: "Send invitation" }).click();
    const prompt = owner.getByTestId("reauth-prompt");
    await prompt.getByLabel("Your password").fill(TEST_PASSWORD);
    await screenshot(owner, "64b-invite-confirm-it-is-you");
    await prompt.getByRole("button", { name: "Confirm" }).click();
    await expect.poll(() => notice(owner).textContent()).toContain("We sent an invitation to colleague@example.com");
    expect(await owner.getByTestId("reauth-prompt").count()).toBe(0);
    await mailbox.message("colleague@example.com", /You are invited to Acme Rockets/);
  });

  it("tells another account the invitation is not theirs, without naming the invited address", async () => {
    await owner.goto(invitationLink);
    await expect
      .poll(() => owner.getByTestId("invitation-problem").textContent())
      .toBe("This invitation is for a different account.");
    expect(await owner.content()).not.toContain(INVITEE.email);
    expect(await owner.getByRole("button", { name: "Sign out and switch account" }).isVisible()).toBe(true);
    await screenshot(owner, "65-invitation-other-account");
  });

  it("is accepted from the mailed link in another browser, after signing in there", async () => {
    invitee = await (await visitor()).newPage();
    await invitee.goto(invitationLink);
    await invitee.waitForURL("**/sign-in?callbackUrl=*");
    await signInHere(invitee, INVITEE.email, new URL(invitationLink).pathname);
    expect(await heading(invitee).textContent()).toBe("Join Acme Rockets");
    expect(await invitee.getByTestId("invitation-inviter").textContent()).toBe(OWNER.email);
    await screenshot(invitee, "66-invitation");
    await invitee.getByRole("button", { name: "Accept and join" }).click();
    await invitee.waitForURL("**/orgs/acme");
    expect(await invitee.getByTestId("organization-role").textContent()).toBe("member");
    await screenshot(invitee, "67-invitation-accepted");
  });

  it("works once", async () => {
    await invitee.goto(invitationLink);
    await expect.poll(() => invitee.getByTestId("invitation-problem").textContent()).toContain("already been accepted");
  });
});

describe("open invitations", () => {
  it("are resent and withdrawn from the members page", async () => {
    await owner.goto("/orgs/acme/members");
    await owner.getByLabel("Email address").fill("sam@example.com");
    await owner.getByRole("button", { name: "Send invitation" }).click();
    const card = owner.locator("section", { has: owner.getByRole("heading", { name: /^Open invitations/ }) });
    const row = card.locator('[data-invitation="sam@example.com"]');
    await row.getByRole("button", { name: "Resend" }).click();
    await expect
      .poll(() => card.locator("[data-form-notice]").textContent())
      .toContain("Sent again to sam@example.com");
    await row.getByRole("button", { name: "Withdraw" }).click();
    await expect
      .poll(() => card.locator("[data-form-notice]").textContent())
      .toBe("The invitation to sam@example.com is withdrawn; its link no longer works.");
    await expect.poll(() => row.count()).toBe(0);
    await screenshot(owner, "64b-invitation-withdrawn");
  });
});

describe("the header's organization switcher", () => {
  it("lists my organizations and goes to the one chosen", async () => {
    await owner.goto("/orgs/acme");
    const switcher = owner.getByTestId("organization-switcher");
    expect(await switcher.locator("summary").textContent()).toContain("Acme Rockets");
    await switcher.locator("summary").click();
    await screenshot(owner, "68-switcher-open");
    await switcher.getByRole("link", { name: "Beta Labs" }).click();
    await owner.waitForURL("**/orgs/beta");
    expect(await heading(owner).textContent()).toBe("Beta Labs");
    await expect.poll(() => switcher.locator("summary").textContent()).toContain("Beta Labs");
    expect(await switcher.getByRole("link", { name: "Beta Labs" }).isVisible()).toBe(false); // closed again
  });
});

describe("a plain member", () => {
  it("is refused on settings", async () => {
    const response = await invitee.goto("/orgs/acme/settings");
    expect(response?.status()).toBe(403);
    expect(await heading(invitee).textContent()).toBe("You do not have access to this page");
    await screenshot(invitee, "70-member-settings-forbidden");
  });

  it("sees the members, and nothing to change", async () => {
    await invitee.goto("/orgs/acme/members");
    await expect.poll(() => invitee.getByTestId("members").locator("li").count()).toBe(2);
    expect(await invitee.getByRole("form", { name: "Invite a member" }).count()).toBe(0);
    expect(await invitee.getByRole("button", { name: "Remove" }).count()).toBe(0);
    expect(await invitee.getByRole("link", { name: "Settings" }).count()).toBe(0);
    await screenshot(invitee, "71-members-as-member");
  });
});

describe("removing a member", () => {
  it("asks a session signed in long ago to confirm it is you, then removes", async () => {
    // Signed in longer ago than REAUTH_MAX_AGE (5 minutes by default).
    await db.query(
      `update session set created_at = now() - interval '10 minutes' where user_id = (select id from "user" where email = $1)`,
      [OWNER.email],
    );
    await owner.goto("/orgs/acme/members");
    const row = owner.locator(`[data-member="${INVITEE.email}"]`);
    await row.getByRole("button", { name: "Remove" }).click();
    const prompt = row.getByTestId("reauth-prompt");
    await prompt.getByLabel("Your password").fill(TEST_PASSWORD);
    await screenshot(owner, "72-remove-confirm-it-is-you");
    await prompt.getByRole("button", { name: "Confirm" }).click();
    await expect.poll(() => notice(owner).textContent()).toBe(`${INVITEE.name} is no longer a member.`);
    await expect.poll(() => owner.getByTestId("members").locator("li").count()).toBe(1);
    await screenshot(owner, "73-member-removed");
  });

  it("answers the removed member's next visit with 404", async () => {
    const response = await invitee.goto("/orgs/acme/members");
    expect(response?.status()).toBe(404);
    await screenshot(invitee, "74-removed-member-404");
    await invitee.goto("/orgs");
    expect(await invitee.getByTestId("organizations").count()).toBe(0);
  });
});

describe("an admin", () => {
  it("opens settings without Delete, and acts on no one above them", async () => {
    await createOrganization(owner, "Gamma Group", "gamma");
    await owner.goto("/orgs/gamma/members");
    await owner.getByLabel("Email address").fill(INVITEE.email);
    await owner.getByLabel("Role").selectOption("admin");
    await owner.getByRole("button", { name: "Send invitation" }).click();
    await invitee.goto(linkOf(await mailbox.message(INVITEE.email, /You are invited to Gamma Group/)));
    await invitee.getByRole("button", { name: "Accept and join" }).click();
    await invitee.waitForURL("**/orgs/gamma");
    expect(await invitee.getByTestId("organization-role").textContent()).toBe("admin");
    await invitee.goto("/orgs/gamma/settings");
    expect(await invitee.getByRole("form", { name: "Rename organization" }).isVisible()).toBe(true);
    expect(await invitee.getByRole("form", { name: "Delete organization" }).count()).toBe(0);
    await invitee.goto("/orgs/gamma/members");
    // No role above their own, and nothing to do about the owner.
    const ownerRow = invitee.locator(`[data-member="${OWNER.email}"]`);
    expect(await ownerRow.getByRole("button").count()).toBe(0);
    expect(await invitee.getByLabel("Role").locator("option").allTextContents()).toEqual(["member", "admin"]);
  });

  it("is refused on settings at once when an owner lowers their role", async () => {
    await owner.goto("/orgs/gamma/members");
    const row = owner.locator(`[data-member="${INVITEE.email}"]`);
    await row.getByLabel("Role", { exact: true }).selectOption("member");
    await row.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => notice(owner).textContent()).toBe(`${INVITEE.name} is now member.`);
    await screenshot(owner, "75a-role-changed");
    expect((await invitee.goto("/orgs/gamma/settings"))?.status()).toBe(403);
  });

  it("leaves", async () => {
    await invitee.goto("/orgs/gamma");
    await invitee.getByRole("button", { name: "Leave Gamma Group" }).click();
    await invitee.waitForURL("**/orgs?left=1");
    expect(await notice(invitee).textContent()).toBe("You left the organization.");
    expect(await invitee.getByTestId("organizations").count()).toBe(0);
    await screenshot(invitee, "75-left-organization");
  });
});

describe("declining", () => {
  it("uses the invitation up and changes nothing else", async () => {
    await owner.goto("/orgs/acme/members");
    await owner.getByLabel("Email address").fill(INVITEE.email);
    await owner.getByRole("button", { name: "Send invitation" }).click();
    const mail = await mailbox.smtp.waitFor(
      (m) => m.to.includes(INVITEE.email) && /Acme Rockets/.test(m.subject) && linkOf(m) !== invitationLink,
    );
    await invitee.goto(linkOf(mail));
    await invitee.getByRole("button", { name: "Decline" }).click();
    await invitee.waitForURL("**/orgs?declined=1");
    expect(await notice(invitee).textContent()).toBe("You declined the invitation; its link no longer works.");
    await screenshot(invitee, "75b-invitation-declined");
    await invitee.goto(linkOf(mail));
    await expect.poll(() => invitee.getByTestId("invitation-problem").textContent()).toContain("was declined");
    expect((await invitee.goto("/orgs/acme"))?.status()).toBe(404);
  });
});

describe("settings", () => {
  it("moves the organization to a new address", async () => {
    await owner.goto("/orgs/beta/settings");
    await owner.getByLabel("Address").fill("beta-labs");
    await owner.getByRole("button", { name: "Save", exact: true }).click();
    await owner.waitForURL("**/orgs/beta-labs/settings?moved=1");
    expect(await notice(owner).textContent()).toContain("now at /orgs/beta-labs");
    expect((await owner.goto("/orgs/beta"))?.status()).toBe(404);
  });

  it("deletes with the address typed out", async () => {
    await owner.goto("/orgs/beta-labs/settings");
    const form = owner.getByRole("form", { name: "Delete organization" });
    await form.getByLabel("Type beta-labs to confirm").fill("beta");
    await form.getByRole("button", { name: "Delete this organization" }).click();
    await expect.poll(() => fieldError(owner, "confirmSlug").textContent()).toContain("exactly as shown");
    await screenshot(owner, "76-delete-mistyped");
    await form.getByLabel("Type beta-labs to confirm").fill("beta-labs");
    await form.getByRole("button", { name: "Delete this organization" }).click();
    await owner.waitForURL("**/orgs?deleted=1");
    expect(await notice(owner).textContent()).toBe("The organization is deleted.");
    expect(await owner.getByTestId("organizations").textContent()).not.toContain("Beta Labs");
    await screenshot(owner, "77-org-deleted");
  });
});
