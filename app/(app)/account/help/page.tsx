import type { Metadata } from "next";
import { HelpContent } from "@/app/components/help-content";
import { requireSession } from "@/lib/server/auth/session";

export const metadata: Metadata = { title: "Help" };

/**
 * The same content as /help, inside the account area: gated at the session
 * level and, like every protected page, rendered per request after its own
 * session check (the benchmark compares it with the prerendered /help).
 */
export default async function AccountHelpPage() {
  await requireSession("/account/help");
  return <HelpContent />;
}
