/** SMTP through nodemailer, for Node deployments (SMTP_URL). Not in the Worker build: a Worker cannot open SMTP connections. */
import { createTransport } from "nodemailer";
import type { MailTransport, Outgoing } from "./types";

export function smtpTransport(url: string): MailTransport {
  // One transport per process; nodemailer opens a connection per message unless pooled.
  // Bounded waits: a sick server must not keep background work alive for minutes (nodemailer's defaults).
  const smtp = createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  return {
    name: "smtp",
    async send(mail: Outgoing) {
      const info = await smtp.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: { "x-edgegate-message-id": mail.id },
      });
      return info.messageId;
    },
  };
}
