/**
 * Resend's HTTP API (POST /emails), with fetch: works on Node, in a Worker and
 * on Vercel. The message id doubles as Resend's idempotency key, so a send
 * retried by anyone is delivered once.
 */
import type { MailTransport, Outgoing } from "./types";

const TIMEOUT_MS = 10_000;

export function resendTransport(apiKey: string, apiUrl: string): MailTransport {
  return {
    name: "resend",
    async send(mail: Outgoing) {
      const response = await fetch(`${apiUrl}/emails`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", "idempotency-key": mail.id },
        body: JSON.stringify({
          from: mail.from,
          to: [mail.to],
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
        }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const body = (await response.json().catch(() => null)) as { id?: unknown; message?: unknown } | null;
      if (!response.ok || typeof body?.id !== "string") {
        throw new Error(
          `Resend answered ${response.status}: ${typeof body?.message === "string" ? body.message : "no message id"}`,
        );
      }
      return body.id;
    },
  };
}
