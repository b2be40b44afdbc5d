import type { Metadata } from "next";
import { HelpContent } from "@/app/components/help-content";

export const metadata: Metadata = { title: "Help" };

/** The same page as /help, inside the account area (gated at the session level). */
export default function AccountHelpPage() {
  return <HelpContent />;
}
