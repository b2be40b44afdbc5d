import type { Server, ServerResponse } from "node:http";

/** Stops a stand-in at once: answers it holds on purpose (a "hang" fault) are cut, idle connections closed. */
export async function closeServer(server: Server, hanging: Iterable<ServerResponse>): Promise<void> {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
