import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallError, Result } from '../../../shared/contract/index.js';

export interface LatestAnswer<T> {
  value: T | null;
  error: CallError | null;
  /** Asks again with the loader. */
  reload: () => void;
  /** Takes the value from another call's answer (e.g. an action that returns the new list). */
  accept: (answer: Promise<Result<T>>) => void;
}

/**
 * A value loaded from the core, reloaded when `refreshKey` changes. Only the latest call's answer
 * is kept: a slow earlier answer never overwrites a newer one.
 */
export function useLatestAnswer<T>(load: () => Promise<Result<T>>, refreshKey: string): LatestAnswer<T> {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<CallError | null>(null);
  const generation = useRef(0);

  const accept = useCallback((answer: Promise<Result<T>>) => {
    const mine = ++generation.current;
    void answer.then((result) => {
      if (mine !== generation.current) return;
      if (result.ok) {
        setValue(result.value);
        setError(null);
      } else {
        setError(result.error);
      }
    });
  }, []);

  const reload = useCallback(() => accept(load()), [accept, load]);

  useEffect(() => {
    reload();
  }, [reload, refreshKey]);

  return { value, error, reload, accept };
}
