/**
 * Every page of the app in a real browser (Chromium), on next start and
 * workerd, at a desktop width and on a 360 × 740 phone: axe-core's WCAG 2.1
 * A/AA rules find nothing; the page does not scroll sideways; "Sign out" (or
 * "Sign in") is on the screen; the title names the page; every element the
 * keyboard reaches shows that it has focus. Then the header's menu as a
 * keyboard and a screen reader use it, and a device's address as people read
 * it. The list of pages is checked against app/, so a new page cannot escape.
 * Phone screenshots go to test-results/screenshots; every screenshot, here and
 * in the other browser tests, is checked with axe first (support/browser.ts).
 */
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessibilityViolations } from "../support/accessibility";
import { type RunningApp, startApp } from "../support/app-server";
import { launchChromium, screenshot } from "../support/browser";
import { TEST_PASSWORD } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { HttpClient } from "../support/http-client";

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };
/** Where Ada signs in from: an IPv6 address, stored as its /48 network. */
const ADA_ADDRESS = "2001:db8:1234:5678::1";
/** A long address, as some people have: it must wrap or truncate, never widen a page. */
const ADA_EMAIL = "ada.lovelace-analytical-engine-notes@example-mathematics.co.uk";

type Who = "visitor" | "admin" | "member";
interface Visit {
  /** The page file's route in app/ ([param] kept), or a status page. */
  route: string;
  path: () => string;
  who: Who;
  title: string;
  /** For pages that are not a page file: the status the visit must answer. */
  status?: number;
  /** The gate's own status pages (lib/gate/status-page.ts) stand alone: no header. */
  standalone?: true;
}

let db: TestDatabase;
let app: RunningApp;
let browser: Browser;
const contexts = new Map<Who, BrowserContext>();
let adaId: string;
let invitationId: string;

/** Every page, as the person it is for sees it. */
const PAGES: Visit[] = [
  { route: "/", path: () => "/", who: "visitor", title: "edgegate" },
  { route: "/help", path: () => "/help", who: "visitor", title: "Help · edgegate" },
  { route: "/sign-in", path: () => "/sign-in", who: "visitor", title: "Sign in · edgegate" },
  { route: "/sign-up", path: () => "/sign-up", who: "visitor", title: "Create account · edgegate" },
  { route: "/forgot-password", path: () => "/forgot-password", who: "visitor", title: "Forgot password · edgegate" },
  {
    route: "/reset-password",
    path: () => "/reset-password?token=not-a-token",
    who: "visitor",
    title: "Choose a new password · edgegate",
  },
  {
    route: "/magic-link",
    path: () => "/magic-link?token=not-a-token",
    who: "visitor",
    title: "Sign in with your link · edgegate",
  },
  { route: "/two-factor", path: () => "/two-factor", who: "visitor", title: "Two-factor code · edgegate" },
  {
    route: "/verify-email",
    path: () => "/verify-email?token=not-a-token",
    who: "visitor",
    title: "Confirm your email · edgegate",
  },
  { route: "/account-deleted", path: () => "/account-deleted", who: "visitor", title: "Account deleted · edgegate" },
  { route: "/dashboard", path: () => "/dashboard", who: "admin", title: "Dashboard · edgegate" },
  { route: "/account", path: () => "/account", who: "admin", title: "Account · edgegate" },
  { route: "/account/help", path: () => "/account/help", who: "admin", title: "Help · edgegate" },
  { route: "/account/security", path: () => "/account/security", who: "admin", title: "Security · edgegate" },
  { route: "/account/api-keys", path: () => "/account/api-keys", who: "admin", title: "API keys · edgegate" },
  { route: "/admin", path: () => "/admin", who: "admin", title: "Admin · edgegate" },
  { route: "/admin/security-log", path: () => "/admin/security-log", who: "admin", title: "Security log · edgegate" },
  { route: "/admin/users/[id]", path: () => `/admin/users/${adaId}`, who: "admin", title: "User · edgegate" },
  { route: "/orgs", path: () => "/orgs", who: "admin", title: "Organizations · edgegate" },
  { route: "/orgs/new", path: () => "/orgs/new", who: "admin", title: "New organization · edgegate" },
  { route: "/orgs/[slug]", path: () => "/orgs/acme", who: "admin", title: "Organization · edgegate" },
  { route: "/orgs/[slug]/members", path: () => "/orgs/acme/members", who: "admin", title: "Members · edgegate" },
  { route: "/orgs/[slug]/activity", path: () => "/orgs/acme/activity", who: "admin", title: "Activity · edgegate" },
  {
    route: "/orgs/[slug]/settings",
    path: () => "/orgs/acme/settings",
    who: "admin",
    title: "Organization settings · edgegate",
  },
  {
    route: "/orgs/[slug]/settings/api-keys",
    path: () => "/orgs/acme/settings/api-keys",
    who: "admin",
    title: "Organization API keys · edgegate",
  },
  {
    route: "/invitations/[id]",
    path: () => `/invitations/${invitationId}`,
    who: "member",
    title: "Invitation · edgegate",
  },
  { route: "404", path: () => "/no-such-page", who: "admin", title: "Page not found · edgegate", status: 404 },
  {
    route: "the gate's 403",
    path: () => "/admin",
    who: "member",
    title: "You do not have access to this page · edgegate",
    status: 403,
    standalone: true,
  },
  {
    route: "the gate's 404",
    path: () => "/orgs/no-such-organization",
    who: "member",
    title: "Page not found · edgegate",
    status: 404,
    standalone: true,
  },
];

