/**
 * A stand-in for Cloudflare Turnstile's widget in the browser, because the
 * tests cannot reach challenges.cloudflare.com: the page's request for
 * api.js is answered with a small script implementing the explicit-render API
 * the app uses (render, reset, remove, getResponse), whose widget is a
 * 65 px-high box (300 px at least, flexible) that passes at once. Its tokens
 * are real ones, minted by the siteverify stand-in (stand-ins/turnstile.ts)
 * when the box asks for one, so what the server accepts, refuses or finds
 * spent is decided as with the real service.
 */
import type { BrowserContext, Route } from "playwright-core";
import type { TurnstileStandIn } from "../../stand-ins/turnstile";

const ORIGIN = "https://challenges.cloudflare.com";
const TOKEN_PATH = "/turnstile/v0/stand-in/token";

/** What the next token requests get: a minted token, one siteverify never issued, or a failed challenge. */
export type WidgetOutcome = "pass" | "refused" | "error";

export interface TurnstileWidgetStandIn {
  outcome: WidgetOutcome;
  /** How long api.js takes to arrive, so a test can look at the page before the widget appears. */
  scriptDelayMs: number;
  /** Tokens handed to widgets so far, by action. */
  issued: { action: string; token: string }[];
}

const SCRIPT = `(() => {
  const widgets = new Map();
  let next = 0;
  async function run(id) {
    const widget = widgets.get(id);
    if (!widget) return;
    widget.token = undefined;
    widget.input.value = "";
    widget.box.textContent = "Verifying…";
    try {
      const answer = await fetch(${JSON.stringify(`${ORIGIN}${TOKEN_PATH}`)} + "?action=" + encodeURIComponent(widget.options.action || ""));
      if (!answer.ok) throw new Error("challenge failed");
      const token = await answer.text();
      if (widgets.get(id) !== widget) return;
      widget.token = token;
      widget.input.value = token;
      widget.box.textContent = "Success!";
      widget.options.callback?.(token);
    } catch {
      if (widgets.get(id) !== widget) return;
      widget.box.textContent = "Error";
      widget.options["error-callback"]?.();
    }
  }
  window.turnstile = {
    render(container, options) {
      const element = typeof container === "string" ? document.querySelector(container) : container;
      const id = "stand-in-" + ++next;
      const box = document.createElement("div");
      box.dataset.turnstileStandIn = options.action || "";
      box.style.cssText = "box-sizing:border-box;width:100%;min-width:300px;height:65px;display:flex;align-items:center;padding:0 16px;border:1px solid #e0e0e0;background:#fafafa;font:14px system-ui,sans-serif;color:#333";
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = "cf-turnstile-response";
      element.append(box, input);
      widgets.set(id, { box, input, options });
      run(id);
      return id;
    },
    reset(id) { run(id); },
    remove(id) {
      const widget = widgets.get(id);
      if (!widget) return;
      widget.box.remove();
      widget.input.remove();
      widgets.delete(id);
    },
    getResponse(id) { return widgets.get(id)?.token; },
    isExpired() { return false; },
  };
})();`;

/** Serves the stand-in widget to every page of `context`, with tokens from `siteverify`. */
export async function serveTurnstileWidget(
  context: BrowserContext,
  siteverify: TurnstileStandIn,
): Promise<TurnstileWidgetStandIn> {
  const standIn: TurnstileWidgetStandIn = { outcome: "pass", scriptDelayMs: 0, issued: [] };
  await context.route(`${ORIGIN}/turnstile/v0/api.js*`, async (route: Route) => {
    if (standIn.scriptDelayMs) await new Promise((resolve) => setTimeout(resolve, standIn.scriptDelayMs));
    await route.fulfill({ status: 200, contentType: "text/javascript", body: SCRIPT });
  });
  await context.route(`${ORIGIN}${TOKEN_PATH}*`, async (route: Route) => {
    const cors = { "access-control-allow-origin": "*" };
    if (standIn.outcome === "error") return route.fulfill({ status: 500, headers: cors, body: "" });
    const action = new URL(route.request().url()).searchParams.get("action") ?? "";
    const token = standIn.outcome === "pass" ? siteverify.issue({ action }) : `0.never-issued-${standIn.issued.length}`;
    standIn.issued.push({ action, token });
    await route.fulfill({ status: 200, headers: cors, contentType: "text/plain", body: token });
  });
  return standIn;
}
