/**
 * Waits until the wall clock enters the next whole second. A password change,
 * reset, revoke-all or completed email change starts a new security epoch, and
 * a change-email link carries its issue time in whole seconds: one asked for
 * within the epoch's own second is refused (lib/server/auth/account-recovery.ts),
 * so a test that asks for one right after such a change waits, as no person
 * would need to.
 */
export function afterEpochSecond(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 10));
}
