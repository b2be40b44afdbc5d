/**
 * Every form of a URL part that some layer might act on: as received, then
 * percent-decoded again and again until it stops changing. Null when an
 * escape is malformed or the value is still changing after three decodes
 * (deliberately obfuscated): callers refuse rather than guess.
 * Shared by the gate (paths) and the callbackUrl rules.
 */
const MAX_DECODES = 3;

export function percentDecodings(raw: string): string[] | null {
  const forms = [raw];
  let current = raw;
  for (let i = 0; i < MAX_DECODES; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return forms;
    forms.push(next);
    current = next;
  }
  return null;
}
