/**
 * The page behind each pattern of bench/patterns/proxy.ts (copied to
 * app/(app)/patterns/[pattern]/page.tsx in the variant): the dashboard, in the
 * same layout and rendered per request as /dashboard is. `page-recheck`
 * confirms the session in the database first, as a page that does not trust
 * its proxy does.
 */

import { redirect } from "next/navigation";
import DashboardPage from "@/app/(app)/dashboard/page";
import { getSession } from "@/lib/server/auth/session";
import { signInPath } from "@/lib/shared/auth/redirects";

export default async function PatternPage({ params }: { params: Promise<{ pattern: string }> }) {
  const { pattern } = await params;
  if (pattern === "page-recheck" && !(await getSession(true))) redirect(signInPath(`/patterns/${pattern}`));
  return <DashboardPage />;
}
