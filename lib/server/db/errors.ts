/**
 * Errors as logs may show them. A failed query's message quotes its
 * parameters (drizzle: "Failed query: … params: …"), and Postgres messages
 * can quote values ("invalid input syntax …: \"<value>\""); parameters carry
 * tokens, password hashes and addresses. So a log line names the error and
 * its causes by class, SQLSTATE or system code and constraint, never by
 * message. The app's own DatabaseUnavailableError messages are written from
 * what it knows (a deadline, a status) and are kept.
 */
import { DatabaseUnavailableError } from "./deadline";

const MAX_DEPTH = 6;
const SAFE_WORD = /^[\w.-]{1,64}$/;

/** The errors `error` wraps, outermost first (drizzle wraps in `cause`; Neon's driver keeps the fetch error in `sourceError`). */
function* causes(error: unknown): Generator<unknown> {
  for (let depth = 0, e = error; e !== undefined && e !== null && depth < MAX_DEPTH; depth++) {
    yield e;
    if (!(e instanceof Object)) return;
    e = (e as { cause?: unknown }).cause ?? (e as { sourceError?: unknown }).sourceError;
  }
}

/** The SQLSTATE of a failed statement (e.g. 23505, or one a trigger of ours raises), if any. */
export function sqlState(error: unknown): string | null {
  for (const e of causes(error)) {
    const code = e instanceof Object ? (e as { code?: unknown }).code : undefined;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return null;
}

/** e.g. `DrizzleQueryError < NeonDbError 23505 rate_limit_key_unique`. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  for (const e of causes(error)) {
    if (!(e instanceof Object)) {
      parts.push(typeof e);
      break;
    }
    const { name, code, constraint } = e as { name?: unknown; code?: unknown; constraint?: unknown };
    // The class names what drizzle leaves as a plain "Error" (DrizzleQueryError).
    const className = e.constructor?.name;
    const label = className && className !== "Error" && className !== "Object" ? className : name;
    const words = [typeof label === "string" && SAFE_WORD.test(label) ? label : "Error"];
    for (const word of [code, constraint]) if (typeof word === "string" && SAFE_WORD.test(word)) words.push(word);
    if (e instanceof DatabaseUnavailableError) words.push(`(${e.message})`);
    parts.push(words.join(" "));
  }
  return parts.join(" < ");
}
