/** Who is looking at a page, as the header and the landing page show it. */
export type Visitor =
  | { state: "checking" }
  /** The session could not be read (the auth backend is down or limiting): show neither state. */
  | { state: "unknown" }
  | { state: "signed-out" }
  | { state: "signed-in"; email: string; isAdmin: boolean };
