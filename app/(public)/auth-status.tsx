"use client";

import Link from "next/link";
import { useVisitor } from "@/app/components/header/use-visitor";

const DOT = {
  checking: "bg-slate-200",
  unknown: "bg-amber-400",
  "signed-out": "bg-slate-300",
  "signed-in": "bg-emerald-500",
};

/** The landing page's "who am I" line, filled in by the browser (the page itself is prerendered). */
export function AuthStatus() {
  const visitor = useVisitor();
  return (
    <div
      className="mx-auto mt-8 inline-flex items-center gap-3 rounded-full border border-slate-200 bg-white px-4 py-2 text-sm shadow-sm"
      data-testid="auth-status"
      data-state={visitor.state}
    >
      <span aria-hidden className={`h-2 w-2 rounded-full ${DOT[visitor.state]}`} />
      {visitor.state === "checking" && <>Checking your session…</>}
      {visitor.state === "unknown" && <>We could not check your session just now; try again in a moment.</>}
      {visitor.state === "signed-in" && (
        <>
          Signed in as <strong>{visitor.email}</strong>
          <Link href="/dashboard" className="font-medium text-brand-600 hover:underline">
            Go to dashboard
          </Link>
        </>
      )}
      {visitor.state === "signed-out" && (
        <>
          You are not signed in.
          <Link href="/sign-up" className="font-medium text-brand-600 hover:underline">
            Create an account
          </Link>
        </>
      )}
    </div>
  );
}
