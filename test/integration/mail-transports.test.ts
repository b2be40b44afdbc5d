/**
 * The two production transports deliver for real: SMTP (nodemailer) to a
 * real SMTP server, and Resend's HTTP API (its local stand-in, which speaks
 * the documented shape and relays to that server). Failures come back as
 * errors the mailer can log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetPasswordMail } from "@/lib/server/mail/compose";
import { resendTransport } from "@/lib/server/mail/transports/resend";
import { smtpTransport } from "@/lib/server/mail/transports/smtp";
import { MAIL_FROM, type Mailbox, startMailbox } from "../support/mailbox";

let mailbox: Mailbox;
beforeAll(async () => {
  mailbox = await startMailbox();
});
afterAll(() => mailbox?.close());

const outgoing = (to: string, id = crypto.randomUUID()) => ({
  ...resetPasswordMail(to, "Ann", "http://localhost:3000/reset-password?token=t0k3n"),
  id,
  from: MAIL_FROM,
});

describe("mail transports", () => {
  it("delivers over SMTP with text and HTML parts", async () => {
    const providerId = await smtpTransport(mailbox.smtp.url).send(outgoing("smtp@example.com"));
    expect(providerId).toMatch(/^<.+>$/);
    const mail = await mailbox.message("smtp@example.com", /Reset your edgegate password/);
    expect(mail.from).toBe("no-reply@edgegate.test");
    expect(mail.text).toContain("http://localhost:3000/reset-password?token=t0k3n");
    expect(mail.html).toContain("Choose a new password");
  });

  it("delivers through Resend's API, once per idempotency key", async () => {
    const transport = resendTransport(mailbox.resend.apiKey, mailbox.resend.url);
    const message = outgoing("resend@example.com");
    const id = await transport.send(message);
    expect(await transport.send(message)).toBe(id);
    await mailbox.message("resend@example.com", /Reset your edgegate password/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mailbox.smtp.received.filter((m) => m.to.includes("resend@example.com"))).toHaveLength(1);
  });

  it("reports a refused key or server as an error, naming what the service said", async () => {
    await expect(resendTransport("re_wrong", mailbox.resend.url).send(outgoing("nobody@example.com"))).rejects.toThrow(
      "Resend answered 403: API key is invalid",
    );
    const wrongPassword = mailbox.smtp.url.replace("smtp-stand-in-password", "wrong");
    await expect(smtpTransport(wrongPassword).send(outgoing("nobody@example.com"))).rejects.toThrow(
      /Invalid login|auth/i,
    );
  });
});
