/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser),
 * with the flags this sandbox needs. Screenshots go to test-results/ (ignored;
 * CI keeps them as artefacts).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { accessibilityViolations } from "./accessibility";

export const SCREENSHOTS = join("test-results", "screenshots");

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

/**
 * Saves a picture of the page, and first checks it with axe-core's WCAG 2.1
 * A/AA rules (./accessibility.ts): every state a browser test photographs is a
 * state it checks, on both runtimes. `checked: false` only for a page that is
 * not the app's (the OpenID provider's own login).
 */
export async function screenshot(page: Page, name: string, { checked = true } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // After a client-side navigation Next streams the new page's <title> in a moment later: wait for it
  // (bounded), and let axe report the page if it never comes.
  await page.waitForFunction(() => document.title !== "", null, { timeout: 5_000 }).catch(() => undefined);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const violations = checked ? await accessibilityViolations(page) : [];
  if (violations.length) throw new Error(`${name}: WCAG 2.1 A/AA violations:\n${violations.join("\n")}`);
}

/** A platform authenticator with a PIN or biometric, as on a phone or laptop (Chrome DevTools' virtual WebAuthn). */
export async function addPlatformAuthenticator(context: BrowserContext, page: Page): Promise<void> {
  const devtools = await context.newCDPSession(page);
  await devtools.send("WebAuthn.enable", { enableUI: false });
  await devtools.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}
