/** Runs once when a server instance starts; the Node runtime's start-up checks live in lib/server/startup.ts. */
export async function register(): Promise<void> {
  // Written as a static branch so the Edge build drops the Node-only import, and so does the Worker's
  // (EDGEGATE_WORKER_BUILD, inlined by next.config.ts): startServer does nothing in workerd, but its
  // database driver would be bundled a third time.
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.EDGEGATE_WORKER_BUILD !== "1") {
    const { startServer } = await import("@/lib/server/startup");
    await startServer();
  }
}
