import type { Metadata } from "next";
import { HelpContent } from "@/app/components/help-content";

export const metadata: Metadata = { title: "Help" };

/**
 * The same content as /help, inside the account area: only signed-in visitors
 * get it (the gate's `session` rule for /account/**), and it is the same for
 * all of them, so it is prerendered, not rendered per request.
 */
export default function AccountHelpPage() {
  return <HelpContent />;
}
