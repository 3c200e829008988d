import { useCallback, useEffect, useState } from 'react';
import type { CallError, CargoArrivals } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';

/** The windows a supervisor plans a shift by (hours ahead). */
export const ARRIVAL_WINDOWS = [2, 6, 12, 24] as const;
export type ArrivalWindow = (typeof ARRIVAL_WINDOWS)[number];
/** Estimates move with every position: asked again this often while the panel is open. */
export const ARRIVALS_REFRESH_MS = 30_000;

export type ArrivalsState =
  | { kind: 'loading' }
  | { kind: 'loaded'; arrivals: CargoArrivals }
  | { kind: 'failed'; error: CallError; last: CargoArrivals | null };

/**
 * The core's arrivals per hub (cargo:arrivals) for the next `withinHours`, asked at once, every
 * ARRIVALS_REFRESH_MS and on `refresh()`. A failed refresh keeps the last answer beside its error.
 * Each answer carries the window it was computed for, so a screen can tell a previous window's
 * answer, still shown while the new one is computed, from the one asked for.
 */
export function useArrivals(withinHours: ArrivalWindow): { state: ArrivalsState; refresh: () => void } {
  const client = useClient();
  const [state, setState] = useState<ArrivalsState>({ kind: 'loading' });
  // Bumped by refresh(): the effect below asks again without waiting for the timer.
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    let current = true;
    const ask = (): void => {
      void client.call('cargo:arrivals', { withinHours }).then((result) => {
        if (!current) return;
        setState((before) =>
          result.ok ? { kind: 'loaded', arrivals: result.value } : { kind: 'failed', error: result.error, last: before.kind === 'loaded' ? before.arrivals : before.kind === 'failed' ? before.last : null },
        );
      });
    };
    ask();
    const timer = setInterval(ask, ARRIVALS_REFRESH_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [client, withinHours, asked]);

  const refresh = useCallback(() => {
    setAsked((n) => n + 1);
  }, []);
  return { state, refresh };
}
