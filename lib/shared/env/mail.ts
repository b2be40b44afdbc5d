/**
 * Mail settings: which transport delivers the app's messages, from which
 * address, and whether a new account must confirm its email address.
 *
 * - SMTP_URL: SMTP (nodemailer) for Node deployments; a Worker cannot open
 *   SMTP connections.
 * - RESEND_API_KEY: Resend's HTTP API (fetch), on Node, Workers and Vercel.
 * - Neither, in development: the outbox, a folder the /dev/outbox page shows.
 */
import { isEmailAddress } from "@/lib/shared/auth/validation";
import { type EnvSource, type Problems, readChoice, readHttpUrl, readText } from "./read";

export type MailTransportConfig =
  | { kind: "smtp"; url: string }
  | { kind: "resend"; apiKey: string; apiUrl: string }
  | { kind: "outbox"; dir: string };

export interface MailEnv {
  /** null: production without any transport (only allowed with EMAIL_VERIFICATION=off). */
  transport: MailTransportConfig | null;
  /** The sender, as MAIL_FROM gives it: `name@example.com` or `Name <name@example.com>`. */
  from: string;
  /** EMAIL_VERIFICATION=required (the default): accounts confirm their address before they can sign in. */
  emailVerification: boolean;
}

export const MAIL_ENV_NAMES = ["EMAIL_VERIFICATION", "SMTP_URL", "RESEND_API_KEY", "RESEND_API_URL", "MAIL_FROM"];
const DEFAULT_RESEND_API_URL = "https://api.resend.com";
const DEVELOPMENT_FROM = "edgegate <no-reply@localhost>";

/** The address part of `Name <address>` or a bare address. */
export function senderAddress(from: string): string {
  return /<([^>]*)>\s*$/.exec(from)?.[1]?.trim() ?? from.trim();
}

function readSmtpUrl(source: EnvSource, workerd: boolean, problems: Problems): string | undefined {
  const raw = readText(source, "SMTP_URL");
  if (!raw) return undefined;
  if (workerd) {
    problems.push("SMTP_URL is set, but a Worker cannot open SMTP connections: set RESEND_API_KEY instead");
    return undefined;
  }
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (!url || (url.protocol !== "smtp:" && url.protocol !== "smtps:") || !url.hostname) {
    problems.push("SMTP_URL must look like smtp://user:password@host:587 (or smtps:// for implicit TLS on 465)");
    return undefined;
  }
  return raw;
}

export interface MailContext {
  production: boolean;
  /** Running inside a Worker, where SMTP is not available. */
  workerd: boolean;
  /** Where development data lives; the outbox is a folder beside it. */
  dataDir: string;
}

export function readMailEnv(source: EnvSource, context: MailContext, problems: Problems): MailEnv {
  const emailVerification =
    readChoice(source, "EMAIL_VERIFICATION", ["required", "off"], "required", problems) === "required";
  const smtpUrl = readSmtpUrl(source, context.workerd, problems);
  const apiKey = readText(source, "RESEND_API_KEY");
  const apiUrl = readHttpUrl(source, "RESEND_API_URL", problems)?.origin ?? DEFAULT_RESEND_API_URL;
  const from = readText(source, "MAIL_FROM");

  // A refused SMTP_URL has its own problem already; it still counts as an attempt to configure one.
  const configured = smtpUrl !== undefined || apiKey !== undefined || readText(source, "SMTP_URL") !== undefined;
  let transport: MailTransportConfig | null = null;
  if (smtpUrl && apiKey) problems.push("SMTP_URL and RESEND_API_KEY are both set: keep the one transport you use");
  else if (smtpUrl) transport = { kind: "smtp", url: smtpUrl };
  else if (apiKey) transport = { kind: "resend", apiKey, apiUrl };
  else if (configured) transport = null;
  else if (!context.production) transport = { kind: "outbox", dir: `${context.dataDir}/outbox` };
  else if (emailVerification) {
    problems.push(
      "no mail transport is set, and EMAIL_VERIFICATION is required (the default): set SMTP_URL (Node) or RESEND_API_KEY (Node, Workers, Vercel) with MAIL_FROM, or set EMAIL_VERIFICATION=off",
    );
  }

  const needsFrom = transport !== null && transport.kind !== "outbox";
  if (needsFrom && !from)
    problems.push("MAIL_FROM is not set: the sender of every message, e.g. edgegate <no-reply@example.com>");
  if (from && !isEmailAddress(senderAddress(from))) {
    problems.push(`MAIL_FROM must be an address or "Name <address>" (got "${from}")`);
  }
  return { transport, from: from ?? DEVELOPMENT_FROM, emailVerification };
}
