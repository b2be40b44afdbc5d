/**
 * Server CPU per request for every way of signing in, on one runtime: what
 * decides whether a method fits Workers Free's 10 ms of CPU per request.
 * Each flow runs over HTTP against the production build, with the real
 * counterparts: a software passkey authenticator, real SMTP / Resend-API
 * delivery, a real OpenID provider (oidc-provider), real TOTP codes. Only the
 * request of each step is measured: the server's CPU from just before it is
 * sent until its work after the answer is done too (a mail delivered, then
 * the database quiet), since that work counts against a Worker's limit as
 * well; and what the step asked of the database, counted at the Neon stand-in.
 */
import { readdirSync } from "node:fs";
import * as OTPAuth from "otpauth";
import { freePort } from "../stand-ins/free-port";
import { startOidcProvider } from "../stand-ins/oidc-provider";
import type { Target } from "../test/support/app-server";
import { TEST_PASSWORD } from "../test/support/constants";
import { HttpClient } from "../test/support/http-client";
import { linkOf, startMailbox } from "../test/support/mailbox";
import { loginAtProvider } from "../test/support/oidc-login";
import { SoftwareAuthenticator } from "../test/support/software-authenticator";
import { quick } from "./lib/env";
import { type Figure, summarize } from "./lib/measure";
import { cpuMs, serverProcesses } from "./lib/process-cpu";
import { databaseQuiet, startSystem } from "./lib/system";

/** The measured steps, in the order the report lists them. */
export const SIGN_IN_STEPS = [
  "static file (floor)",
  "sign-up",
  "password sign-in",
  "passkey options",
  "passkey verification",
  "magic-link request (with delivery)",
  "magic-link verification",
  "OIDC start",
  "OIDC callback",
  "TOTP verification",
  "get-session, cache miss",
  "sign-out",
] as const;
export type SignInStep = (typeof SIGN_IN_STEPS)[number];

/**
 * A static file costs the server process this much without running any app
 * code: on workerd it is served by the runtime's asset handling, which a
 * deployed Worker is not billed for. The report subtracts it to estimate the
 * Worker's own share of each step.
 */
export const FLOOR_STEP: SignInStep = "static file (floor)";

/** The steps that sign a person in; all but the password one should fit Workers Free. */
export const VERIFICATION_STEPS: SignInStep[] = [
  "passkey verification",
  "magic-link verification",
  "OIDC callback",
  "TOTP verification",
];

/** The database's distances the sign-in steps are timed at (stand-ins/neon-proxy.ts adds the round trip). */
export const DISTANCES_MS = quick ? [0, 30] : [0, 30, 90, 200];

/** Wall time of a step's request (sent → answered) with the database `rttMs` away. */
export const signInWallFigure = (target: Target, rttMs: number, step: SignInStep) =>
  `${target} · sign-in at ${rttMs} ms · ${step} · wall time`;

/** The database round trips a step waited for, counted at the stand-in (all of them, concurrent or not). */
export const signInRoundTripsFigure = (target: Target, rttMs: number, step: SignInStep) =>
  `${target} · sign-in at ${rttMs} ms · ${step} · round trips`;

/** The server process's CPU (on workerd: the workerd process that runs the Worker). */
export const signInFigure = (target: Target, step: SignInStep) => `${target} · sign-in CPU · ${step}`;

/** What a step asks of the database, counted at the Neon stand-in: single statements over HTTP, and transactions (one WebSocket each). */
export const signInDatabaseFigure = (target: Target, step: SignInStep, kind: "HTTP statements" | "transactions") =>
  `${target} · sign-in database · ${step} · ${kind}`;

/** The URL of one of the build's JavaScript chunks (the Worker's copy lives in .open-next/assets). */
function aStaticFile(target: Target): string {
  const dir = target === "workerd" ? ".open-next/assets/_next/static/chunks" : ".next/static/chunks";
  const file = readdirSync(dir).find((name) => name.endsWith(".js"));
  if (!file) throw new Error(`no chunk in ${dir}`);
  return `/_next/static/chunks/${file}`;
}

