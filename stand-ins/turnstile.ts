/**
 * A local stand-in for Cloudflare Turnstile's server-side validation, because
 * the tests cannot reach challenges.cloudflare.com. It speaks the documented
 * shape (developers.cloudflare.com/turnstile/get-started/server-side-validation):
 * `POST /turnstile/v0/siteverify` with the fields `secret`, `response`,
 * `remoteip` and `idempotency_key`, form-encoded or JSON; the answer is always
 * JSON: `{ success, "error-codes", challenge_ts, hostname, action, cdata }`.
 *
 * - Tokens are minted here (`issue`), as the widget would hand them out: valid
 *   for 300 s and redeemable once (again: `timeout-or-duplicate`, unless with
 *   the idempotency key of the first redemption, which repeats its answer).
 * - Cloudflare's documented test secrets behave as documented with the dummy
 *   token the test site keys issue: `1x…AA` passes, `2x…AA` fails,
 *   `3x…AA` answers "already spent".
 * - A test can make it hang, answer 500, or report `internal-error`.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { closeServer } from "./close-server";

export const TEST_SECRETS = {
  passes: "1x0000000000000000000000000000000AA",
  fails: "2x0000000000000000000000000000000AA",
  spent: "3x0000000000000000000000000000000AA",
} as const;
/** The token Cloudflare's test site keys hand out, and the only one the test secrets accept. */
export const DUMMY_TOKEN = "XXXX.DUMMY.TOKEN.XXXX";
const TOKEN_LIFETIME_MS = 300_000;

export type TurnstileFault = "none" | "hang" | "server-error" | "internal-error";

export interface SiteverifyRequest {
  contentType: string;
  fields: Record<string, string>;
  answer: unknown;
}

export interface TurnstileStandIn {
  /** TURNSTILE_SITEVERIFY_URL for the app. */
  url: string;
  /** The secret this stand-in's own tokens are checked against (TURNSTILE_SECRET_KEY). */
  secret: string;
  /** A fresh token, as the widget would give a person on `hostname` for `action`. */
  issue(options?: { hostname?: string; action?: string }): string;
  /** Every siteverify request, with what it was answered. */
  requests: SiteverifyRequest[];
  fault: TurnstileFault;
  close(): Promise<void>;
}

async function fieldsOf(req: IncomingMessage): Promise<Record<string, string> | null> {
  let raw = "";
  for await (const chunk of req) raw += chunk;
  const type = req.headers["content-type"] ?? "";
  try {
    if (type.startsWith("application/json")) {
      const parsed = JSON.parse(raw) as unknown;
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
      return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, String(value)]));
    }
    if (type.startsWith("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(raw));
  } catch {
    return null;
  }
  return null;
}

export async function startTurnstile(): Promise<TurnstileStandIn> {
  const secret = `0x4AAAAAAA${randomUUID().replaceAll("-", "")}`;
  const tokens = new Map<string, { issuedAt: number; hostname: string; action: string; redeemed: boolean }>();
  const idempotent = new Map<string, unknown>();
  const requests: SiteverifyRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const state: { fault: TurnstileFault } = { fault: "none" };

  const failure = (...codes: string[]) => ({ success: false, "error-codes": codes });

  function verdict(fields: Record<string, string>): unknown {
    const { secret: sent, response, idempotency_key: key } = fields;
    if (!sent) return failure("missing-input-secret");
    if (!response) return failure("missing-input-response");
    if (response.length > 2048) return failure("invalid-input-response");
    if (Object.values(TEST_SECRETS).includes(sent as never)) {
      if (response !== DUMMY_TOKEN) return failure("invalid-input-response");
      if (sent === TEST_SECRETS.fails) return failure("invalid-input-response");
      if (sent === TEST_SECRETS.spent) return failure("timeout-or-duplicate");
      return { success: true, "error-codes": [], challenge_ts: new Date().toISOString(), hostname: "example.com" };
    }
    if (sent !== secret) return failure("invalid-input-secret");
    if (key && idempotent.has(`${key}|${response}`)) return idempotent.get(`${key}|${response}`);
    const token = tokens.get(response);
    if (!token) return failure("invalid-input-response");
    if (token.redeemed || Date.now() - token.issuedAt > TOKEN_LIFETIME_MS) return failure("timeout-or-duplicate");
    token.redeemed = true;
    const answer = {
      success: true,
      "error-codes": [],
      challenge_ts: new Date(token.issuedAt).toISOString(),
      hostname: token.hostname,
      action: token.action,
      cdata: "",
    };
    if (key) idempotent.set(`${key}|${response}`, answer);
    return answer;
  }

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, body: unknown, fields: Record<string, string> = {}) => {
      requests.push({ contentType: req.headers["content-type"] ?? "", fields, answer: body });
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "POST" || req.url !== "/turnstile/v0/siteverify") return reply(404, failure("bad-request"));
    const fields = await fieldsOf(req);
    if (!fields) return reply(400, failure("bad-request"));
    if (state.fault === "hang") {
      hanging.add(res);
      return;
    }
    if (state.fault === "server-error") return reply(500, { error: "internal server error" }, fields);
    if (state.fault === "internal-error") return reply(200, failure("internal-error"), fields);
    reply(200, verdict(fields), fields);
  }

  const server = createServer((req, res) => {
    answer(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/turnstile/v0/siteverify`,
    secret,
    issue({ hostname = "localhost", action = "" } = {}) {
      const token = `0.${randomUUID().replaceAll("-", "")}${randomUUID().replaceAll("-", "")}`;
      tokens.set(token, { issuedAt: Date.now(), hostname, action, redeemed: false });
      return token;
    },
    requests,
    get fault() {
      return state.fault;
    },
    set fault(value) {
      state.fault = value;
    },
    close: () => closeServer(server, hanging),
  };
}
