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

/**
 * The deployment's site key (/api/sign-in-methods): null when Turnstile is
 * off, undefined while it is still being read (a press meanwhile waits).
 */
export type SiteKey = string | null | undefined;

export interface Turnstile {
  /** The form has a widget only with a key. */
  siteKey: SiteKey;
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

/** The next value handed to `holder`'s waiting list, or null after TOKEN_WAIT_MS. */
function next(holder: { waiting: ((value: string | null) => void)[] }): Promise<string | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      holder.waiting = holder.waiting.filter((waiter) => waiter !== done);
      resolve(null);
    }, TOKEN_WAIT_MS);
    const done = (value: string | null) => {
      clearTimeout(timer);
      resolve(value);
    };
    holder.waiting.push(done);
  });
}

/** The widget for one form; `action` names the form in Turnstile's analytics and in siteverify's answer. */
export function useTurnstile(siteKey: SiteKey, action: string): Turnstile {
  const slot = useRef<HTMLDivElement>(null);
  const widget = useRef<WidgetState>({ failed: false, waiting: [] });
  const known = useRef<{ siteKey: SiteKey; waiting: ((siteKey: string | null) => void)[] }>({ siteKey, waiting: [] });
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

  // After the widget's effect: a press that waited for the key then finds the widget rendered.
  useEffect(() => {
    known.current.siteKey = siteKey;
    if (siteKey !== undefined) for (const resolve of known.current.waiting.splice(0)) resolve(siteKey);
  }, [siteKey]);

  /** The key once the deployment's methods are read (null, as off, if that takes longer than the wait). */
  function keyKnown(): Promise<string | null> {
    const state = known.current;
    return state.siteKey !== undefined ? Promise.resolve(state.siteKey) : next(state);
  }

  /** The current token, taken (it is good once), or the next one within the wait. */
  function takeToken(): Promise<string | null> {
    const state = widget.current;
    const ready = state.token;
    state.token = undefined;
    if (ready) return Promise.resolve(ready);
    if (state.failed) return Promise.resolve(null);
    return next(state).then((token) => {
      if (token) state.token = undefined;
      return token;
    });
  }

  async function protect<T>(send: (fetchOptions: { headers: Record<string, string> }) => Promise<T>) {
    const ready = widget.current;
    setChecking(known.current.siteKey === undefined || (!!known.current.siteKey && !ready.token && !ready.failed));
    const key = await keyKnown();
    const state = widget.current;
    const token = key ? await takeToken() : null;
    setChecking(false);
    if (!key) return send({ headers: {} });
    if (!token) return NO_TOKEN;
    try {
      return await send({ headers: { [CAPTCHA_HEADER]: token } });
    } finally {
      if (state.api && state.id) state.api.reset(state.id);
    }
  }

  return { siteKey, slot, checking, protect };
}
