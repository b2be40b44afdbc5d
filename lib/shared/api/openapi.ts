/**
 * The API's OpenAPI 3.1 description, served at GET /api/v1/openapi.json.
 * Written by hand as plain data rather than generated: the API is small, a
 * generator would be a dependency for a few hundred lines, and a unit test
 * (test/unit/openapi.test.ts) holds this document to the route files and to
 * itself. Change it in the same commit as the route it describes.
 */
import { NAME_ERRORS, NAME_MAX_LENGTH } from "@/lib/shared/auth/validation";

// The subset of OpenAPI 3.1 this document uses, so a misspelt key does not compile.
export interface SchemaObject {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly format?: string;
  readonly description?: string;
  readonly enum?: readonly string[];
  readonly const?: string;
  readonly items?: SchemaObject;
  readonly properties?: Readonly<Record<string, SchemaObject>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly uniqueItems?: boolean;
  readonly examples?: readonly unknown[];
}

export interface HeaderObject {
  readonly description: string;
  readonly schema: SchemaObject;
}

export interface MediaTypeObject {
  readonly schema: SchemaObject;
}

export interface ResponseObject {
  readonly $ref?: string;
  readonly description?: string;
  readonly headers?: Readonly<Record<string, HeaderObject | { readonly $ref: string }>>;
  readonly content?: Readonly<Record<string, MediaTypeObject>>;
}

export type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

export interface OperationObject {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly security: readonly SecurityRequirement[];
  readonly requestBody?: {
    readonly required: boolean;
    readonly content: Readonly<Record<string, MediaTypeObject>>;
  };
  readonly responses: Readonly<Record<string, ResponseObject>>;
}

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type PathItemObject = Partial<Record<HttpMethod, OperationObject>>;

export type SecuritySchemeObject =
  | { readonly type: "http"; readonly scheme: string; readonly bearerFormat?: string; readonly description: string }
  | {
      readonly type: "apiKey";
      readonly in: "header" | "cookie" | "query";
      readonly name: string;
      readonly description: string;
    };

export interface OpenApiDocument {
  readonly openapi: `3.1.${number}`;
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly servers: readonly { readonly url: string; readonly description?: string }[];
  readonly paths: Readonly<Record<string, PathItemObject>>;
  readonly components: {
    readonly schemas: Readonly<Record<string, SchemaObject>>;
    readonly responses: Readonly<Record<string, ResponseObject>>;
    readonly headers: Readonly<Record<string, HeaderObject>>;
    readonly securitySchemes: Readonly<Record<string, SecuritySchemeObject>>;
  };
}

const json = (schema: SchemaObject) => ({ "application/json": { schema } });

// Any credential may read; PATCH lists "write" on the key schemes (OpenAPI 3.1 allows role names there).
// A cookie or an access token stands for a whole session and carries every scope.
const anyCredential = (scope: "read" | "write"): readonly SecurityRequirement[] => [
  { cookieAuth: [] },
  { bearerAuth: [] },
  { apiKeyBearer: [scope] },
  { apiKeyHeader: [scope] },
];

