/**
 * What the admin console reads about users, straight from the database (the
 * pages check the admin role against the database first); every change goes
 * through Better Auth's admin endpoints instead (app/(app)/admin/actions.ts).
 */
import { count, desc, eq, ilike, or } from "drizzle-orm";
import { containsPattern } from "@/lib/server/db/like";
import * as schema from "@/lib/server/db/schema";
import type { Database } from "@/lib/server/db/types";

export const USERS_PAGE_SIZE = 50;

export async function searchUsers(db: Database, query: string, page: number) {
  const text = query.trim();
  const where = text
    ? or(ilike(schema.user.email, containsPattern(text)), ilike(schema.user.name, containsPattern(text)))
    : undefined;
  const [users, [total]] = await Promise.all([
    db
      .select({
        id: schema.user.id,
        name: schema.user.name,
        email: schema.user.email,
        emailVerified: schema.user.emailVerified,
        role: schema.user.role,
        banned: schema.user.banned,
        createdAt: schema.user.createdAt,
      })
      .from(schema.user)
      .where(where)
      .orderBy(desc(schema.user.createdAt))
      .limit(USERS_PAGE_SIZE)
      .offset(page * USERS_PAGE_SIZE),
    db.select({ n: count() }).from(schema.user).where(where),
  ]);
  return { users, total: total?.n ?? 0 };
}

/** One user with the ways they can sign in. */
export async function userWithMethods(db: Database, userId: string) {
  const [user] = await db.select().from(schema.user).where(eq(schema.user.id, userId));
  if (!user) return null;
  const [accounts, [passkeys]] = await Promise.all([
    db.select({ providerId: schema.account.providerId }).from(schema.account).where(eq(schema.account.userId, userId)),
    db.select({ n: count() }).from(schema.passkey).where(eq(schema.passkey.userId, userId)),
  ]);
  const methods = accounts.map((a) => (a.providerId === "credential" ? "password" : a.providerId));
  if ((passkeys?.n ?? 0) > 0) methods.push(`${passkeys!.n} passkey${passkeys!.n === 1 ? "" : "s"}`);
  if (user.twoFactorEnabled) methods.push("two-factor (TOTP)");
  return { user, methods };
}
