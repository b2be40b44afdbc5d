"use client";

import { usePathname } from "next/navigation";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";

/**
 * The header's navigation: inline from `lg` up, behind a "Menu" button below
 * it, so the header fits a 360 px phone. A disclosure (a button with
 * `aria-expanded` controlling the list), not an ARIA menu: its items are plain
 * links that Tab reaches. Closes on Escape (focus back on the button), on a tap
 * outside, on following a link and on any navigation (the path keys it).
 */
export function HeaderMenu({ children }: { children: ReactNode }) {
  return <Disclosure key={usePathname()}>{children}</Disclosure>;
}

function Disclosure({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    // A link to the page already open changes no path: close on following it too.
    const onLink = (event: MouseEvent) => {
      if ((event.target as Element).closest("a")) setOpen(false);
    };
    const panel = root.current;
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    panel?.addEventListener("click", onLink);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
      panel?.removeEventListener("click", onLink);
    };
  }, [open]);

  return (
    <nav ref={root} aria-label="Main" className="order-last lg:order-none">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
        className="flex items-center gap-1.5 rounded-md border border-slate-300 px-2 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 lg:hidden"
      >
        <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2">
          {open ? <path d="M5 5l10 10M15 5L5 15" /> : <path d="M3 5h14M3 10h14M3 15h14" />}
        </svg>
        <span className="sr-only sm:not-sr-only">Menu</span>
      </button>
      {/* Below lg, a panel under the header the width of the screen; from lg up, a row of links. */}
      <div
        id={panelId}
        className={`${open ? "flex" : "hidden"} absolute inset-x-0 top-14 z-20 flex-col border-b border-slate-200 bg-white px-4 py-2 shadow-md sm:px-6 lg:static lg:flex lg:flex-row lg:items-center lg:gap-6 lg:border-0 lg:p-0 lg:shadow-none`}
      >
        {children}
      </div>
    </nav>
  );
}
