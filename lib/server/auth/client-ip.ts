/**
 * Who the client is, for Better Auth's rate limiter and session records.
 *
 * Each platform has one header it sets itself and a client cannot forge:
 * `cf-connecting-ip` on Cloudflare, `x-real-ip` on Vercel; behind `next start`
 * the last `x-forwarded-for` entry, which the nearest proxy appends. (Next only
 * fills x-forwarded-for from the socket when it is absent, so `next start`
 * facing the internet directly lets clients pick their own address: put a
 * proxy in front.) The route handler resolves it and passes it in one header
 * of our own, overwriting whatever the client sent there, so Better Auth reads
 * a single trusted value. Requests from the gate carry the original client's
 * headers signed (forwarded-client.ts), and those are used instead.
 *
 * When no usable address exists, the client still gets a bucket of its own
 * (a ULA IPv6 address derived from its User-Agent and Accept-Language, in a
 * /48 of its own) instead of the single bucket Better Auth would otherwise
 * share between every such client: one abuser must not lock everyone out.
 */
import { isValidIP } from "@better-auth/core/utils/ip";
import { FORWARDED_CLIENT_HEADER, verifiedClientAddress } from "@/lib/shared/auth/forwarded-client";
import type { HmacKey } from "@/lib/shared/hmac";
import { isVercel, isWorkerd } from "@/lib/shared/platform";

export const CLIENT_IP_HEADER = "x-edgegate-client-ip";

/** The IPv6 network a client is keyed and its sessions recorded by (./config.ts says why /48). */
export const IPV6_NETWORK_PREFIX = 48;

function platformAddress(headers: Headers): string | undefined {
  if (isWorkerd()) return headers.get("cf-connecting-ip")?.trim();
  if (isVercel()) return headers.get("x-real-ip")?.trim();
  return headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
}

async function fingerprintAddress(headers: Headers): Promise<string> {
  const traits = `${headers.get("user-agent") ?? ""}\n${headers.get("accept-language") ?? ""}`;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(traits)));
  const hex = (i: number) => ((digest[i]! << 8) | digest[i + 1]!).toString(16);
  // fd00::/8 is private (never a real client); seven hashed bytes fill the rest of the /64, and the
  // first five of them the /48 that IPv6 rate-limit buckets are keyed by (./config.ts).
  return `fd${digest[0]!.toString(16).padStart(2, "0")}:${hex(1)}:${hex(3)}:${hex(5)}::1`;
}

export async function resolveClientIp(headers: Headers): Promise<string> {
  const address = platformAddress(headers);
  return address && isValidIP(address) ? address : fingerprintAddress(headers);
}

/**
 * Puts the resolved client address into CLIENT_IP_HEADER of `headers`,
 * replacing any client-sent value: from the gate's signed headers when present
 * and valid (they are removed either way), else from the request's own.
 */
export async function setClientIp(headers: Headers, key: HmacKey): Promise<void> {
  const forwarded = headers.get(FORWARDED_CLIENT_HEADER);
  headers.delete(FORWARDED_CLIENT_HEADER);
  const source = (forwarded && verifiedClientAddress(forwarded, key)) || headers;
  headers.set(CLIENT_IP_HEADER, await resolveClientIp(source));
}
