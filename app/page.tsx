import Link from "next/link";
import { peekSession } from "@/lib/server/auth/session";

const FEATURES = [
  [
    "Gated at the edge",
    "Middleware decides every protected request from a signed cookie in microseconds, with no database call.",
  ],
  ["Never wrong", "Deny by default. Faults answer 503, never a pass and never a false sign-out."],
  ["Runs anywhere", "The same build deploys to Cloudflare Workers and Vercel, backed by Neon Postgres."],
] as const;

export default async function HomePage() {
  const peeked = await peekSession();
  const session = peeked === "unknown" ? null : peeked;
  return (
    <div className="space-y-12">
      <section className="pt-8 text-center">
        <h1 className="text-4xl font-semibold tracking-tight sm:text-5xl">Authentication at the edge</h1>
        <p className="mx-auto mt-4 max-w-2xl text-lg text-slate-600">
          Sign-up, sign-in and protected pages for Next.js, with route gating decided in edge middleware.
        </p>
        <div
          className="mx-auto mt-8 inline-flex items-center gap-3 rounded-full border border-slate-200 bg-white px-4 py-2 text-sm shadow-sm"
          data-testid="auth-status"
        >
          <span
            aria-hidden
            className={`h-2 w-2 rounded-full ${session ? "bg-emerald-500" : peeked === "unknown" ? "bg-amber-400" : "bg-slate-300"}`}
          />
          {peeked === "unknown" ? (
            <>We could not check your session just now; try again in a moment.</>
          ) : session ? (
            <>
              Signed in as <strong>{session.user.email}</strong>
              <Link href="/dashboard" className="font-medium text-brand-600 hover:underline">
                Go to dashboard
              </Link>
            </>
          ) : (
            <>
              You are not signed in.
              <Link href="/sign-up" className="font-medium text-brand-600 hover:underline">
                Create an account
              </Link>
            </>
          )}
        </div>
      </section>
      <section className="grid gap-4 sm:grid-cols-3">
        {FEATURES.map(([title, body]) => (
          <div key={title} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
            <h2 className="font-semibold">{title}</h2>
            <p className="mt-1 text-sm text-slate-600">{body}</p>
          </div>
        ))}
      </section>
    </div>
  );
}
