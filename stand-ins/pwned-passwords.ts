/**
 * A local stand-in for the Pwned Passwords range API, because the tests cannot
 * reach api.pwnedpasswords.com. It speaks the documented shape
 * (haveibeenpwned.com/API/v3#PwnedPasswords): `GET /range/{first 5 hex of the
 * SHA-1}` (any case) answers 200 `text/plain` with one `SUFFIX:COUNT` line per
 * known password whose SHA-1 starts so (35 upper-case hex characters, CRLF
 * between lines); every prefix answers, also with no line. With
 * `Add-Padding: true` the answer is padded to 800–1,000 lines with made-up
 * suffixes of count 0, which a client must ignore. Anything else is 400.
 *
 * The breached list is the stand-in's own (`BREACHED`, plus what a test adds);
 * a test can also make it hang or fail, to check what the app does then.
 */
import { createHash, randomBytes, randomInt } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { closeServer } from "./close-server";

/**
 * Passwords every breach corpus has (the counts are illustrative); the tests'
 * own password is never among them. Most are shorter than the length rule,
 * which refuses them first: the long ones are what reaches the breach check.
 */
export const BREACHED: Record<string, number> = {
  password123: 2_556_355,
  "Password1!": 168_305,
  qwertyuiop: 1_203_945,
  "correct horse battery staple": 393,
  iloveyou1234567: 1_034,
  passwordpassword: 21_571,
  qwertyuiopasdfghjkl: 9_113,
};

export type PwnedFault = "none" | "hang" | "error" | "garbage";

export interface PwnedPasswordsStandIn {
  /** PWNED_PASSWORDS_URL for the app. */
  url: string;
  /** Every request as received: the path and whether it asked for padding. */
  requests: { path: string; padded: boolean }[];
  /** Adds a password to the breached list, with how often it was seen. */
  breach(password: string, count?: number): void;
  /** What the next requests meet: a normal answer, no answer at all, a 503, or a body that is not the format. */
  fault: PwnedFault;
  close(): Promise<void>;
}

const sha1 = (text: string) => createHash("sha1").update(text, "utf8").digest("hex").toUpperCase();

export async function startPwnedPasswords(): Promise<PwnedPasswordsStandIn> {
  const known = new Map<string, number>(Object.entries(BREACHED).map(([password, count]) => [sha1(password), count]));
  const requests: PwnedPasswordsStandIn["requests"] = [];
  const hanging = new Set<ServerResponse>();
  const state: { fault: PwnedFault } = { fault: "none" };

  function answer(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? "";
    const padded = req.headers["add-padding"] === "true";
    requests.push({ path, padded });
    const prefix = /^\/range\/([0-9A-Fa-f]{5})$/.exec(path)?.[1]?.toUpperCase();
    if (req.method !== "GET" || !prefix) {
      res.writeHead(400, { "content-type": "text/plain" });
      res.end("The hash prefix was not in a valid format");
      return;
    }
    if (state.fault === "hang") {
      hanging.add(res);
      return;
    }
    if (state.fault === "error") {
      res.writeHead(503, { "content-type": "text/plain" });
      res.end("Service Unavailable");
      return;
    }
    const lines = [...known].filter(([hash]) => hash.startsWith(prefix)).map(([hash, n]) => `${hash.slice(5)}:${n}`);
    if (padded) {
      const target = randomInt(800, 1001);
      while (lines.length < target) lines.push(`${randomBytes(18).toString("hex").slice(0, 35).toUpperCase()}:0`);
      lines.sort();
    }
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(state.fault === "garbage" ? "<html>not the range format</html>" : lines.join("\r\n"));
  }

  const server = createServer(answer);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    breach(password, count = 1) {
      known.set(sha1(password), count);
    },
    get fault() {
      return state.fault;
    },
    set fault(value) {
      state.fault = value;
    },
    close: () => closeServer(server, hanging),
  };
}
