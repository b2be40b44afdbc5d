/** JSON that depends on who is asking: never stored by shared caches, varies on Cookie and Authorization. */
export function privateJson(body: unknown, status = 200): Response {
  return Response.json(body, {
    status,
    headers: { "cache-control": "private, no-store", vary: "Cookie, Authorization" },
  });
}