/** The routes of app/'s page files, route groups left out ("(app)"), as PAGES names them. */
function pageRoutes(): string[] {
  const routes: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === "page.tsx") {
        const segments = relative("app", dir)
          .split(sep)
          .filter((s) => s && !s.startsWith("("));
        routes.push(`/${segments.join("/")}`);
      }
    }
  };
  walk("app");
  return routes.sort();
}

async function context(ip: string): Promise<BrowserContext> {
  const created = await browser.newContext({
    baseURL: app.baseURL,
    extraHTTPHeaders: { "x-forwarded-for": ip, "cf-connecting-ip": ip },
  });
  created.setDefaultTimeout(10_000);
  return created;
}

async function signUp(name: string, email: string): Promise<HttpClient> {
  const client = new HttpClient(app.baseURL);
  const response = await client.postJson("/api/auth/sign-up/email", { name, email, password: TEST_PASSWORD });
  expect(response.status).toBe(200);
  return client;
}

async function signInInBrowser(page: Page, email: string): Promise<void> {
  await page.goto("/sign-in?callbackUrl=/dashboard");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL("**/dashboard");
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApp({ databaseUrl: db.url, env: { EMAIL_VERIFICATION: "off" } });
  const ada = await signUp("Ada Admin", ADA_EMAIL);
  await signUp("Sam Member", "sam@example.com");
  const [row] = await db.query<{ id: string }>(`update "user" set role = 'admin' where email = $1 returning id`, [
    ADA_EMAIL,
  ]);
  adaId = row!.id;
  const organization = await ada.postJson("/api/auth/organization/create", { name: "Acme Rockets", slug: "acme" });
  expect(organization.status).toBe(200);
  const { id: organizationId } = (await organization.json()) as { id: string };
  const invitation = await ada.postJson("/api/auth/organization/invite-member", {
    organizationId,
    email: "sam@example.com",
    role: "member",
  });
  expect(invitation.status).toBe(200);
  invitationId = ((await invitation.json()) as { id: string }).id;

  browser = await launchChromium();
  contexts.set("visitor", await context("198.51.100.150"));
  contexts.set("admin", await context(ADA_ADDRESS));
  contexts.set("member", await context("198.51.100.151"));
  await signInInBrowser(await contexts.get("admin")!.newPage(), ADA_EMAIL);
  await signInInBrowser(await contexts.get("member")!.newPage(), "sam@example.com");
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Opens the page as its person sees it, once the browser has filled in the header. */
async function open(page: Page, visit: Visit): Promise<void> {
  const response = await page.goto(visit.path());
  expect(response?.status(), visit.path()).toBe(visit.status ?? 200);
  if (!visit.status) expect(new URL(page.url()).pathname).toBe(visit.path().split("?")[0]);
  if (!visit.standalone) await accountAction(page, visit).waitFor({ state: "attached" });
}

/** What the header offers the visitor at all widths: "Sign out", or "Sign in" to a visitor. */
const accountAction = (page: Page, visit: Visit) =>
  (visit.who === "visitor"
    ? page.getByRole("link", { name: "Sign in", exact: true })
    : page.getByRole("button", { name: "Sign out" })
  ).first();

/**
 * Tabs through the page (at most 80 stops) and names each focused element that
 * shows no sign of it: no visible outline, and no box shadow (a ring) that it
 * lacks when not focused.
 */
async function focusWithoutIndicator(page: Page): Promise<string[]> {
  const unmarked: string[] = [];
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let stop = 0; stop < 80; stop++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return null;
      const style = getComputedStyle(element);
      const transparent = /rgba\(.*,\s*0\)$|transparent/.test(style.outlineColor);
      const outline = style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) > 0 && !transparent;
      const focusedShadow = style.boxShadow;
      element.blur();
      const ring = getComputedStyle(element).boxShadow !== focusedShadow;
      element.focus();
      const label = element.textContent || element.getAttribute("aria-label") || element.getAttribute("name") || "";
      return { name: `${element.tagName.toLowerCase()} "${label.trim().slice(0, 40)}"`, visible: outline || ring };
    });
    if (!focused) break;
    if (!focused.visible) unmarked.push(focused.name);
  }
  return unmarked;
}

