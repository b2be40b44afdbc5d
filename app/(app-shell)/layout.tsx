import type { ReactNode } from "react";
import { BrowserPageFrame } from "@/app/components/browser-page-frame";

/**
 * Protected pages whose HTML needs nothing of the visitor: prerendered once at
 * build time and served behind the gate, which alone decides who gets them
 * (the route table, lib/gate/routes.ts) and marks every answer
 * `private, no-store` with `Vary: Cookie` (docs/gate.md). The header and
 * anything personal are filled in by the browser. A page that reads the
 * session, cookies or headers fails the build here: it belongs in (app).
 */
export const dynamic = "error";

export default function AppShellLayout({ children }: { children: ReactNode }) {
  return <BrowserPageFrame>{children}</BrowserPageFrame>;
}
