import { Card, PageTitle } from "./card";

const TOPICS = [
  [
    "Signing in",
    "Use the email and password you signed up with. After a few wrong attempts, wait ten seconds before trying again.",
  ],
  [
    "Staying signed in",
    "Your session lasts seven days and renews while you use the app. Signing out on one device does not sign out the others.",
  ],
  [
    "Lost device",
    "Open Security and revoke the device's session, or revoke all other sessions at once. It is signed out immediately.",
  ],
  [
    "Privacy",
    "Your password is stored only as a salted scrypt hash. Session cookies are HttpOnly and, on https, Secure.",
  ],
] as const;

/** The help text, shown publicly at /help and to signed-in users at /account/help. */
export function HelpContent() {
  return (
    <>
      <PageTitle title="Help" subtitle="Answers to the questions people ask most." />
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        {TOPICS.map(([title, body]) => (
          <Card key={title} title={title}>
            <p className="text-sm text-slate-600">{body}</p>
          </Card>
        ))}
      </div>
    </>
  );
}
