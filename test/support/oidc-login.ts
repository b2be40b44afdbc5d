/**
 * The provider's half of an OpenID Connect sign-in, as a browser does it
 * without JavaScript: follow the authorization URL to the provider's sign-in
 * form, submit it, and follow redirects until one leads back to the app. The
 * app's half (starting the sign-in, answering the callback) stays with the
 * caller, which may be a running server or an in-process Better Auth.
 */
import { HttpClient } from "./http-client";

const MAX_REDIRECTS = 10;

/** Signs in at the provider as `login`; resolves with the app's callback URL (code, state). */
export async function loginAtProvider(authorizationUrl: string, login: string): Promise<URL> {
  const browser = new HttpClient(new URL(authorizationUrl).origin);
  let response = await browser.get(authorizationUrl);
  let submitted = false;
  for (let hop = 0; hop < MAX_REDIRECTS; hop++) {
    if (response.status === 200 && !submitted) {
      const form = /<form[^>]*action="([^"]+)"/.exec(await response.text());
      if (!form) throw new Error("the provider showed a page without a sign-in form");
      submitted = true;
      response = await browser.request(form[1]!, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ prompt: "login", login, password: "any" }),
      });
      continue;
    }
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || !location)
      throw new Error(`the provider answered ${response.status}: ${await response.text()}`);
    const next = new URL(location, browser.baseURL);
    if (next.origin !== browser.baseURL) return next;
    response = await browser.get(next.href);
  }
  throw new Error(`more than ${MAX_REDIRECTS} redirects at the provider`);
}
