"use client";

import { useEffect, useState } from "react";

/**
 * The token of an emailed link, read in the browser (the page is prerendered).
 * undefined until read; null when the address has none.
 */
export function useLinkToken(): string | null | undefined {
  const [token, setToken] = useState<string | null>();
  useEffect(() => setToken(new URLSearchParams(window.location.search).get("token") || null), []);
  return token;
}
