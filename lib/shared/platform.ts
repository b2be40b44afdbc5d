/**
 * Which platform the server code runs on. Next.js reports "nodejs" for both
 * `next start` and an OpenNext Worker, so NEXT_RUNTIME cannot tell them apart;
 * workerd names itself in navigator.userAgent (Node 21+ reports "Node.js/…").
 */
export function isWorkerd(): boolean {
  return typeof navigator !== "undefined" && navigator.userAgent === "Cloudflare-Workers";
}

/** Vercel sets VERCEL=1 in every function's environment. */
export function isVercel(): boolean {
  return process.env.VERCEL === "1";
}
