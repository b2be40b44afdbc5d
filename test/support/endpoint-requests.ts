/**
 * Every HTTP endpoint a Better Auth instance exposes, read from the instance
 * itself (so a plugin added later is included without editing a list), each
 * with the smallest request its own input schema accepts. Better Auth
 * validates input before its session middleware runs, so only a request that
 * passes validation shows what the endpoint does with a session.
 */
import * as z from "zod";

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  minimum?: number;
  minItems?: number;
  items?: JsonSchema;
};

export interface EndpointRequest {
  /** e.g. /update-user (under /api/auth). */
  path: string;
  method: string;
  body?: Record<string, unknown>;
  query?: URLSearchParams;
}

interface EndpointLike {
  path?: string;
  options?: { method?: string | string[]; body?: z.ZodType; query?: z.ZodType; metadata?: { SERVER_ONLY?: boolean } };
}

const PROBE = "edgegate-probe-value";

function sample(schema: JsonSchema): unknown {
  const choice = schema.anyOf ?? schema.oneOf;
  if (choice?.[0]) return sample(choice[0]);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map(sample));
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object":
      return Object.fromEntries((schema.required ?? []).map((name) => [name, sample(schema.properties?.[name] ?? {})]));
    case "number":
    case "integer":
      return schema.minimum ?? 1;
    case "boolean":
      return false;
    case "array":
      return schema.minItems ? [sample(schema.items ?? {})] : [];
    default:
      if (schema.format === "email") return "probe@example.com";
      if (schema.format === "uri" || schema.format === "url") return "http://localhost:3000/";
      return PROBE.padEnd(schema.minLength ?? 0, "x");
  }
}

function sampleOf(schema: z.ZodType | undefined): Record<string, unknown> | undefined {
  if (!schema) return undefined;
  const value = sample(z.toJSONSchema(schema, { unrepresentable: "any", io: "input" }) as JsonSchema);
  return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

export function endpointRequests(api: Record<string, unknown>): EndpointRequest[] {
  const requests: EndpointRequest[] = [];
  for (const endpoint of Object.values(api) as EndpointLike[]) {
    const { path, options } = endpoint;
    if (!path || !options || options.metadata?.SERVER_ONLY) continue;
    const method = [options.method ?? "GET"].flat()[0]!;
    const input = sampleOf(method === "GET" ? options.query : options.body) ?? (method === "GET" ? undefined : {});
    const query =
      method === "GET" && input
        ? new URLSearchParams(Object.entries(input).map(([k, v]) => [k, String(v)]))
        : undefined;
    requests.push({
      path: path.replace(/:[A-Za-z]+/g, PROBE),
      method,
      body: method === "GET" ? undefined : input,
      query,
    });
  }
  return requests;
}
