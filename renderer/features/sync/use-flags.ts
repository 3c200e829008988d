import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallError, MethodOutput } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';

export type TaskFlag = MethodOutput<'flags:list'>['flags'][number];

export interface FlagsState {
  flags: readonly TaskFlag[] | null;
  error: CallError | null;
  acknowledge: (flag: TaskFlag) => void;
}

/** Tasks cancelled or reassigned under someone's work; reloads when `refreshKey` changes. */
export function useFlags(refreshKey: string): FlagsState {
  const client = useClient();
  const [flags, setFlags] = useState<readonly TaskFlag[] | null>(null);
  const [error, setError] = useState<CallError | null>(null);
  const generation = useRef(0);

  const reload = useCallback(() => {
    const mine = ++generation.current;
    void client.call('flags:list', {}).then((result) => {
      if (mine !== generation.current) return;
      if (result.ok) {
        setFlags(result.value.flags);
        setError(null);
      } else {
        setError(result.error);
      }
    });
  }, [client]);

  useEffect(() => {
    reload();
  }, [reload, refreshKey]);

  const acknowledge = useCallback(
    (flag: TaskFlag) => {
      const mine = ++generation.current;
      void client.call('flags:acknowledge', { taskId: flag.taskId, kind: flag.kind }).then((result) => {
        if (mine !== generation.current) return;
        // The answer is the remaining list: no second round trip.
        if (result.ok) {
          setFlags(result.value.flags);
          setError(null);
        } else {
          setError(result.error);
        }
      });
    },
    [client],
  );

  return { flags, error, acknowledge };
}
