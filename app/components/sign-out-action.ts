"use server";

import { redirect } from "next/navigation";
import { signOutCurrentSession } from "@/lib/server/auth/session";

/** Signs out and clears every auth cookie (token and signed cache) through nextCookies(). */
export async function signOutAction(): Promise<never> {
  await signOutCurrentSession();
  redirect("/");
}
