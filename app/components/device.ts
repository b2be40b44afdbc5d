/**
 * A session's device as a person reads it: "Chrome 131 on macOS", and the
 * country the platform reported at sign-in. The user agent is parsed with
 * bowser (MIT, maintained), not shown raw.
 */
import Bowser from "bowser";

const regions = new Intl.DisplayNames(["en"], { type: "region" });

export function describeDevice(userAgent: string | null | undefined): string {
  if (!userAgent) return "Unknown device";
  const { browser, os, platform } = Bowser.parse(userAgent);
  const name = browser.name
    ? [browser.name, browser.version?.split(".")[0]].filter(Boolean).join(" ")
    : "Unknown browser";
  const system = os.name ? [os.name, os.versionName].filter(Boolean).join(" ") : platform.type;
  return system ? `${name} on ${system}` : name;
}

export function countryName(code: string | null | undefined): string | null {
  if (!code) return null;
  if (code === "T1") return "the Tor network";
  try {
    return regions.of(code) ?? null;
  } catch {
    return null;
  }
}
