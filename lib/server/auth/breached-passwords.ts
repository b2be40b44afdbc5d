/**
 * Whether a password is known-breached, from the Pwned Passwords range API
 * (k-anonymity): only the first five hex characters of the password's SHA-1
 * leave the server, with `Add-Padding` so the answer's size says nothing
 * either. Plain `fetch` with a deadline: the same on Node and in a Worker.
 * Used by ./new-passwords.ts on every new password.
 */

export const PASSWORD_CHECK_DEADLINE_MS = 500;

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

/** How many times the range answer says the suffix was seen; padding lines (count 0) and others are not it. */
export function timesSeen(rangeAnswer: string, suffix: string): number {
  const wanted = `${suffix.toUpperCase()}:`;
  for (const line of rangeAnswer.split(/\r?\n/)) {
    if (line.slice(0, wanted.length).toUpperCase() !== wanted) continue;
    const count = line.slice(wanted.length).trim();
    if (!/^\d{1,12}$/.test(count)) throw new Error("malformed count");
    return Number(count);
  }
  return 0;
}

/** Whether the password is in the corpus; throws when that cannot be known within the deadline. */
export async function isBreached(password: string, apiUrl: string): Promise<boolean> {
  const sha1 = hex(await crypto.subtle.digest("SHA-1", new TextEncoder().encode(password))).toUpperCase();
  const response = await fetch(`${apiUrl}/range/${sha1.slice(0, 5)}`, {
    headers: { "add-padding": "true", "user-agent": "edgegate password check" },
    signal: AbortSignal.timeout(PASSWORD_CHECK_DEADLINE_MS),
  });
  if (!response.ok) throw new Error(`status ${response.status}`);
  const text = await response.text();
  if (text && !/^[0-9A-Fa-f]{35}:/.test(text)) throw new Error("not the range format");
  return timesSeen(text, sha1.slice(5)) > 0;
}