/** Text fields with no autocomplete attribute: a phone and a password manager then guess. */
async function fieldsWithoutAutocomplete(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLInputElement>("input"))
      .filter((input) => !["hidden", "checkbox", "radio", "submit", "button"].includes(input.type))
      .filter((input) => !input.getAttribute("autocomplete"))
      .map((input) => input.name),
  );
}

describe("every page", () => {
  it("is in this list", () => {
    const listed = PAGES.filter((p) => p.route.startsWith("/")).map((p) => p.route);
    expect([...new Set(listed)].sort()).toEqual(pageRoutes());
  });

  it("would notice a focus indicator taken away (the check below can fail)", async () => {
    const page = await contexts.get("visitor")!.newPage();
    await page.goto("/sign-in");
    await page.addStyleTag({ content: "*:focus { outline: none !important; box-shadow: none !important; }" });
    const unmarked = await focusWithoutIndicator(page);
    expect(unmarked).toEqual(expect.arrayContaining(['input "email"', 'input "password"', 'a "Forgot password?"']));
    await page.close();
  });

  for (const visit of PAGES) {
    it(`${visit.route} as ${visit.who}: WCAG 2.1 AA, its title, focus shown, and no sideways scroll at 360 px`, async () => {
      const page = await contexts.get(visit.who)!.newPage();
      try {
        await page.setViewportSize(DESKTOP);
        await open(page, visit);
        expect(await page.title()).toBe(visit.title);
        expect(await accessibilityViolations(page), "desktop").toEqual([]);
        expect(await focusWithoutIndicator(page), "focus indicator").toEqual([]);
        expect(await fieldsWithoutAutocomplete(page), "autocomplete").toEqual([]);

        await page.setViewportSize(PHONE);
        await open(page, visit);
        // Without it a phone lays the page out 980 px wide and shrinks it (desktop Chromium ignores the tag).
        expect(await page.locator('meta[name="viewport"]').getAttribute("content")).toContain("width=device-width");
        const width = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
        }));
        expect(width.scroll, "sideways scroll at 360 px").toBeLessThanOrEqual(width.client);
        expect(width.scroll).toBeLessThanOrEqual(PHONE.width);
        if (!visit.standalone) {
          const box = await accountAction(page, visit).boundingBox();
          expect(box, "the account action is shown").not.toBeNull();
          expect(box!.x).toBeGreaterThanOrEqual(0);
          expect(box!.x + box!.width).toBeLessThanOrEqual(width.client);
        }
        const name = visit.route === "/" ? "home" : visit.route.replaceAll(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
        await screenshot(page, `phone-${name}-${visit.who}`); // and axe at 360 px (support/browser.ts)
      } finally {
        await page.close();
      }
    });
  }
});

