/**
 * The transport the configuration names. SMTP and the outbox need Node
 * (nodemailer, node:fs); the Worker build drops them: build:cf sets
 * EDGEGATE_WORKER_BUILD, which next.config.ts inlines, so those branches and
 * their imports are removed at build time and never reach the bundle.
 */
import type { MailTransportConfig } from "@/lib/shared/env";
import { resendTransport } from "./resend";
import type { MailTransport } from "./types";

export async function openTransport(config: MailTransportConfig): Promise<MailTransport> {
  if (config.kind === "resend") return resendTransport(config.apiKey, config.apiUrl);
  if (process.env.EDGEGATE_WORKER_BUILD === "1") {
    throw new Error(`the ${config.kind} mail transport is not available in a Worker: set RESEND_API_KEY`);
  } else if (config.kind === "smtp") {
    return (await import("./smtp")).smtpTransport(config.url);
  } else {
    return (await import("./outbox")).outboxTransport(config.dir);
  }
}
