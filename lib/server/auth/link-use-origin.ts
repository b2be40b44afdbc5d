/**
 * The endpoints that turn an emailed token into a session answer only the
 * app's own pages. Otherwise an attacker who asks for a link to an address of
 * theirs can make a victim's browser use it (an <img>, a link on another site,
 * a link in a chat or mail app) and so sign the victim into the attacker's
 * account, where what they then type is the attacker's to read (login CSRF).
 * The app's /verify-email and /magic-link pages call these endpoints from this
 * origin, and the mails link to those pages, never to the endpoints.
 *
 * The browser says where a request comes from in Sec-Fetch-Site, which pages
 * cannot forge:
 * - `same-origin`: the app's own pages. Allowed.
 * - `cross-site`: another site. Refused.
 * - `same-site`: another host under the same registrable domain (a sibling
 *   subdomain, perhaps one serving user content): not this app. Refused.
 * - `none`: a navigation no page started — typed, bookmarked, or opened from
 *   a mail or chat app, which is how an attacker's own link would arrive; the
 *   app's mails never link here. Refused.
 * - absent: not a browser (scripts, server-side calls, tests) or a browser too
 *   old to send it (before 2023); a request without a victim's browser behind
 *   it is no login CSRF. Allowed.
 */
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";

/** The paths this rule covers (a test asserts each exists in auth.api). */
export const SIGN_IN_LINK_PATHS = ["/verify-email", "/magic-link/verify"];

const CROSS_SITE_LINK = {
  code: "CROSS_SITE_LINK",
  message: "This link works only from the page our email links to: open the link in the email, then press the button.",
};

/** Whether a request came from this app's own pages, or from no browser at all (see above). */
export function fromOwnPageOrNoBrowser(headers: Headers | undefined): boolean {
  const site = headers?.get("sec-fetch-site");
  return site === null || site === undefined || site === "same-origin";
}

export const signInLinksFromOwnPages: BetterAuthPlugin = {
  id: "edgegate-sign-in-links-from-own-pages",
  hooks: {
    before: [
      {
        matcher: (ctx) => ctx.path !== undefined && SIGN_IN_LINK_PATHS.includes(ctx.path),
        handler: createAuthMiddleware(async (ctx) => {
          if (!fromOwnPageOrNoBrowser(ctx.headers)) throw APIError.from("FORBIDDEN", CROSS_SITE_LINK);
        }),
      },
    ],
  },
};
