"use client";

import { createContext, type ReactNode, useContext, useState } from "react";
import { ActionOutcome } from "../action-outcome";
import type { OrganizationActionState } from "../actions";

const Report = createContext<(state: OrganizationActionState) => void>(() => {});

/**
 * Where the outcome of a row's action shows: above the list, not in the row,
 * because the row may be gone once the page renders again (a member removed,
 * an invitation withdrawn) and its message with it.
 */
export function OutcomeBoard({ children }: { children: ReactNode }) {
  const [state, setState] = useState<OrganizationActionState>({});
  return (
    <Report value={setState}>
      {(state.error || state.notice) && (
        <div className="mb-3">
          <ActionOutcome state={state} />
        </div>
      )}
      {children}
    </Report>
  );
}

/**
 * An action whose answer also goes to the board, from the call itself: the
 * row that called it may already be gone when the answer renders (the page
 * is rendered again in the same update). Re-authentication requests stay
 * with the row, which asks for the proof in place.
 */
export function useReportedAction<State extends OrganizationActionState>(
  action: (previous: State, data: FormData) => Promise<State>,
): (previous: State, data: FormData) => Promise<State> {
  const report = useContext(Report);
  return async (previous, data) => {
    const answer = await action(previous, data);
    if (!answer.reauth) report(answer);
    return answer;
  };
}
