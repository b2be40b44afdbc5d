"use client";

import { type FormEvent, startTransition, useActionState, useEffect, useRef } from "react";

/**
 * A form posting to a server action that keeps what was typed when the answer
 * is an error. React resets a form after its action runs, to the defaults of
 * the new render, so every field the action does not hand back would be
 * emptied; submitting through onSubmit avoids that reset, and `resetOn` clears
 * the form when an answer calls for it (a changed password).
 */
/** A server action a form posts to: the previous answer and the fields in, the next answer out. */
export type FormAction<State> = (previous: State, data: FormData) => Promise<State>;

export function useServerForm<State>(
  serverAction: (state: Awaited<State>, data: FormData) => State | Promise<State>,
  initial: Awaited<State>,
  resetOn?: (state: Awaited<State>) => boolean,
) {
  const [state, action, pending] = useActionState(serverAction, initial);
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state !== initial && resetOn?.(state)) ref.current?.reset();
  }, [state, initial, resetOn]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => action(data));
  };
  return { state, pending, form: { ref, action, onSubmit } };
}
