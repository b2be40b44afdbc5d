/** The gate's own pages for 400/403/404/503: self-contained, so they render even when the app cannot. */
const COPY = {
  400: ["Bad request", "This address could not be understood."],
  403: ["You do not have access to this page", "Your account is signed in but lacks the role this page needs."],
  // The same for an organization that does not exist and one the visitor does not belong to.
  404: ["Page not found", "There is nothing here, or it is not shared with your account."],
  503: ["Temporarily unavailable", "We could not confirm your session just now. Please try again in a few seconds."],
} as const;

export function statusPage(status: keyof typeof COPY): string {
  const [title, body] = COPY[status];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title} · edgegate</title>
<style>body{margin:0;font-family:ui-sans-serif,system-ui,sans-serif;background:#f8fafc;color:#0f172a;display:grid;place-items:center;min-height:100vh}main{max-width:28rem;padding:2rem;text-align:center}p.code{color:#2550e4;font-weight:600;font-size:.875rem}h1{font-size:1.5rem;margin:.5rem 0}p{color:#64748b;font-size:.9rem}a{color:#2550e4;font-weight:500}</style></head>
<body><main><p class="code">${status}</p><h1>${title}</h1><p>${body}</p><p><a href="/">Go to the home page</a></p></main></body></html>`;
}
