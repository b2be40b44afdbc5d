/**
 * The page behind each pattern of bench/patterns/proxy.ts (copied to
 * app/(app)/patterns/[pattern]/page.tsx in the variant): /account/help's
 * content in the same layout, rendered per request as that page is. `page-recheck` confirms
 * the session in the database first, as a page that does not trust its proxy does.
 */

import { redirect } from "next/navigation";
import { connection } from "next/server";
import { HelpContent } from "@/app/components/help-content";
import { getSession } from "@/lib/server/auth/session";
import { signInPath } from "@/lib/shared/auth/redirects";

export default async function PatternPage({ params }: { params: Promise<{ pattern: string }> }) {
  const { pattern } = await params;
  if (pattern === "page-recheck") {
    if (!(await getSession(true))) redirect(signInPath(`/patterns/${pattern}`));
  } else {
    await connection();
  }
  return <HelpContent />;
}
