"use client";

import { useState } from "react";
import { accessOf } from "@/lib/shared/auth/api-key-access";
import type { CreateKeyState } from "./actions";

type Copy = "idle" | "copied" | "failed";

const BUTTON = "shrink-0 rounded-md bg-slate-900 px-3 py-2 text-sm font-semibold text-white hover:bg-slate-700";

/**
 * The key just created, shown this once: the server keeps only its hash. It
 * stays in this page's memory until the person leaves; nothing writes it to a
 * cookie, the address bar or storage.
 */
export function NewKeyPanel({ created, origin }: { created: NonNullable<CreateKeyState["created"]>; origin: string }) {
  const [copy, setCopy] = useState<Copy>("idle");
  async function copyKey() {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopy("copied");
    } catch {
      setCopy("failed"); // no clipboard (permission refused, or not a secure origin): the field selects itself
    }
  }
  return (
    <section
      aria-label="Key created"
      data-testid="new-key"
      className="space-y-3 rounded-md border border-emerald-300 bg-emerald-50 p-4 text-sm"
    >
      <p role="status" className="font-medium text-emerald-900">
        Key “{created.name}” created ({accessOf(created.kind).toLowerCase()}
        {created.expiresAt ? `, expires ${new Date(created.expiresAt).toUTCString()}` : ", never expires"}).
      </p>
      <p className="font-semibold text-amber-800">
        Copy it now: it will not be shown again. We keep only a hash of it.
      </p>
      <div className="flex gap-2">
        <label htmlFor="new-api-key" className="sr-only">
          Your new key
        </label>
        <input
          id="new-api-key"
          readOnly
          value={created.key}
          onFocus={(event) => event.currentTarget.select()}
          autoComplete="off"
          spellCheck={false}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs"
        />
        <button type="button" onClick={copyKey} className={BUTTON}>
          {copy === "copied" ? "Copied" : "Copy"}
        </button>
      </div>
      {copy === "failed" && (
        <p role="alert" className="text-red-700">
          Your browser did not let us copy it: select the key and copy it yourself.
        </p>
      )}
      {/* Wrapped, not scrolled: the whole command is visible on a phone and no box needs a keyboard to scroll. */}
      <p className="text-slate-700">Try it:</p>
      <pre className="whitespace-pre-wrap break-all rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100">
        <code>{`curl -H "x-api-key: ${created.key}" ${origin}/api/v1/me`}</code>
      </pre>
    </section>
  );
}
