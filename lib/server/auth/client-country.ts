/**
 * The client's country, for the device list on /account/security. Only the
 * platforms' own headers count (Cloudflare's cf-ipcountry, Vercel's
 * x-vercel-ip-country), which their edge sets and a client cannot forge;
 * elsewhere the country is unknown. The route handler puts it in one header
 * of ours, replacing whatever a client sent there.
 */
import { isVercel, isWorkerd } from "@/lib/shared/platform";

export const CLIENT_COUNTRY_HEADER = "x-edgegate-client-country";

/** ISO 3166-1 alpha-2, or Cloudflare's XX (unknown) and T1 (Tor). */
const COUNTRY = /^[A-Z][A-Z0-9]$/;

function platformCountry(headers: Headers): string | undefined {
  if (isWorkerd()) return headers.get("cf-ipcountry")?.trim().toUpperCase();
  if (isVercel()) return headers.get("x-vercel-ip-country")?.trim().toUpperCase();
  return undefined;
}

export function setClientCountry(headers: Headers): void {
  const country = platformCountry(headers);
  if (country && COUNTRY.test(country) && country !== "XX") headers.set(CLIENT_COUNTRY_HEADER, country);
  else headers.delete(CLIENT_COUNTRY_HEADER);
}
