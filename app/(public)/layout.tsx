import type { ReactNode } from "react";
import { BrowserHeader } from "@/app/components/header/browser-header";
import { PageFrame } from "@/app/components/page-frame";

/**
 * Public and guest pages are prerendered: the same HTML for everyone, served
 * from a cache (OpenNext's on Workers), so nothing here reads the session on
 * the server. The header learns who is signed in in the browser.
 */
export default function PublicLayout({ children }: { children: ReactNode }) {
  return <PageFrame header={<BrowserHeader />}>{children}</PageFrame>;
}
