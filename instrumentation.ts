/** Runs once when a server instance starts; the Node runtime's start-up checks live in lib/server/startup.ts. */
export async function register(): Promise<void> {
  // Written as a static branch so the Edge build drops the Node-only import.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("@/lib/server/startup");
    await startServer();
  }
}
