/**
 * The admin security log's query string, read defensively: it is typed by
 * hand as often as by the form. A parameter given twice arrives as an array
 * (the first counts), a period is whole days within MAX_DAYS (so no Invalid
 * Date reaches a query), the text searched for is bounded and has no control
 * characters, and an unknown event kind or outcome means "any".
 */
import { isSecurityEventType, type SecurityEventType } from "./events";
import type { EventFilter } from "./queries";

export type SearchParams = Record<string, string | string[] | undefined>;

/** Ten years: longer than any event is kept. */
export const MAX_DAYS = 3650;
/** Longer than any address (254) or user id. */
const MAX_WHO = 254;
const DAY_MS = 86_400_000;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u001f\u007f]/g;

export interface EventSearch {
  /** What the form shows: each parameter as understood, "" when absent or not understood. */
  values: { who: string; type: SecurityEventType | ""; outcome: "success" | "failure" | ""; days: string };
  filter: EventFilter;
}

const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? value[0] : value) ?? "";

export function readEventSearch(params: SearchParams, now = Date.now()): EventSearch {
  // Postgres text cannot hold NUL (a query with one fails); no address or id has control characters.
  const who = first(params.who).replace(CONTROL, "").trim().slice(0, MAX_WHO);
  const type = first(params.type);
  const outcome = first(params.outcome);
  const days = first(params.days);
  const wholeDays = /^\d{1,4}$/.test(days) && Number(days) >= 1 && Number(days) <= MAX_DAYS ? Number(days) : null;
  const values: EventSearch["values"] = {
    who,
    type: isSecurityEventType(type) ? type : "",
    outcome: outcome === "success" || outcome === "failure" ? outcome : "",
    days: wholeDays === null ? "" : String(wholeDays),
  };
  return {
    values,
    filter: {
      who: values.who || undefined,
      type: values.type || undefined,
      outcome: values.outcome || undefined,
      since: wholeDays === null ? undefined : new Date(now - wholeDays * DAY_MS),
    },
  };
}
