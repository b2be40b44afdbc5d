/** Whether a URL's hostname is this machine: where plain http and the local stand-ins are allowed. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]";
}
