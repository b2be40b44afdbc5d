import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False in the server's HTML until React has hydrated the page, then true.
 * Buttons stay disabled until then: a press before hydration is lost, and a
 * form submitted before it would go out as a plain GET with its fields,
 * password included, in the URL.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
