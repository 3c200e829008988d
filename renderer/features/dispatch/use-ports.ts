import { useCallback } from 'react';
import type { MethodOutput } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';
import { useLatestAnswer } from '../sync/use-latest-answer.js';

export type Port = MethodOutput<'reference:get'>['ports'][number];

/** The ports of the cached reference data, offered as sites; none until a sync has fetched them. */
export function usePorts(): readonly Port[] {
  const client = useClient();
  const load = useCallback(() => client.call('reference:get', {}), [client]);
  return useLatestAnswer(load, '').value?.ports ?? [];
}
