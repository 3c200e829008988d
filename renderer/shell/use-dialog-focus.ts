import { useEffect, type FocusEvent, type RefObject } from 'react';

/**
 * A dialog over the console takes focus when it opens (`target`: the dialog, or its one control)
 * and gives it back where it was, the button that opened it, when it closes.
 */
export function useDialogFocus(target: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const before = document.activeElement;
    target.current?.focus();
    return () => {
      if (before instanceof HTMLElement) before.focus();
    };
  }, [target]);
}

/**
 * A modal dialog's onBlur: Tab past its last control comes back to the dialog instead of reaching
 * the screen hidden under it.
 */
export function keepFocusInside(event: FocusEvent<HTMLElement>): void {
  const next = event.relatedTarget;
  if (next instanceof Node && !event.currentTarget.contains(next)) event.currentTarget.focus();
}
