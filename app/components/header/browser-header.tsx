"use client";

import { useEffect } from "react";
import { HeaderView } from "./header-view";
import { useVisitor } from "./use-visitor";

/**
 * The header of prerendered pages, filled in by the browser. The session is
 * read again whenever this header appears, so a visitor who has just signed
 * in or out on a server-rendered page is not shown a stale state.
 */
export function BrowserHeader({ signOut }: { signOut: () => Promise<void> }) {
  const { refetch, ...visitor } = useVisitor();
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per mount, not on every new refetch function
  useEffect(() => {
    if (visitor.state !== "checking") refetch();
  }, []);
  return <HeaderView visitor={visitor} signOut={signOut} />;
}
