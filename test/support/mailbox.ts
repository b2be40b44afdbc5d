/**
 * Where the app's mail goes in end-to-end tests: a real SMTP server, and
 * Resend's API stand-in relaying to it. next start sends over SMTP, the
 * Worker through the HTTP API, as each does in production; the tests read
 * both from the one mailbox.
 */
import { type ResendStandIn, startResendApi } from "../../stand-ins/resend-api";
import { type ReceivedMail, type SmtpStandIn, startSmtp } from "../../stand-ins/smtp";
import type { Target } from "./app-server";

export const MAIL_FROM = "edgegate <no-reply@edgegate.test>";

export interface Mailbox {
  smtp: SmtpStandIn;
  resend: ResendStandIn;
  /** The app's mail settings for a runtime. */
  env(target: Target): Record<string, string>;
  /** The first message to `to` whose subject matches, waiting for it if need be. */
  message(to: string, subject: RegExp): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export async function startMailbox(): Promise<Mailbox> {
  const smtp = await startSmtp();
  const resend = await startResendApi(smtp.url);
  return {
    smtp,
    resend,
    env(target): Record<string, string> {
      if (target === "workerd") return { RESEND_API_KEY: resend.apiKey, RESEND_API_URL: resend.url, MAIL_FROM };
      return { SMTP_URL: smtp.url, MAIL_FROM };
    },
    message: (to, subject) => smtp.waitFor((mail) => mail.to.includes(to.toLowerCase()) && subject.test(mail.subject)),
    async close() {
      await resend.close();
      await smtp.close();
    },
  };
}

/** The link a message asks its reader to follow. */
export function linkOf(mail: ReceivedMail): string {
  const found = /https?:\/\/\S+/.exec(mail.text)?.[0];
  if (!found) throw new Error(`no link in "${mail.subject}"`);
  return found;
}
