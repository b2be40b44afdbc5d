"use client";

import { authClient } from "@/lib/browser/auth-client";
import { hasRole } from "@/lib/shared/auth/roles";
import type { Visitor } from "./visitor";

/**
 * The visitor as the browser learns it from get-session (answered from the
 * signed cache, so usually without a database read). Prerendered pages use
 * this: their HTML is the same for everyone.
 */
export function useVisitor(): Visitor & { refetch: () => void } {
  const { data, isPending, error, refetch } = authClient.useSession();
  const again = () => void refetch();
  if (isPending) return { state: "checking", refetch: again };
  if (error) return { state: "unknown", refetch: again };
  if (!data) return { state: "signed-out", refetch: again };
  const role = (data.user as { role?: unknown }).role;
  return { state: "signed-in", email: data.user.email, isAdmin: hasRole(role, "admin"), refetch: again };
}
