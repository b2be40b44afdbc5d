/**
 * A local stand-in for Resend's HTTP API (POST /emails), the transport the
 * Worker uses, because the tests cannot reach api.resend.com. It speaks the
 * documented shape: Bearer API key (401 missing_api_key, 403 invalid_api_key),
 * a JSON body with from, to (a string or up to 50), subject and html or text
 * (422 validation_error otherwise), an answer of {"id": …}, and the
 * Idempotency-Key header (the same key and body answer the same id without
 * sending again; another body with that key is 409 invalid_idempotent_request).
 * Accepted messages are relayed over SMTP to the SMTP stand-in, so the tests
 * read every delivery from one real mailbox.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createTransport } from "nodemailer";

export interface ResendStandIn {
  port: number;
  /** RESEND_API_URL for the app. */
  url: string;
  apiKey: string;
  /** Requests answered, by status. */
  answered: Record<number, number>;
  close(): Promise<void>;
}

interface SendBody {
  from?: unknown;
  to?: unknown;
  subject?: unknown;
  html?: unknown;
  text?: unknown;
}

function problem(body: SendBody): string | null {
  const to = Array.isArray(body.to) ? body.to : [body.to];
  if (typeof body.from !== "string" || !body.from) return "The `from` field is required.";
  if (to.length === 0 || to.length > 50 || !to.every((a) => typeof a === "string" && a.includes("@")))
    return "Invalid `to` field.";
  if (typeof body.subject !== "string" || !body.subject) return "The `subject` field is required.";
  if (typeof body.html !== "string" && typeof body.text !== "string")
    return "Either `html` or `text` must be provided.";
  return null;
}

export async function startResendApi(smtpUrl: string): Promise<ResendStandIn> {
  const apiKey = `re_standin_${randomUUID().replaceAll("-", "")}`;
  const relay = createTransport({ url: smtpUrl });
  const idempotent = new Map<string, { body: string; id: string }>();
  const answered: Record<number, number> = {};

  function reply(res: ServerResponse, status: number, payload: unknown): void {
    answered[status] = (answered[status] ?? 0) + 1;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(payload));
  }
  const error = (res: ServerResponse, statusCode: number, name: string, message: string) =>
    reply(res, statusCode, { statusCode, name, message });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "POST" || req.url !== "/emails")
      return error(res, 404, "not_found", "The requested endpoint does not exist.");
    const auth = req.headers.authorization;
    if (!auth?.startsWith("Bearer "))
      return error(res, 401, "missing_api_key", "Missing API key in the authorization header.");
    if (auth.slice(7) !== apiKey) return error(res, 403, "invalid_api_key", "API key is invalid");
    let raw = "";
    for await (const chunk of req) raw += chunk;
    let body: SendBody;
    try {
      body = JSON.parse(raw) as SendBody;
    } catch {
      return error(res, 422, "validation_error", "Invalid JSON body.");
    }
    const invalid = problem(body);
    if (invalid) return error(res, 422, "validation_error", invalid);
    const key = req.headers["idempotency-key"];
    const earlier = typeof key === "string" ? idempotent.get(key) : undefined;
    if (earlier) {
      if (earlier.body !== raw)
        return error(
          res,
          409,
          "invalid_idempotent_request",
          "Same idempotency key used with a different request payload.",
        );
      return reply(res, 200, { id: earlier.id });
    }
    const id = randomUUID();
    await relay.sendMail({
      from: body.from as string,
      to: [body.to].flat() as string[],
      subject: body.subject as string,
      text: typeof body.text === "string" ? body.text : undefined,
      html: typeof body.html === "string" ? body.html : undefined,
    });
    if (typeof key === "string") idempotent.set(key, { body: raw, id });
    reply(res, 200, { id });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((failure: Error) => error(res, 500, "application_error", failure.message));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    apiKey,
    answered,
    async close() {
      relay.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
