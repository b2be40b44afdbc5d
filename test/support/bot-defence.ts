/**
 * An app with both bot defences on (issue 20) for the end-to-end tests:
 * Turnstile against the siteverify stand-in, the breach check against the
 * Pwned Passwords stand-in, mail through the real mailbox.
 */
import { BREACHED, type PwnedPasswordsStandIn, startPwnedPasswords } from "../../stand-ins/pwned-passwords";
import { startTurnstile, type TurnstileStandIn } from "../../stand-ins/turnstile";
import { E2E_TARGET, type RunningApp, startApp } from "./app-server";
import { createTestDatabase, type TestDatabase } from "./database";
import { type Mailbox, startMailbox } from "./mailbox";

/** In every breach corpus (the stand-in's list) and long enough for the length rule, so only the breach refuses it. */
export const BREACHED_PASSWORD = "correct horse battery staple";

export interface DefendedApp {
  app: RunningApp;
  db: TestDatabase;
  mailbox: Mailbox;
  siteverify: TurnstileStandIn;
  pwned: PwnedPasswordsStandIn;
  stop(): Promise<void>;
}

export async function startDefendedApp(): Promise<DefendedApp> {
  if (!BREACHED[BREACHED_PASSWORD]) throw new Error("the stand-in's breach list lost BREACHED_PASSWORD");
  const db = await createTestDatabase();
  const mailbox = await startMailbox();
  const siteverify = await startTurnstile();
  const pwned = await startPwnedPasswords();
  const app = await startApp({
    databaseUrl: db.url,
    env: {
      ...mailbox.env(E2E_TARGET),
      // Any site key: the stand-in checks its own secret, as Cloudflare checks a widget's.
      TURNSTILE_SITE_KEY: "0x4AAAAAAAedgegate-e2e-site",
      TURNSTILE_SECRET_KEY: siteverify.secret,
      TURNSTILE_SITEVERIFY_URL: siteverify.url,
      PASSWORD_BREACH_CHECK: "on",
      PWNED_PASSWORDS_URL: pwned.url,
    },
  });
  return {
    app,
    db,
    mailbox,
    siteverify,
    pwned,
    async stop() {
      await app.stop();
      await siteverify.close();
      await pwned.close();
      await mailbox.close();
    },
  };
}
