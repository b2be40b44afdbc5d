/**
 * A mailer for in-process auth instances: it keeps each composed message
 * instead of scheduling a delivery. Integration tests read the links Better
 * Auth asked to send from here; the e2e tests read real deliveries from the
 * SMTP stand-in instead.
 */
import type { Mail, MailKind } from "@/lib/server/mail/compose";
import type { Mailer } from "@/lib/server/mail/mailer";

export class RecordingMailer implements Mailer {
  readonly sent: Mail[] = [];

  send(mail: Mail): void {
    this.sent.push(mail);
  }

  /** The newest message of `kind` to `to`; throws when there is none. */
  last(to: string, kind: MailKind): Mail {
    const found = this.sent.findLast((mail) => mail.to === to && mail.kind === kind);
    if (!found)
      throw new Error(
        `no ${kind} message to ${to} (sent: ${this.sent.map((m) => `${m.kind} to ${m.to}`).join(", ") || "none"})`,
      );
    return found;
  }
}

/** The link a message asks its reader to follow. */
export function linkIn(mail: Mail): URL {
  const found = /https?:\/\/\S+/.exec(mail.text)?.[0];
  if (!found) throw new Error(`no link in "${mail.subject}"`);
  return new URL(found);
}
