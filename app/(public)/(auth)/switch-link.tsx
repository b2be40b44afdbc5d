"use client";

import Link from "next/link";
import { useCallbackTarget } from "./use-callback-target";

/** A link between sign-in and sign-up that keeps where the visitor was going. */
export function SwitchLink({ to, children }: { to: "/sign-in" | "/sign-up"; children: string }) {
  const target = useCallbackTarget();
  return (
    <Link
      href={`${to}?callbackUrl=${encodeURIComponent(target)}`}
      className="font-medium text-brand-600 hover:underline"
    >
      {children}
    </Link>
  );
}
