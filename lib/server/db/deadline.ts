/**
 * Every database call has a deadline (DATABASE_TIMEOUT_MS): a database that
 * hangs makes requests fail fast with DatabaseUnavailableError instead of
 * holding them, and their connections, for as long as the client waits.
 *
 * Better Auth turns some failures into its own 500 answers (get-session wraps
 * them), so the cause may not reach the caller; a request run inside
 * `watchDatabase` is told instead whether any of its calls found the
 * database unavailable, and the auth route answers such a 500 with a 503.
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** The database did not answer in time, could not be reached, or said it is not accepting work. */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

const watches = new AsyncLocalStorage<{ unavailable: boolean }>();

/** Runs `work`, reporting whether any database call in it found the database unavailable. */
export async function watchDatabase<T>(work: () => Promise<T>): Promise<{ result: T; unavailable: boolean }> {
  const watch = { unavailable: false };
  const result = await watches.run(watch, work);
  return { result, unavailable: watch.unavailable };
}

/** Records that the current request met an unavailable database, and returns `error` for throwing. */
export function unavailable<E>(error: E): E {
  const watch = watches.getStore();
  if (watch) watch.unavailable = true;
  return error;
}

/**
 * SQLSTATE classes of a database that cannot take the work now: 08 connection, 53 insufficient
 * resources (53300: too many connections), 57P operator intervention.
 */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P)/;
/** What the WebSocket (pg) client reports when the server cannot be reached or stops answering. */
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH"]);
const UNREACHABLE_MESSAGE = /timeout exceeded when trying to connect|Connection terminated|Query read timeout/i;

/** Whether `error`, or anything it wraps, says the database is unavailable (not that a query was wrong). */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let depth = 0, e = error; e instanceof Object && depth < 8; depth++) {
    if (e instanceof DatabaseUnavailableError) return true;
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === "string" && (UNAVAILABLE_SQLSTATE.test(code) || UNREACHABLE_CODES.has(code))) return true;
    if (typeof message === "string" && UNREACHABLE_MESSAGE.test(message)) return true;
    // drizzle wraps in `cause`; Neon's driver keeps the fetch error in `sourceError`.
    e = (e as { cause?: unknown }).cause ?? (e as { sourceError?: unknown }).sourceError;
  }
  return false;
}

/**
 * Calls `expire` once `timeoutMs` has passed, unless cancelled first, but only
 * after what has already arrived has been handled: a process busy with other
 * work (a burst of password hashes, which block a Worker's isolate) can run
 * this timer before the answer waiting in its socket, and that database did
 * answer. Two turns of the event loop: enough for a WebSocket message or an
 * HTTP response already received to settle its query. Returns the cancel.
 */
function afterDeadline(timeoutMs: number, expire: () => void): () => void {
  const later = (ms: number, then: () => void) => {
    timer = setTimeout(then, ms);
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  later(timeoutMs, () => later(0, () => later(0, expire)));
  return () => clearTimeout(timer);
}

/**
 * fetch for Neon's HTTP endpoint, with a deadline on the whole answer (body
 * included): a timeout, a network failure or a 5xx from the endpoint becomes
 * DatabaseUnavailableError.
 */
export function fetchWithDeadline(timeoutMs: number, base: () => typeof fetch = () => fetch) {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const deadline = new AbortController();
    const cancel = afterDeadline(timeoutMs, () => deadline.abort());
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline.signal]) : deadline.signal;
    let response: Response;
    let body: ArrayBuffer;
    try {
      response = await base()(input, { ...init, signal });
      body = await response.arrayBuffer();
    } catch (error) {
      const why = deadline.signal.aborted ? `no answer within ${timeoutMs} ms` : String(error);
      throw unavailable(new DatabaseUnavailableError(`database: ${why}`, { cause: error }));
    } finally {
      cancel();
    }
    if (!response.ok) {
      const text = new TextDecoder().decode(body);
      if (response.status >= 500)
        throw unavailable(new DatabaseUnavailableError(`database endpoint answered ${response.status}`));
      // A Postgres error saying the server is going away (e.g. 57P01 while it shuts down) counts too.
      if (isDatabaseUnavailable(parseJson(text))) unavailable(null);
    }
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** `work`, or DatabaseUnavailableError once `timeoutMs` has passed without it finishing (see afterDeadline). */
export async function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let cancel = () => {};
  const expired = new Promise<never>((_, reject) => {
    cancel = afterDeadline(timeoutMs, () =>
      reject(unavailable(new DatabaseUnavailableError(`database: no answer within ${timeoutMs} ms`))),
    );
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    cancel();
  }
}
