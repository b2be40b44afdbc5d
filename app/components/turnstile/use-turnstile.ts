"use client";

import { type RefObject, useEffect, useRef, useState } from "react";
import type { AuthFailure } from "@/app/components/auth-errors";
import { CAPTCHA_HEADER } from "@/lib/shared/auth/turnstile";

/**
 * Cloudflare Turnstile in the forms bots use (the server's side:
 * lib/server/auth/turnstile.ts). The widget is rendered explicitly into a slot
 * the form reserves, and its token travels in the captcha header of the one
 * request it was made for. Tokens are single use, so the widget is reset after
 * every answer: a wrong password gets a fresh token for the next try.
 */

/** Loaded from Cloudflare, never proxied or bundled: Cloudflare updates it, and serving it elsewhere breaks it. */
const SCRIPT_URL = "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit";
/** How long a submission waits for a token before telling the person the check did not finish. */
const TOKEN_WAIT_MS = 10_000;

interface RenderOptions {
  sitekey: string;
  action: string;
  size: "flexible";
  callback(token: string): void;
  "expired-callback"(): void;
  "error-callback"(): boolean;
  "timeout-callback"(): void;
}

interface TurnstileApi {
  render(container: HTMLElement, options: RenderOptions): string | undefined;
  reset(widgetId: string): void;
  remove(widgetId: string): void;
}

declare global {
  interface Window {
    turnstile?: TurnstileApi;
  }
}

let loading: Promise<TurnstileApi> | undefined;

/** Adds Cloudflare's script once per page, whichever form asks first. */
function loadTurnstile(): Promise<TurnstileApi> {
  loading ??= new Promise<TurnstileApi>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = SCRIPT_URL;
    script.async = true;
    script.onload = () => (window.turnstile ? resolve(window.turnstile) : reject(new Error("no turnstile global")));
    script.onerror = () => {
      // A later form may try again (a network blip should not need a reload).
      loading = undefined;
      script.remove();
      reject(new Error("Turnstile's script did not load"));
    };
    document.head.append(script);
  });
  return loading;
}

/** What a refused check looks like to a form: the server's own answer to a request without a token. */
const NO_TOKEN = { data: null, error: { status: 403, code: "CAPTCHA_REQUIRED" } } satisfies {
  data: null;
  error: AuthFailure;
};

export const CHECKING_LABEL = "Checking you are a person…";

export interface Turnstile {
  /** Null: Turnstile is off, and the form has no widget. */
  siteKey: string | null;
  slot: RefObject<HTMLDivElement | null>;
  /** A submission is waiting for the widget's token. */
  checking: boolean;
  /**
   * Sends a request with a token (none when Turnstile is off), then asks the
   * widget for a fresh one. Without a token within TOKEN_WAIT_MS, or after
   * the widget failed, nothing is sent and the answer is CAPTCHA_REQUIRED.
   */
  protect<T>(send: (fetchOptions: { headers: Record<string, string> }) => Promise<T>): Promise<T | typeof NO_TOKEN>;
}

interface WidgetState {
  api?: TurnstileApi;
  id?: string;
  token?: string;
  failed: boolean;
  waiting: ((token: string | null) => void)[];
}

/** The widget for one form; `action` names the form in Turnstile's analytics and in siteverify's answer. */
export function useTurnstile(siteKey: string | null, action: string): Turnstile {
  const slot = useRef<HTMLDivElement>(null);
  const widget = useRef<WidgetState>({ failed: false, waiting: [] });
  const [checking, setChecking] = useState(false);

  useEffect(() => {
    const container = slot.current;
    if (!siteKey || !container) return;
    const state: WidgetState = { failed: false, waiting: [] };
    widget.current = state;
    const settle = (token: string | null) => {
      for (const resolve of state.waiting.splice(0)) resolve(token);
    };
    let removed = false;
    loadTurnstile().then(
      (api) => {
        if (removed) return;
        state.api = api;
        state.id = api.render(container, {
          sitekey: siteKey,
          action,
          size: "flexible",
          callback(token) {
            state.token = token;
            state.failed = false;
            settle(token);
          },
          "expired-callback"() {
            state.token = undefined; // Turnstile fetches a new one by itself (refresh-expired: auto).
          },
          "error-callback"() {
            state.token = undefined;
            state.failed = true;
            settle(null);
            return true; // handled: the form says so when it is submitted
          },
          "timeout-callback"() {
            state.token = undefined;
            if (state.id) api.reset(state.id);
          },
        });
      },
      () => {
        state.failed = true;
        settle(null);
      },
    );
    return () => {
      removed = true;
      settle(null);
      if (state.api && state.id) state.api.remove(state.id);
    };
  }, [siteKey, action]);

  /** The current token, taken (it is good once), or the next one within the wait. */
  function takeToken(): Promise<string | null> {
    const state = widget.current;
    const ready = state.token;
    state.token = undefined;
    if (ready) return Promise.resolve(ready);
    if (state.failed) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        state.waiting = state.waiting.filter((waiter) => waiter !== done);
        resolve(null);
      }, TOKEN_WAIT_MS);
      const done = (token: string | null) => {
        clearTimeout(timer);
        if (token) state.token = undefined;
        resolve(token);
      };
      state.waiting.push(done);
    });
  }

  async function protect<T>(send: (fetchOptions: { headers: Record<string, string> }) => Promise<T>) {
    if (!siteKey) return send({ headers: {} });
    const state = widget.current;
    setChecking(!state.token && !state.failed);
    const token = await takeToken();
    setChecking(false);
    if (!token) return NO_TOKEN;
    try {
      return await send({ headers: { [CAPTCHA_HEADER]: token } });
    } finally {
      if (state.api && state.id) state.api.reset(state.id);
    }
  }

  return { siteKey, slot, checking, protect };
}
