/**
 * Submits an HTML form the way a browser without JavaScript does: the
 * server-rendered hidden fields (React's server-action references) plus the
 * visible fields, as multipart/form-data. Proves server actions work by
 * progressive enhancement, and lets HTTP tests call them.
 */
import type { HttpClient } from "./http-client";

const ENTITIES: Record<string, string> = {
  "&quot;": '"',
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&#x27;": "'",
  "&#39;": "'",
};
const decodeEntities = (value: string) => value.replace(/&(?:quot|amp|lt|gt|#x27|#39);/g, (e) => ENTITIES[e]!);

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decodeEntities(match[1]!) : undefined;
}

/** The form whose opening tag has aria-label=`label`, as [openingTag, innerHtml]. */
function findForm(html: string, label: string): [string, string] {
  for (const match of html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)) {
    const opening = match[0].slice(0, match[0].indexOf(">") + 1);
    if (attribute(opening, "aria-label") === label) return [opening, match[1]!];
  }
  throw new Error(`no form labelled "${label}" in the page`);
}

export async function submitForm(
  client: HttpClient,
  page: string,
  label: string,
  fields: Record<string, string> = {},
): Promise<Response> {
  const html = await (await client.get(page)).text();
  const [opening, inner] = findForm(html, label);
  const body = new FormData();
  for (const input of inner.matchAll(/<input\b[^>]*>/g)) {
    const name = attribute(input[0], "name");
    if (name && attribute(input[0], "type") === "hidden") body.append(name, attribute(input[0], "value") ?? "");
  }
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  // A browser names the page the form was on; server actions send a visitor back there.
  const referer = new URL(page, client.baseURL).href;
  return client.request(attribute(opening, "action") || page, { method: "POST", body, headers: { referer } });
}
