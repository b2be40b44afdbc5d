/**
 * What the bot defences of issue 20 add to a protected form submission, on one
 * runtime: the wall time of a sign-up (password), a password sign-in and a
 * sign-in-link request over HTTP against the production build, with both
 * checks off, with Turnstile on (siteverify's stand-in, a fresh token per
 * submission) and with the breach check on (the range API's stand-in; sign-up
 * only, since sign-in checks no password against the corpus). One app per
 * setting, each with its own database in one Postgres, all running; the
 * rounds interleave them (every other round in reverse) so drift in the
 * machine's load hits each alike, and what a check adds is the difference to
 * the same round's submission with both checks off. Both stand-ins are on
 * loopback: the figure is the app's own overhead (one more HTTP request and
 * reading its answer), not the round trip to Cloudflare or HIBP.
 *
 *   npm run bench:bots [-- next|workerd]  (the current builds; BENCH_QUICK=1 for a smoke run)
 */
import { CAPTCHA_HEADER } from "@/lib/shared/auth/turnstile";
import { isRunDirectly } from "../scripts/run-directly";
import { startLocalDatabase } from "../stand-ins/local-db";
import { startPwnedPasswords } from "../stand-ins/pwned-passwords";
import { startTurnstile } from "../stand-ins/turnstile";
import type { Target } from "../test/support/app-server";
import { TEST_PASSWORD } from "../test/support/constants";
import { HttpClient } from "../test/support/http-client";
import { startMailbox } from "../test/support/mailbox";
import { quick } from "./lib/env";
import { type Figure, formatTable, summarize } from "./lib/measure";
import { writeResults } from "./lib/results";
import { databaseQuiet, type System, startSystem } from "./lib/system";

/** The measured forms, in the order the report lists them. */
export const PROTECTED_FORMS = ["sign-up (password)", "password sign-in", "sign-in-link request"] as const;
export type ProtectedForm = (typeof PROTECTED_FORMS)[number];

export const BOT_CHECKS = ["Turnstile", "breach check"] as const;
export type BotCheck = (typeof BOT_CHECKS)[number];

/** The forms each check runs on: the breach check looks at new passwords only. */
export const CHECKED_FORMS: Record<BotCheck, readonly ProtectedForm[]> = {
  Turnstile: PROTECTED_FORMS,
  "breach check": ["sign-up (password)"],
};

/** The app a submission goes to: both checks off, or one of them on. */
type Setting = "off" | BotCheck;

/** Wall time of one submission, from sending it until its answer is read. */
export const submissionFigure = (target: Target, form: ProtectedForm, setting: Setting) =>
  `${target} · bot defence · ${form} · ${setting === "off" ? "both checks off" : `${setting} on`}`;

/** The submission's wall time with the check on less the same round's with both off. */
export const addedFigure = (target: Target, form: ProtectedForm, check: BotCheck) =>
  `${target} · bot defence · ${form} · added by ${check}`;

const ACCOUNT = "bots-account@example.com";

export async function benchBotDefence(target: Target): Promise<Figure[]> {
  // Quick: the accounts' sign-ups are the only warm-up (three app starts are most of its time on workerd).
  const [warmUps, rounds] = quick ? [0, 2] : [1, 30];
  const mailbox = await startMailbox();
  const siteverify = await startTurnstile();
  const pwned = await startPwnedPasswords();
  const db = await startLocalDatabase();
  const env: Record<Setting, Record<string, string>> = {
    off: {},
    Turnstile: {
      TURNSTILE_SITE_KEY: "0x4AAAAAAA-bench-site",
      TURNSTILE_SECRET_KEY: siteverify.secret,
      TURNSTILE_SITEVERIFY_URL: siteverify.url,
    },
    "breach check": { PASSWORD_BREACH_CHECK: "on", PWNED_PASSWORDS_URL: pwned.url },
  };
  const systems = new Map<Setting, System>();
  let addresses = 0;

  /**
   * One submission from a new client (its own address, so no per-address limit answers instead), timed until
   * its answer is read; then, untimed, until its work after the answer is done (the sign-in link delivered,
   * the database quiet), so it does not run into the next submission. The token is minted before the clock
   * starts, as the widget hands it out before the form is sent.
   */
  async function submit(
    form: ProtectedForm,
    setting: Setting,
    email = form === "password sign-in" ? ACCOUNT : `bots-${addresses++}@example.com`,
  ): Promise<number> {
    const system = systems.get(setting)!;
    const [path, body] =
      form === "sign-up (password)"
        ? ["/api/auth/sign-up/email", { name: "Bench", email, password: TEST_PASSWORD }]
        : form === "password sign-in"
          ? ["/api/auth/sign-in/email", { email, password: TEST_PASSWORD }]
          : ["/api/auth/sign-in/magic-link", { email }];
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (setting === "Turnstile") headers[CAPTCHA_HEADER] = siteverify.issue();
    const client = new HttpClient(system.app.baseURL);
    const start = process.hrtime.bigint();
    const response = await client.request(path, { method: "POST", headers, body: JSON.stringify(body) });
    const answer = await response.text();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (response.status !== 200) throw new Error(`${form} (${setting}) answered ${response.status}: ${answer}`);
    if (form === "sign-in-link request") await mailbox.message(email, /sign-in link/);
    await databaseQuiet(system);
    return ms;
  }

  const samples = new Map<string, number[]>();
  const record = (name: string, value: number) => samples.set(name, [...(samples.get(name) ?? []), value]);

  /** Each form with both checks off and with each check on that runs on it; every other round in reverse order. */
  async function round(index: number, recording: boolean): Promise<void> {
    for (const form of PROTECTED_FORMS) {
      const settings: Setting[] = ["off", ...BOT_CHECKS.filter((check) => CHECKED_FORMS[check].includes(form))];
      const walls = new Map<Setting, number>();
      for (const setting of index % 2 ? [...settings].reverse() : settings)
        walls.set(setting, await submit(form, setting));
      if (!recording) continue;
      for (const setting of settings) {
        record(submissionFigure(target, form, setting), walls.get(setting)!);
        if (setting !== "off") record(addedFigure(target, form, setting), walls.get(setting)! - walls.get("off")!);
      }
    }
  }

  try {
    for (const setting of ["off", ...BOT_CHECKS] as const) {
      systems.set(
        setting,
        await startSystem(target, {
          env: { ...mailbox.env(target), PASSWORD_BREACH_CHECK: "off", ...env[setting] },
          shared: db,
        }),
      );
    }
    // The account password sign-in uses, on each app (not recorded).
    for (const setting of systems.keys()) await submit("sign-up (password)", setting, ACCOUNT);
    for (let i = 0; i < warmUps; i++) await round(i, false); // compilation, first use of each code path and connection
    for (let i = 0; i < rounds; i++) await round(i, true);
    return [...samples].map(([name, values]) => summarize(name, "ms", values));
  } finally {
    for (const system of systems.values()) await system.close();
    await db.close();
    await pwned.close();
    await siteverify.close();
    await mailbox.close();
  }
}

if (isRunDirectly(import.meta.url)) {
  const targets = (process.argv[2] ? [process.argv[2]] : ["next", "workerd"]).map((name): Target => {
    if (name !== "next" && name !== "workerd") throw new Error("usage: npm run bench:bots [-- next|workerd]");
    return name;
  });
  const started = Date.now();
  const figures: Figure[] = [];
  for (const target of targets) figures.push(...(await benchBotDefence(target)));
  console.log(formatTable(figures));
  console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
  if (!quick) console.log(`Wrote ${writeResults("bot-defence", figures)}.`);
}