export const OPENAPI = {
  openapi: "3.1.0",
  info: {
    title: "edgegate API",
    version: "1",
    description:
      "The app's API for apps, scripts and services. Send one credential: the session cookie (same-origin " +
      "browsers), an access token (`Authorization: Bearer <jwt>` from GET /api/auth/token) or an API key " +
      "(`Authorization: Bearer eg_…` or `x-api-key: eg_…`, not both). A request with `Authorization` or " +
      "`x-api-key` is judged by it alone: cookies are ignored. No CORS headers are sent. Guide: docs/api.md.",
  },
  servers: [{ url: "/", description: "This deployment's origin" }],
  paths: {
    "/api/v1/me": {
      get: {
        operationId: "getMe",
        summary: "Who is calling, and how",
        tags: ["me"],
        security: anyCredential("read"),
        responses: {
          "200": { description: "The caller.", content: json({ $ref: "#/components/schemas/Me" }) },
          "400": { $ref: "#/components/responses/InvalidRequest" },
          "401": { $ref: "#/components/responses/Unauthenticated" },
          "429": { $ref: "#/components/responses/RateLimited" },
          "503": { $ref: "#/components/responses/Unavailable" },
        },
      },
      patch: {
        operationId: "updateMe",
        summary: "Change the caller's display name",
        description:
          "Needs the `write` scope: an API key made with write access, an access token or the session cookie.",
        tags: ["me"],
        security: anyCredential("write"),
        requestBody: { required: true, content: json({ $ref: "#/components/schemas/MeUpdate" }) },
        responses: {
          "200": {
            description: "The caller, with the new name.",
            content: json({ $ref: "#/components/schemas/Me" }),
          },
          "400": { $ref: "#/components/responses/InvalidRequest" },
          "401": { $ref: "#/components/responses/Unauthenticated" },
          "403": { $ref: "#/components/responses/InsufficientScope" },
          "429": { $ref: "#/components/responses/RateLimited" },
          "503": { $ref: "#/components/responses/Unavailable" },
        },
      },
    },
  },
  components: {
    schemas: {
      Me: {
        type: "object",
        required: ["user", "organization", "via", "scopes"],
        additionalProperties: false,
        properties: {
          user: {
            type: ["object", "null"],
            description: "The person calling; null for an organization's key.",
            required: ["id", "email"],
            properties: {
              id: { type: "string" },
              email: { type: ["string", "null"], format: "email" },
              name: {
                type: "string",
                description:
                  "The display name: in PATCH's answer only (GET answers from the credential, and an access token carries no name).",
              },
            },
          },
          organization: {
            type: ["object", "null"],
            description:
              "The organization the caller acts in: an organization's key's own, or the session's active one (for a token, when it was signed).",
            required: ["id", "slug"],
            properties: { id: { type: "string" }, slug: { type: "string" } },
          },
          via: { type: "string", enum: ["cookie", "token", "key"], description: "The credential the request used." },
          scopes: {
            type: "array",
            uniqueItems: true,
            items: { type: "string", enum: ["read", "write"] },
            description: "What the credential allows: a cookie or a token has both; a key has its own.",
          },
        },
      },
      MeUpdate: {
        type: "object",
        required: ["name"],
        additionalProperties: false,
        properties: {
          name: {
            type: "string",
            minLength: 1,
            maxLength: NAME_MAX_LENGTH,
            description: "No line breaks or other control characters.",
          },
        },
      },
      Error: {
        type: "object",
        required: ["error"],
        properties: {
          error: { type: "string", description: "A stable code; never contains the credential." },
          message: { type: "string", description: "For people, when there is more to say." },
        },
      },
    },
    headers: {
      WwwAuthenticate: {
        description:
          'RFC 6750: `Bearer realm="edgegate", error="invalid_token"` when a token or key was sent and refused, ' +
          '`Bearer realm="edgegate", error="insufficient_scope", scope="write"` on 403.',
        schema: { type: "string" },
      },
      RetryAfter: { description: "Seconds to wait before trying again.", schema: { type: "string" } },
    },
    responses: {
      InvalidRequest: {
        description:
          "A malformed request: a body that breaks the schema, or both `Authorization` and `x-api-key` sent.",
        content: json({
          $ref: "#/components/schemas/Error",
          examples: [{ error: "invalid_request", message: NAME_ERRORS.NAME_TOO_LONG }],
        }),
      },
      Unauthenticated: {
        description:
          "`unauthenticated`: no credential was sent. `invalid_token`: the token or key is malformed, forged, " +
          "expired or revoked; the answer does not say which.",
        headers: { "WWW-Authenticate": { $ref: "#/components/headers/WwwAuthenticate" } },
        content: json({
          type: "object",
          required: ["error"],
          properties: { error: { type: "string", enum: ["unauthenticated", "invalid_token"] } },
        }),
      },
      InsufficientScope: {
        description:
          "The API key has the read scope only (`insufficient_scope`, with the challenge); an organization's key has no name to change (`forbidden`); a write with the cookie from another origin (`cross_site_request`).",
        headers: { "WWW-Authenticate": { $ref: "#/components/headers/WwwAuthenticate" } },
        content: json({
          type: "object",
          required: ["error"],
          properties: {
            error: { type: "string", enum: ["insufficient_scope", "forbidden", "cross_site_request"] },
            message: { type: "string" },
          },
        }),
      },
      RateLimited: {
        description:
          "Too many requests with this API key (120 a minute per key), or too many wrong keys from this address (30 a minute); `Retry-After` says when to try again.",
        content: json({ $ref: "#/components/schemas/Error" }),
      },
      Unavailable: {
        description: "The gate could not reach the auth handler (or the public keys) in time; nothing was decided.",
        headers: { "Retry-After": { $ref: "#/components/headers/RetryAfter" } },
        content: json({
          type: "object",
          required: ["error"],
          properties: { error: { type: "string", const: "unavailable" } },
        }),
      },
    },
    securitySchemes: {
      bearerAuth: {
        type: "http",
        scheme: "bearer",
        bearerFormat: "JWT",
        description:
          "An access token from GET /api/auth/token (with the session cookie): EdDSA-signed, short-lived " +
          "(5 minutes by default, never over 15); get a new one before it expires. Public keys: GET /api/auth/jwks.",
      },
      apiKeyBearer: {
        type: "http",
        scheme: "bearer",
        description: "An API key (`eg_r_…` read, `eg_w_…` read and write) made on /account/api-keys.",
      },
      apiKeyHeader: {
        type: "apiKey",
        in: "header",
        name: "x-api-key",
        description: "The same API key in its own header.",
      },
      cookieAuth: {
        type: "apiKey",
        in: "cookie",
        name: "__Secure-edgegate.session_token",
        description:
          "The browser's session cookie, for same-origin pages (`edgegate.session_token` on http://localhost).",
      },
    },
  },
} as const satisfies OpenApiDocument;
