/**
 * Who a session belongs to, as far as the gate needs to know, and the one
 * rule that decides it. Step 2 (the signed cache) and step 3 (get-session's
 * answer) carry the same session and user records and are judged here, so the
 * two steps cannot disagree on who may pass.
 */
import { parseRoles } from "@/lib/shared/auth/roles";
import { isObject, isText, type Json } from "./json";

export interface Identity {
  userId: string;
  roles: string[];
  /**
   * The session's active organization and the user's role in it, as the
   * server read them from the database at most `organizationWindowMs` ago;
   * null when there is none or the reading is older.
   */
  organization: { slug: string; role: string } | null;
}

export interface SessionData {
  session: Json & { token: string; userId: string };
  user: Json;
}

/** Session data of the shape Better Auth writes, or null: anything else is malformed. */
export function sessionData(value: unknown): SessionData | null {
  if (!isObject(value) || !isObject(value.session) || !isObject(value.user)) return null;
  const { session, user } = value;
  if (!isText(session.token) || !isText(session.userId) || session.userId !== user.id) return null;
  return { session: session as SessionData["session"], user };
}

/**
 * A ban counts until its end, if it has one, has passed: Better Auth's admin
 * plugin lifts an expired ban at the next sign-in.
 */
function isBanned(user: Json, now: number): boolean {
  if (user.banned !== true) return false;
  const ends = typeof user.banExpires === "string" ? Date.parse(user.banExpires) : Number.NaN;
  return !(ends <= now);
}

/**
 * The active organization, if the server checked the membership within the
 * window. The columns are written only by the server, from a membership read
 * (lib/server/auth/organizations.ts); Better Auth copies the session row into
 * every cache it signs, also long after that read, so the reading's own time
 * bounds how long a removed member or a lowered role can still pass: a new
 * cache of an old row cannot extend it.
 */
function activeOrganization(session: Json, now: number, windowMs: number): Identity["organization"] {
  const { activeOrganizationSlug: slug, activeOrganizationRole: role } = session;
  const checkedAt =
    typeof session.activeOrganizationCheckedAt === "string"
      ? Date.parse(session.activeOrganizationCheckedAt)
      : Number.NaN;
  if (!isText(slug) || !isText(role) || !(now - checkedAt < windowMs)) return null;
  return { slug, role };
}

/** Whom the session admits at `now`: nobody once it has expired or its user is banned. */
export function identityOf({ session, user }: SessionData, now: number, organizationWindowMs: number): Identity | null {
  const expiresAt = typeof session.expiresAt === "string" ? Date.parse(session.expiresAt) : Number.NaN;
  if (!(expiresAt > now) || isBanned(user, now)) return null;
  return {
    userId: session.userId,
    roles: parseRoles(user.role),
    organization: activeOrganization(session, now, organizationWindowMs),
  };
}
