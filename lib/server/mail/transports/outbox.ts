/**
 * The development outbox: each message is written as JSON to a folder (the
 * /dev/outbox page lists them, with their links) and announced on the console,
 * so `npm run dev` needs no mail server. Never used in production.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { MailTransport, Outgoing } from "./types";

export interface OutboxEntry extends Outgoing {
  sentAt: string;
}

export function outboxTransport(dir: string): MailTransport {
  return {
    name: "outbox",
    async send(mail: Outgoing) {
      await mkdir(dir, { recursive: true });
      const sentAt = new Date().toISOString();
      const entry: OutboxEntry = { ...mail, sentAt };
      await writeFile(join(dir, `${sentAt.replace(/[:.]/g, "-")}-${mail.id}.json`), JSON.stringify(entry, null, 2));
      const links = mail.text.match(/https?:\/\/\S+/g) ?? [];
      console.log(
        `[mail] outbox: "${mail.subject}" to ${mail.to}${links.length ? `\n  ${links.join("\n  ")}` : ""}\n  (all messages: /dev/outbox)`,
      );
      return mail.id;
    },
  };
}
