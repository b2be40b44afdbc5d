import type { ReactNode } from "react";
import { BrowserHeader } from "./header/browser-header";
import { PageFrame } from "./page-frame";
import { signOutAction } from "./sign-out-action";

/**
 * The frame of prerendered pages: the same HTML for everyone, so the header
 * learns who is signed in in the browser, and nothing reads the session on the server.
 */
export function BrowserPageFrame({ children }: { children: ReactNode }) {
  return <PageFrame header={<BrowserHeader signOut={signOutAction} />}>{children}</PageFrame>;
}
