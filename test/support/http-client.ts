/**
 * A minimal HTTP client with a cookie jar, like one browser profile: it keeps
 * what the server sets, sends it back, and never follows redirects by itself
 * so tests can assert on them.
 */
export class HttpClient {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly baseURL: string,
    /** Distinct per simulated client so rate limits apply per client, as in production. */
    readonly ip = `10.${rand()}.${rand()}.${rand()}`,
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size && !headers.has("cookie")) headers.set("cookie", this.cookieHeader());
    // What the platform's edge would report: Cloudflare's header for workerd, the proxy's for next start.
    if (!headers.has("x-forwarded-for")) headers.set("x-forwarded-for", this.ip);
    if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", this.ip);
    if (init.method && init.method !== "GET" && !headers.has("origin")) headers.set("origin", this.baseURL);
    const response = await fetch(new URL(path, this.baseURL), { ...init, headers, redirect: "manual" });
    this.store(response);
    return response;
  }

  get(path: string, headers?: HeadersInit): Promise<Response> {
    return this.request(path, { headers });
  }

  postJson(path: string, body: unknown): Promise<Response> {
    return this.request(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  private store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => {
        const [key, val] = a.trim().split("=");
        if (key?.toLowerCase() === "max-age") return Number(val) <= 0;
        if (key?.toLowerCase() === "expires") return new Date(val ?? "").getTime() <= Date.now();
        return false;
      });
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

function rand(): number {
  return 1 + Math.floor(Math.random() * 250);
}
