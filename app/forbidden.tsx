import type { Metadata } from "next";
import Link from "next/link";
import { BrowserPageFrame } from "./components/browser-page-frame";

export const metadata: Metadata = { title: "No access" };

export default function Forbidden() {
  return (
    <BrowserPageFrame>
      <div className="mx-auto mt-8 max-w-md text-center">
        <p className="text-sm font-semibold text-brand-600">403</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">You do not have access to this page</h1>
        <p className="mt-2 text-sm text-slate-500">Your account is signed in but lacks the role this page needs.</p>
        <Link href="/dashboard" className="mt-6 inline-block text-sm font-medium text-brand-600 hover:underline">
          Back to your dashboard
        </Link>
      </div>
    </BrowserPageFrame>
  );
}