describe("a form's errors", () => {
  it("are announced as they appear, tied to their fields, and pass the checks on a phone", async () => {
    const page = await contexts.get("visitor")!.newPage();
    await page.setViewportSize(PHONE);
    await page.goto("/sign-up");
    await page.getByRole("button", { name: "Create account" }).click();
    const errors = page.locator("[data-field-error]");
    await expect.poll(() => errors.count()).toBe(3);
    for (const error of await errors.all()) {
      expect(await error.getAttribute("role")).toBe("alert");
      const id = await error.getAttribute("id");
      const field = page.locator(`[name="${await error.getAttribute("data-field-error")}"]`);
      expect((await field.getAttribute("aria-describedby"))?.split(" ")).toContain(id);
      expect(await field.getAttribute("aria-invalid")).toBe("true");
    }
    await screenshot(page, "phone-sign-up-errors"); // checked with axe, errors shown
    await page.close();
  });
});

describe("the header on a phone", () => {
  const menuButton = (page: Page) => page.getByRole("button", { name: "Menu" });

  it("keeps the navigation behind a menu button that the keyboard opens, Escape closes and a link closes", async () => {
    const page = await contexts.get("admin")!.newPage();
    await page.setViewportSize(PHONE);
    await page.goto("/dashboard");
    const security = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Security" });
    expect(await security.isVisible()).toBe(false);
    expect(await menuButton(page).getAttribute("aria-expanded")).toBe("false");

    await menuButton(page).focus();
    await page.keyboard.press("Enter");
    expect(await menuButton(page).getAttribute("aria-expanded")).toBe("true");
    expect(await security.isVisible()).toBe(true);
    expect(await page.getByText(`Signed in as ${ADA_EMAIL}`).isVisible()).toBe(true);
    await screenshot(page, "phone-menu-open"); // checked with axe, menu open

    await page.keyboard.press("Escape");
    expect(await menuButton(page).getAttribute("aria-expanded")).toBe("false");
    expect(await security.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Menu");

    await menuButton(page).click();
    await security.click();
    await page.waitForURL("**/account/security");
    expect(await menuButton(page).getAttribute("aria-expanded")).toBe("false");
    await menuButton(page).click();
    expect(await security.getAttribute("aria-current")).toBe("page");
    await page.mouse.click(180, 700); // a tap outside closes it
    expect(await menuButton(page).getAttribute("aria-expanded")).toBe("false");
    await page.close();
  });

  it("opens the organization switcher inside the menu, within the screen", async () => {
    const page = await contexts.get("admin")!.newPage();
    await page.setViewportSize(PHONE);
    await page.goto("/orgs/acme");
    await menuButton(page).click();
    const switcher = page.getByTestId("organization-switcher");
    expect(await switcher.locator("summary").textContent()).toContain("Acme Rockets");
    await switcher.locator("summary").click();
    const list = await page.getByRole("list", { name: "Your organizations" }).boundingBox();
    expect(list!.x).toBeGreaterThanOrEqual(0);
    expect(list!.x + list!.width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, "phone-menu-organizations");
    await page.close();
  });

  it("offers Help through the menu when signed out, next to Sign in and Sign up", async () => {
    const page = await contexts.get("visitor")!.newPage();
    await page.setViewportSize(PHONE);
    await page.goto("/");
    await page.getByRole("link", { name: "Sign up" }).waitFor();
    await menuButton(page).click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Help" }).click();
    await page.waitForURL("**/help");
    await page.close();
  });
});

describe("a device's address", () => {
  it("is shown as its network, compressed, not as eight groups of zeros", async () => {
    const page = await contexts.get("admin")!.newPage();
    await page.goto("/account/security");
    const sessions = await page.locator("[data-session-id]").allTextContents();
    expect(sessions.join("\n")).toContain("2001:db8:1234::/48");
    expect(sessions.join("\n")).not.toContain("0000");
    await page.goto(`/admin/users/${adaId}`);
    expect(await page.getByTestId("user-sessions").textContent()).toContain("2001:db8:1234::/48");
    await page.close();
  });
});

describe("two-factor set-up on a phone", () => {
  it("shows the QR code, the key to type and the code field within the screen", async () => {
    const page = await contexts.get("admin")!.newPage();
    await page.setViewportSize(PHONE);
    await page.goto("/account/security");
    const card = page.getByTestId("two-factor");
    await card.getByLabel("Your password").fill(TEST_PASSWORD);
    await card.getByRole("button", { name: "Turn on" }).click();
    await expect.poll(() => card.getAttribute("data-state")).toBe("scan");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    const secret = await page.getByTestId("totp-secret").boundingBox();
    expect(secret!.x + secret!.width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, "phone-two-factor-scan"); // checked with axe
    await page.close();
  });
});
