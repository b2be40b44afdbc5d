/**
 * The app's messages, each a plain-text and a simple HTML part: the app's
 * name, what happened, the link (built from BETTER_AUTH_URL by the caller),
 * how long it works, and what to do if it was not you.
 */
import { APP_NAME } from "@/lib/shared/app";
import { type ApiKeySummary, accessOf } from "@/lib/shared/auth/api-key-access";

export type MailKind =
  | "verify-email"
  | "confirm-new-email"
  | "email-change-requested"
  | "reset-password"
  | "password-changed"
  | "account-deleted"
  | "sign-up-attempt"
  | "magic-link"
  | "passkey-added"
  | "provider-linked"
  | "two-factor-disabled"
  | "two-factor-enabled"
  | "email-changed"
  | "reauth-code"
  | "organization-invitation"
  | "api-key-created"
  | "api-key-revoked";

export interface Mail {
  kind: MailKind;
  to: string;
  subject: string;
  text: string;
  html: string;
}

interface Parts {
  subject: string;
  /** Paragraphs before the link. */
  lead: string[];
  action?: { label: string; url: string; expires?: string };
  /** What to do if the reader did not ask for this. */
  notYou: string;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function render(kind: MailKind, to: string, parts: Parts): Mail {
  const { subject, lead, action, notYou } = parts;
  const text = [
    ...lead,
    ...(action ? [`${action.label}: ${action.url}`, ...(action.expires ? [action.expires] : [])] : []),
    notYou,
    `— ${APP_NAME}`,
  ].join("\n\n");
  const p = (t: string) => `<p style="margin:0 0 16px">${escapeHtml(t)}</p>`;
  const button = action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="background:#2550e4;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:13px;color:#64748b">Or paste this link into your browser: ${escapeHtml(action.url)}</p>` +
      (action.expires ? p(action.expires) : "")
    : "";
  const html = `<!doctype html><html><body style="margin:0;padding:24px;background:#f8fafc;font-family:system-ui,sans-serif;color:#0f172a"><div style="max-width:520px;margin:0 auto;background:#fff;border:1px solid #e2e8f0;border-radius:12px;padding:28px"><p style="margin:0 0 20px;font-weight:600">${APP_NAME}</p>${lead.map(p).join("")}${button}<p style="margin:16px 0 0;font-size:13px;color:#64748b">${escapeHtml(notYou)}</p></div></body></html>`;
  return { kind, to, subject, text, html };
}

/** Longest name a greeting quotes: enough for a real one, too short to write a message of its own. */
const GREETING_NAME_MAX = 64;

/**
 * A name as one plain line: control, format and line-separator characters
 * (newlines, bidirectional overrides) become spaces, and a long one is cut.
 * Names are typed by whoever holds a session, so they are kept from shaping
 * the message around them.
 */
export function neutralise(text: string, max = GREETING_NAME_MAX): string {
  const line = text
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

const greeting = (name: string) => `Hello ${neutralise(name)},`;

/**
 * Security notices greet nobody by name: they tell of changes a session
 * holder made, and that holder may be a thief who chose the name.
 */
const NOTICE_GREETING = "Hello,";

export function verifyEmailMail(to: string, name: string, url: string): Mail {
  return render("verify-email", to, {
    subject: `Confirm your email for ${APP_NAME}`,
    lead: [greeting(name), `Confirm that ${to} is your address to finish creating your ${APP_NAME} account.`],
    action: { label: "Confirm my email", url, expires: "The link works once, for one hour." },
    notYou: "If you did not create an account, ignore this message: nothing happens without the link.",
  });
}

export function confirmNewEmailMail(to: string, name: string, url: string): Mail {
  return render("confirm-new-email", to, {
    subject: `Confirm your new email for ${APP_NAME}`,
    lead: [
      greeting(name),
      `You asked to use ${to} for your ${APP_NAME} account. The change applies once you confirm it.`,
    ],
    action: { label: "Use this address", url, expires: "The link works for one hour." },
    notYou: "If you did not ask for this, ignore this message: your account keeps its current address.",
  });
}

export function emailChangeRequestedMail(to: string, name: string, newEmail: string, signInUrl: string): Mail {
  return render("email-change-requested", to, {
    subject: `Your ${APP_NAME} email address is being changed`,
    lead: [
      greeting(name),
      `Someone signed in to your ${APP_NAME} account asked to change its email address to ${newEmail}. It changes only once the link sent to that address is used.`,
    ],
    notYou: `If this was not you, sign in at ${signInUrl} and, on the Security page, change your password and sign out your other devices: that also cancels this change.`,
  });
}

export function resetPasswordMail(to: string, name: string, url: string): Mail {
  return render("reset-password", to, {
    subject: `Reset your ${APP_NAME} password`,
    lead: [greeting(name), `Someone asked to reset the password of your ${APP_NAME} account.`],
    action: {
      label: "Choose a new password",
      url,
      expires: "The link works once, for one hour. Every device signed in to your account will be signed out.",
    },
    notYou: "If you did not ask for this, ignore this message: your password stays as it is.",
  });
}

export function passwordChangedMail(to: string, name: string, signInUrl: string): Mail {
  return render("password-changed", to, {
    subject: `Your ${APP_NAME} password was changed`,
    lead: [greeting(name), `The password of your ${APP_NAME} account was just changed.`],
    notYou: `If this was not you, reset your password now from ${signInUrl} ("Forgot password?") and check your devices on the Security page.`,
  });
}

export function accountDeletedMail(to: string, name: string): Mail {
  return render("account-deleted", to, {
    subject: `Your ${APP_NAME} account was deleted`,
    lead: [
      greeting(name),
      `Your ${APP_NAME} account and everything tied to it (sessions, sign-in methods) were deleted.`,
    ],
    notYou:
      "If you did not do this, someone had access to your account: contact support, and check other accounts that used the same password.",
  });
}

export function signUpAttemptMail(to: string, name: string, signInUrl: string, resetUrl: string): Mail {
  return render("sign-up-attempt", to, {
    subject: `Someone tried to create a ${APP_NAME} account with your email`,
    lead: [
      greeting(name),
      `Someone tried to create a new ${APP_NAME} account with ${to}, which already has one. No new account was created.`,
      `If it was you, sign in at ${signInUrl}; if you forgot your password, reset it at ${resetUrl}.`,
    ],
    notYou: "If it was not you, you can ignore this message: your account is unchanged.",
  });
}

export function magicLinkMail(to: string, url: string): Mail {
  return render("magic-link", to, {
    subject: `Your ${APP_NAME} sign-in link`,
    lead: ["Hello,", `Use this link to sign in to ${APP_NAME} as ${to}. If you have no account yet, it creates one.`],
    action: { label: "Sign in", url, expires: "The link works once, for five minutes." },
    notYou:
      "If you did not ask to sign in, ignore this message: only someone who can read this email can use the link.",
  });
}

export function magicLinkRefusedMail(to: string, name: string, signInUrl: string): Mail {
  return render("magic-link", to, {
    subject: `Sign in to ${APP_NAME} with your password and code`,
    lead: [
      greeting(name),
      `Someone asked for a sign-in link for ${to}. Your account uses two-factor authentication, so email links do not sign it in: a link alone would skip your second factor.`,
      `Sign in at ${signInUrl} with your password and the code from your authenticator app, or with a passkey.`,
    ],
    notYou: "If you did not ask for a link, you can ignore this message: your account is unchanged.",
  });
}

export function passkeyAddedMail(to: string, securityUrl: string): Mail {
  return render("passkey-added", to, {
    subject: `A passkey was added to your ${APP_NAME} account`,
    lead: [
      NOTICE_GREETING,
      `A passkey was just added to your ${APP_NAME} account. A passkey signs in on its own, without your password or code.`,
    ],
    notYou: `If this was not you, someone has access to your account: at ${securityUrl} remove the passkey you do not recognise, change your password and sign out your other devices.`,
  });
}

export function twoFactorDisabledMail(to: string, securityUrl: string): Mail {
  return render("two-factor-disabled", to, {
    subject: `Two-factor authentication was turned off for your ${APP_NAME} account`,
    lead: [
      NOTICE_GREETING,
      `Two-factor authentication was just turned off for your ${APP_NAME} account: your password alone now signs in.`,
    ],
    notYou: `If this was not you, at ${securityUrl} change your password, signing out your other devices, and turn two-factor authentication back on.`,
  });
}

export function twoFactorEnabledMail(to: string, securityUrl: string): Mail {
  return render("two-factor-enabled", to, {
    subject: `Two-factor authentication was turned on for your ${APP_NAME} account`,
    lead: [
      NOTICE_GREETING,
      `Two-factor authentication was just turned on for your ${APP_NAME} account: signing in with the password now also asks for a code from the authenticator app set up then.`,
    ],
    notYou: `If this was not you, someone else holds that authenticator and could keep you out: at ${securityUrl} turn two-factor authentication off, then change your password, signing out your other devices.`,
  });
}

export function providerLinkedMail(to: string, provider: string, securityUrl: string): Mail {
  const name = neutralise(provider);
  return render("provider-linked", to, {
    subject: `${name} was linked to your ${APP_NAME} account`,
    lead: [
      NOTICE_GREETING,
      `${name} was just linked to your ${APP_NAME} account: signing in with ${name} now opens your account.`,
    ],
    notYou: `If this was not you, secure your ${name} account (whoever controls it can now sign in to yours), then at ${securityUrl} change your password and sign out your other devices.`,
  });
}

/** The ways of signing in an account keeps when its address has moved. */
export interface RemainingSignIn {
  password: boolean;
  passkey: boolean;
  providers: string[];
}

/**
 * To the old address, once an email change has completed. That address no
 * longer gets sign-in links or password resets, so it says honestly what
 * still signs in (password with the new address, a passkey, a linked
 * provider) and what to do then.
 */
export function emailChangedMail(to: string, newEmail: string, remaining: RemainingSignIn, signInUrl: string): Mail {
  const ways = [
    ...(remaining.password
      ? [`with your password, typing ${newEmail} as the email (unless the password has been reset since)`]
      : []),
    ...(remaining.passkey ? ["with one of your passkeys"] : []),
    ...remaining.providers.map((provider) => `with ${neutralise(provider)}`),
  ];
  const howBack = ways.length
    ? `If this was not you, act now: sign in at ${signInUrl} ${ways.join(", or ")}. Then change the address back on your Account page, and on the Security page change your password and sign out your other devices.`
    : `If this was not you: this account has no way left to sign in that does not go through ${newEmail}.`;
  return render("email-changed", to, {
    subject: `The email address of your ${APP_NAME} account was changed`,
    lead: [
      NOTICE_GREETING,
      `The email address of your ${APP_NAME} account was just changed from ${to} to ${newEmail}, and every other device signed in to it was signed out. Sign-in links and password resets now go to ${newEmail}, no longer to this address.`,
      howBack,
    ],
    notYou: `If you cannot sign in, contact the people who run ${APP_NAME} and keep this message: it records the change.`,
  });
}

export function reauthCodeMail(to: string, code: string, signInUrl: string): Mail {
  return render("reauth-code", to, {
    subject: `Your ${APP_NAME} confirmation code`,
    lead: [
      NOTICE_GREETING,
      `Someone signed in to your ${APP_NAME} account asked to confirm it is you before a sensitive change, such as deleting the account, changing its email address or adding a passkey.`,
      `Your code: ${code}`,
      "It works once, for ten minutes, and only on the device that asked for it.",
    ],
    notYou: `If this was not you, do not give the code to anyone: someone may be signed in to your account. Sign in at ${signInUrl} and sign out your other devices on the Security page.`,
  });
}

/**
 * An invitation to an organization. The inviter chose both names shown here,
 * so they are quoted as plain lines, and the message says that only the
 * invited address can accept.
 */
export function organizationInvitationMail(
  to: string,
  inviterName: string,
  organizationName: string,
  url: string,
): Mail {
  const organization = neutralise(organizationName);
  return render("organization-invitation", to, {
    subject: `You are invited to ${organization} on ${APP_NAME}`,
    lead: [
      NOTICE_GREETING,
      `${neutralise(inviterName)} invited ${to} to join the organization “${organization}” on ${APP_NAME}.`,
      `Sign in or create an account with ${to} to accept: the invitation works for this address only.`,
    ],
    action: { label: "See the invitation", url, expires: "The invitation works once, for seven days." },
    notYou: "If you do not know this organization, ignore this message: nothing happens unless you accept.",
  });
}

/** When and from where a change was made, as the request showed it. */
export interface ChangeOrigin {
  at: Date;
  /** The client's address, as the platform reported it. */
  address: string | null;
  /** Its country code (Cloudflare and Vercel only). */
  country: string | null;
}

/**
 * To the owner, when an API key was created or revoked: which key (its name
 * quoted as a plain line, since whoever holds the session chose it), its
 * access, when and from where. A key works without the password or any
 * second factor, so a key the owner did not make is revoked first.
 */
export function apiKeyMail(
  to: string,
  change: "created" | "revoked",
  key: ApiKeySummary,
  origin: ChangeOrigin,
  /** The organization owning the key (null: the account's own), and the page listing such keys. */
  keys: { name: string | null; url: string },
): Mail {
  const where = origin.address ? ` from ${origin.address}${origin.country ? ` (${origin.country})` : ""}` : "";
  const facts = [
    `Name: ${neutralise(key.name)}`,
    `Starts with: ${key.start}…`,
    `Access: ${accessOf(key.kind).toLowerCase()}`,
    `When: ${origin.at.toUTCString()}${where}`,
  ];
  const created = change === "created";
  const owner = keys.name ? `the organization ${neutralise(keys.name)}` : `your ${APP_NAME} account`;
  const what = keys.name ? "the organization's API" : "the account's API";
  return render(created ? "api-key-created" : "api-key-revoked", to, {
    subject: keys.name
      ? `An API key was ${change} for ${neutralise(keys.name)} on ${APP_NAME}`
      : `An API key was ${change} on your ${APP_NAME} account`,
    lead: [
      NOTICE_GREETING,
      created
        ? `An API key was just created for ${owner}. Programs that hold it can use ${what} without your password or second factor, until it expires or is revoked.`
        : `An API key of ${owner} was just revoked: requests made with it are refused from now on.`,
      ...facts,
    ],
    notYou: created
      ? `If this wasn't you, revoke it at ${keys.url} and change your password, signing out your other devices.`
      : `If this wasn't you, someone has access to your account: check the other keys at ${keys.url} and change your password, signing out your other devices.`,
  });
}
