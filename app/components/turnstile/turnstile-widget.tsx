"use client";

import type { Turnstile } from "./use-turnstile";

/**
 * Where the widget appears: 65 px are kept from the start (the widget's
 * height), so nothing below it moves when Cloudflare's script has loaded.
 * Nothing at all when Turnstile is off.
 */
export function TurnstileWidget({ turnstile }: { turnstile: Turnstile }) {
  if (!turnstile.siteKey) return null;
  return <div ref={turnstile.slot} className="min-h-[65px]" data-turnstile-slot />;
}
