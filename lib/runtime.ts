/**
 * Which JavaScript runtime the server code is running in. Next.js reports
 * "nodejs" for both `next start` and an OpenNext Worker, so NEXT_RUNTIME cannot
 * tell them apart; workerd names itself in navigator.userAgent (Node 21+
 * reports "Node.js/…"), which needs no import and no request context.
 */
export function isWorkerd(): boolean {
  return typeof navigator !== "undefined" && navigator.userAgent === "Cloudflare-Workers";
}
