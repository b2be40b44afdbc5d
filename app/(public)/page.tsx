import { AuthStatus } from "./auth-status";

const FEATURES = [
  [
    "Gated at the edge",
    "Middleware decides every protected request from a signed cookie in microseconds, with no database call.",
  ],
  ["Never wrong", "Deny by default. Faults answer 503, never a pass and never a false sign-out."],
  ["Runs anywhere", "The same build deploys to Cloudflare Workers and Vercel, backed by Neon Postgres."],
] as const;

export default function HomePage() {
  return (
    <div className="space-y-12">
      <section className="pt-8 text-center">
        <h1 className="text-4xl font-semibold tracking-tight sm:text-5xl">Authentication at the edge</h1>
        <p className="mx-auto mt-4 max-w-2xl text-lg text-slate-600">
          Sign-up, sign-in and protected pages for Next.js, with route gating decided in edge middleware.
        </p>
        <AuthStatus />
      </section>
      <section className="grid grid-cols-1 gap-4 sm:grid-cols-3">
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