async function expectStatus(response: Response, ...expected: number[]): Promise<Response> {
  if (!expected.includes(response.status))
    throw new Error(`${response.url} answered ${response.status}: ${await response.text()}`);
  return response;
}

/**
 * With `rttMs` > 0 the database is that far away and only wall time and round trips are figures (fewer
 * rounds: each step waits out its round trips); the CPU and statement figures are taken at 0.
 */
export async function benchSignIn(target: Target, rttMs = 0): Promise<Figure[]> {
  const rounds = rttMs === 0 ? (quick ? 2 : 20) : quick ? 1 : 5;
  const mailbox = await startMailbox();
  const port = await freePort();
  const oidc = await startOidcProvider({ redirectUri: `http://localhost:${port}/api/auth/callback/oidc` });
  oidc.addAccount({ sub: "returning", email: "oidc@example.com", emailVerified: true, name: "Returning" });
  const system = await startSystem(target, { env: { ...mailbox.env(target), ...oidc.env }, port, rttMs });
  const base = system.app.baseURL;
  const staticFile = aStaticFile(target);
  const server = serverProcesses(system.app.pid, target);
  const samples = new Map<SignInStep, number[]>(SIGN_IN_STEPS.map((step) => [step, []]));
  const statements = new Map<SignInStep, number[]>(SIGN_IN_STEPS.map((step) => [step, []]));
  const transactions = new Map<SignInStep, number[]>(SIGN_IN_STEPS.map((step) => [step, []]));
  const walls = new Map<SignInStep, number[]>(SIGN_IN_STEPS.map((step) => [step, []]));
  const roundTrips = new Map<SignInStep, number[]>(SIGN_IN_STEPS.map((step) => [step, []]));
  const proxy = system.db.proxy;
  let recording = false;

  /**
   * The server's CPU and the statements and transactions of one step, until its work after the answer is done
   * too: `settled` (a mail delivered) and then a quiet database (the security log written). A Worker's
   * limit counts that work as well.
   */
  async function measure<T>(step: SignInStep, request: () => Promise<T>, settled?: () => Promise<unknown>): Promise<T> {
    const [queriesBefore, socketsBefore, tripsBefore] = [
      proxy.httpQueries(),
      proxy.webSocketsOpened(),
      proxy.roundTrips(),
    ];
    const before = cpuMs(server);
    const sent = performance.now();
    const result = await request();
    const wall = performance.now() - sent;
    await settled?.();
    await databaseQuiet(system);
    if (recording) {
      samples.get(step)!.push(cpuMs(server) - before);
      statements.get(step)!.push(proxy.httpQueries() - queriesBefore);
      transactions.get(step)!.push(proxy.webSocketsOpened() - socketsBefore);
      walls.get(step)!.push(wall);
      roundTrips.get(step)!.push(proxy.roundTrips() - tripsBefore);
    }
    return result;
  }

  const signUp = async (email: string): Promise<HttpClient> => {
    const client = new HttpClient(base);
    await expectStatus(
      await client.postJson("/api/auth/sign-up/email", { name: "Bench", email, password: TEST_PASSWORD }),
      200,
    );
    return client;
  };

  // One account with a passkey, and (each TOTP code signing in once) a two-factor account per round.
  const passkey = new SoftwareAuthenticator(base);
  const totps: OTPAuth.TOTP[] = [];

  const round = async (i: number) => {
    await measure(FLOOR_STEP, async () => expectStatus(await new HttpClient(base).get(staticFile), 200));
    await measure("sign-up", () => signUp(`new-${i}@example.com`));

    const password = new HttpClient(base);
    await measure("password sign-in", async () =>
      expectStatus(
        await password.postJson("/api/auth/sign-in/email", { email: "passkey@example.com", password: TEST_PASSWORD }),
        200,
      ),
    );

    const viaPasskey = new HttpClient(base);
    const challenge = await measure("passkey options", async () =>
      (await expectStatus(await viaPasskey.get("/api/auth/passkey/generate-authenticate-options"), 200)).json(),
    );
    await measure("passkey verification", async () =>
      expectStatus(
        await viaPasskey.postJson("/api/auth/passkey/verify-authentication", {
          response: passkey.authenticate(challenge),
        }),
        200,
      ),
    );

    const viaLink = new HttpClient(base);
    const linkEmail = `link-${i}@example.com`;
    const delivered = () => mailbox.message(linkEmail, /sign-in link/);
    await measure(
      "magic-link request (with delivery)",
      async () => expectStatus(await viaLink.postJson("/api/auth/sign-in/magic-link", { email: linkEmail }), 200),
      delivered,
    );
    const token = new URL(linkOf(await delivered())).searchParams.get("token")!;
    await measure("magic-link verification", async () =>
      expectStatus(await viaLink.get(`/api/auth/magic-link/verify?token=${token}&callbackURL=/dashboard`), 302),
    );

    const viaOidc = new HttpClient(base);
    const started = await measure("OIDC start", async () =>
      (
        await expectStatus(
          await viaOidc.postJson("/api/auth/sign-in/social", { provider: "oidc", callbackURL: "/dashboard" }),
          200,
        )
      ).json(),
    );
    const callback = await loginAtProvider((started as { url: string }).url, "returning");
    await measure("OIDC callback", async () => {
      const answer = await expectStatus(await viaOidc.get(`${callback.pathname}${callback.search}`), 302);
      if (answer.headers.get("location") !== "/dashboard")
        throw new Error(`OIDC callback led to ${answer.headers.get("location")}`);
      return answer;
    });

    const viaTotp = new HttpClient(base);
    await expectStatus(
      await viaTotp.postJson("/api/auth/sign-in/email", { email: `totp-${i}@example.com`, password: TEST_PASSWORD }),
      200,
    );
    // The step after the one used to turn two-factor on: each code signs in once.
    const code = totps[i]!.generate({ timestamp: Date.now() + 30_000 });
    await measure("TOTP verification", async () =>
      expectStatus(await viaTotp.postJson("/api/auth/two-factor/verify-totp", { code }), 200),
    );

    await measure("get-session, cache miss", async () =>
      expectStatus(await viaPasskey.get("/api/auth/get-session?disableCookieCache=true"), 200),
    );
    await measure("sign-out", async () => expectStatus(await viaPasskey.postJson("/api/auth/sign-out", {}), 200));
  };

  try {
    const owner = await signUp("passkey@example.com");
    const options = await expectStatus(await owner.get("/api/auth/passkey/generate-register-options"), 200);
    await expectStatus(
      await owner.postJson("/api/auth/passkey/verify-registration", {
        response: passkey.register(await options.json()),
      }),
      200,
    );
    for (let i = 0; i <= rounds; i++) {
      const client = await signUp(`totp-${i}@example.com`);
      const enabled = await expectStatus(
        await client.postJson("/api/auth/two-factor/enable", { password: TEST_PASSWORD }),
        200,
      );
      const totp = OTPAuth.URI.parse(((await enabled.json()) as { totpURI: string }).totpURI) as OTPAuth.TOTP;
      await expectStatus(await client.postJson("/api/auth/two-factor/verify-totp", { code: totp.generate() }), 200);
      totps.push(totp);
    }
    await round(rounds); // warm-up (compilation, first use of each code path), not recorded
    recording = true;
    for (let i = 0; i < rounds; i++) await round(i);
    return SIGN_IN_STEPS.flatMap((step) => [
      ...(rttMs === 0
        ? [
            summarize(signInFigure(target, step), "ms", samples.get(step)!),
            summarize(signInDatabaseFigure(target, step, "HTTP statements"), "statements", statements.get(step)!),
            summarize(signInDatabaseFigure(target, step, "transactions"), "transactions", transactions.get(step)!),
          ]
        : []),
      summarize(signInWallFigure(target, rttMs, step), "ms", walls.get(step)!),
      summarize(signInRoundTripsFigure(target, rttMs, step), "round trips", roundTrips.get(step)!),
    ]);
  } finally {
    await system.close();
    await oidc.close();
    await mailbox.close();
  }
}
