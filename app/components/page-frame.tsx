import type { ReactNode } from "react";

/** The page body under a header. */
export function PageFrame({ header, children }: { header: ReactNode; children: ReactNode }) {
  return (
    <>
      {header}
      <main className="mx-auto w-full max-w-5xl px-4 pb-16 pt-8 sm:px-6">{children}</main>
    </>
  );
}
