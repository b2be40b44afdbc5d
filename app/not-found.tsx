import type { Metadata } from "next";
import Link from "next/link";
import { BrowserPageFrame } from "./components/browser-page-frame";

export const metadata: Metadata = { title: "Page not found" };

/**
 * Every 404 of the app, notFound() included. An organization that does not
 * exist and one the visitor is not a member of both land here, with the same
 * words, so the page tells nobody which organizations exist.
 */
export default function NotFound() {
  return (
    <BrowserPageFrame>
      <div className="mx-auto mt-8 max-w-md text-center">
        <p className="text-sm font-semibold text-brand-600">404</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">This page could not be found</h1>
        <p className="mt-2 text-sm text-slate-500">It does not exist, or your account cannot see it.</p>
        <Link href="/dashboard" className="mt-6 inline-block text-sm font-medium text-brand-600 hover:underline">
          Back to your dashboard
        </Link>
      </div>
    </BrowserPageFrame>
  );
}
