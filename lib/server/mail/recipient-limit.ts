/**
 * At most MAILS_PER_RECIPIENT messages an hour of each kind that anyone can
 * make the app send to one address (sign-up attempts, confirmation links,
 * resets, sign-in links), from however many client addresses they ask: the
 * per-client limits alone let a botnet fill someone's inbox, and the app's
 * sending reputation with it. Counted per address and kind in the shared
 * counter (Postgres, keyed by HMAC so the table holds no addresses:
 * lib/server/auth/rate-limit.ts).
 *
 * Per kind, not one count for all: with one count, five sign-ups for the
 * owner's taken address an hour (each mails a useless "someone tried to sign
 * up") would hold back every reset link and sign-in link the owner asks for,
 * for good. A stranger who floods one kind now only fills it with messages
 * that work for the owner (reset and sign-in links go to the owner's inbox).
 *
 * No enumeration: the decision is taken in the sending path, after the
 * response (the mailer's schedule), so the answer is the same, in content and
 * time, whether the message goes, is held back, or the address has no account.
 *
 * Notices of what the account itself did (password changed, email change
 * asked for, account deleted, and whatever a new kind is classed as) are never
 * held back: only the account's own session or link can cause them, and a
 * stranger flooding the address with reset requests must not silence the
 * warning that the password was just changed. They do not count either.
 */
import { consume, secretKey } from "@/lib/server/auth/rate-limit";
import { describeError } from "@/lib/server/db/errors";
import type { Database } from "@/lib/server/db/types";
import type { MailKind } from "./compose";
import type { Mailer, Schedule } from "./mailer";

export const MAILS_PER_RECIPIENT = 5;
const WINDOW_SECONDS = 60 * 60;
const KEY_PREFIX = "mail-to|";

/** Every kind, classed: `limited` if a stranger can cause it, `notice` if only the account's own action can. */
export const MAIL_KIND_LIMITS: Record<MailKind, "limited" | "notice"> = {
  "verify-email": "limited", // sign-up, resend
  "confirm-new-email": "limited", // to an address the session holder chose
  "reset-password": "limited",
  "sign-up-attempt": "limited", // a sign-up for a taken address
  "magic-link": "limited", // the link, or the note that two-factor accounts get none
  "email-change-requested": "notice",
  "password-changed": "notice",
  "account-deleted": "notice",
  "passkey-added": "notice",
  "provider-linked": "notice",
  "two-factor-disabled": "notice",
  "two-factor-enabled": "notice",
  "email-changed": "notice", // to the old address, once a change completes
  "organization-invitation": "limited", // to an address an inviter typed
  // Only a signed-in session can ask, and reauthentication.ts limits it per account (3 per 15 min):
  // a flood of resets must not leave the owner without a way to confirm it is them.
  "reauth-code": "notice",
  // The account's own keys; creating one needs a recent proof of identity and is rate-limited.
  "api-key-created": "notice",
  "api-key-revoked": "notice",
};

export function limitMailPerRecipient(mailer: Mailer, db: Database, secret: string, schedule: Schedule): Mailer {
  return {
    send(mail) {
      if (MAIL_KIND_LIMITS[mail.kind] === "notice") {
        mailer.send(mail);
        return;
      }
      schedule(async () => {
        const key = secretKey(secret, KEY_PREFIX, `${mail.kind}|${mail.to.trim().toLowerCase()}`);
        try {
          const { allowed } = await consume(db, key, { window: WINDOW_SECONDS, max: MAILS_PER_RECIPIENT });
          if (!allowed) {
            console.warn(`[mail] ${mail.kind} not sent: over ${MAILS_PER_RECIPIENT} of it an hour to this recipient`);
            return;
          }
        } catch (error) {
          // Without the counter, the message still goes: losing a reset link is worse than one too many.
          console.error(`[mail] recipient limit unavailable, sending ${mail.kind}: ${describeError(error)}`);
        }
        mailer.send(mail);
      });
    },
  };
}
