/**
 * Load generator, run as its own process so it does not share an event loop
 * (or a core's worth of scheduling) with what it measures:
 *   tsx bench/load.ts '{"url":…,"connections":10,"duration":10,"headers":{…},"rotateIp":true}'
 * With "amount" instead of a duration it sends that many requests and waits for every answer (up to
 * a minute each), so a slow server shows as latency, not as requests the run gave up on.
 * Prints one JSON line: requests/s, latency percentiles (ms), status counts,
 * and the mean of the gate's own time (its Server-Timing entry) per response.
 */
import autocannon from "autocannon";

interface LoadSpec {
  url: string;
  connections: number;
  duration: number;
  amount?: number;
  headers: Record<string, string>;
  /** A different client address per request, so per-client rate limits do not shape the result. */
  rotateIp: boolean;
}

const spec = JSON.parse(process.argv[2] ?? "{}") as LoadSpec;
let counter = 0;
let gateMsTotal = 0;
let gateSamples = 0;
const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  ...(spec.amount ? { amount: spec.amount, timeout: 60 } : { duration: spec.duration }),
  headers: spec.headers,
  requests: [
    {
      setupRequest: (request) => {
        if (!spec.rotateIp) return request;
        counter++;
        const ip = `10.${(counter >> 16) & 255}.${(counter >> 8) & 255}.${counter & 255}`;
        return { ...request, headers: { ...request.headers, "x-forwarded-for": ip, "cf-connecting-ip": ip } };
      },
      onResponse: (_status, _body, _context, headers) => {
        const timing = /gate;desc="[^"]*";dur=([\d.]+)/.exec(String(headers?.["server-timing"] ?? ""));
        if (!timing) return;
        gateMsTotal += Number(timing[1]);
        gateSamples++;
      },
    },
  ],
});
const statuses: Record<string, number> = {};
for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = stat?.count ?? 0;
console.log(
  JSON.stringify({
    // Per-second buckets average badly over a short fixed-amount run: answers over elapsed time instead.
    requestsPerSecond: spec.amount ? result.requests.total / result.duration : result.requests.average,
    latency: { p50: result.latency.p50, p99: result.latency.p99, mean: result.latency.mean },
    total: result.requests.total,
    errors: result.errors + result.timeouts,
    statuses,
    gateMs: gateSamples ? gateMsTotal / gateSamples : null,
  }),
);
