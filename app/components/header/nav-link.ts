/** A plain link in the header's navigation. */
export const NAV_LINK = "text-sm text-slate-600 hover:text-slate-900";
