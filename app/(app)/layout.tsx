import type { ReactNode } from "react";
import { ServerHeader } from "@/app/components/header/server-header";
import { PageFrame } from "@/app/components/page-frame";

/**
 * Protected pages that show the visitor's own data render per request (each
 * re-checks the session), so their header comes from the server too. Pages
 * with nothing personal in their HTML go in (app-shell), prerendered.
 */
export default function AppLayout({ children }: { children: ReactNode }) {
  return <PageFrame header={<ServerHeader />}>{children}</PageFrame>;
}
