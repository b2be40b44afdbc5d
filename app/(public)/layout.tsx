import type { ReactNode } from "react";
import { BrowserPageFrame } from "@/app/components/browser-page-frame";

/**
 * Public and guest pages are prerendered: the same HTML for everyone, served
 * from a cache (OpenNext's on Workers), so nothing here reads the session on
 * the server.
 */
export default function PublicLayout({ children }: { children: ReactNode }) {
  return <BrowserPageFrame>{children}</BrowserPageFrame>;
}
