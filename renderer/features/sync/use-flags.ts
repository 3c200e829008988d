import { useCallback } from 'react';
import type { CallError, MethodOutput } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';
import { useLatestAnswer } from './use-latest-answer.js';

export type TaskFlag = MethodOutput<'flags:list'>['flags'][number];

export interface FlagsState {
  flags: readonly TaskFlag[] | null;
  error: CallError | null;
  acknowledge: (flag: TaskFlag) => void;
}

/** Tasks cancelled or reassigned under someone's work; reloads when `refreshKey` changes. */
export function useFlags(refreshKey: string): FlagsState {
  const client = useClient();
  const load = useCallback(() => client.call('flags:list', {}), [client]);
  const { value, error, accept } = useLatestAnswer(load, refreshKey);
  // The answer to an acknowledgement is the remaining list: no second round trip.
  const acknowledge = useCallback(
    (flag: TaskFlag) => accept(client.call('flags:acknowledge', { taskId: flag.taskId, kind: flag.kind })),
    [client, accept],
  );
  return { flags: value?.flags ?? null, error, acknowledge };
}
