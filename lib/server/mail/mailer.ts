/**
 * Sends the app's messages without touching the HTTP answer: a send is only
 * scheduled (after the response: Next's after(), which OpenNext runs through
 * the Worker's waitUntil), so neither its duration nor its failure can change
 * what the visitor sees or how long it takes (no account enumeration by
 * timing). Every message gets an id; delivery and failure are logged with it.
 */
import type { MailEnv } from "@/lib/shared/env";
import type { Mail } from "./compose";
import { openTransport } from "./transports/open";
import type { MailTransport } from "./transports/types";

export interface Mailer {
  /** Schedules the message and returns at once; never throws. */
  send(mail: Mail): void;
}

/** Runs a task after the current response (or, in tests, whenever the test says). */
export type Schedule = (task: () => Promise<void>) => void;

export function createMailer(config: MailEnv, schedule: Schedule): Mailer {
  let transport: Promise<MailTransport> | undefined;
  return {
    send(mail) {
      const id = crypto.randomUUID();
      schedule(async () => {
        if (!config.transport) {
          console.error(
            `[mail] ${mail.kind} ${id} not sent: no mail transport is configured (SMTP_URL or RESEND_API_KEY)`,
          );
          return;
        }
        try {
          transport ??= openTransport(config.transport);
          const via = await transport;
          const providerId = await via.send({ ...mail, id, from: config.from });
          console.info(`[mail] ${mail.kind} ${id} sent via ${via.name} (${providerId})`);
        } catch (error) {
          transport = undefined; // a failed connection or setup is tried afresh next time
          console.error(`[mail] ${mail.kind} ${id} could not be sent: ${(error as Error).message}`);
        }
      });
    },
  };
}
