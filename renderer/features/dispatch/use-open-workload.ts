import { useCallback, useEffect, useState } from 'react';
import type { Result } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';
import { useLatestAnswer } from '../sync/use-latest-answer.js';

/**
 * Each officer's open workload: the open tasks of the cache assigned to them (tasks:count with
 * `assignee`), the number the random draw weighs. Asked again when tasks change (a dispatch or a
 * sync moves them); empty until the first answer.
 */
export function useOpenWorkload(operatorIds: readonly string[]): ReadonlyMap<string, number> {
  const client = useClient();
  const [news, setNews] = useState(0);
  useEffect(() => client.on('tasks:changed', () => setNews((previous) => previous + 1)), [client]);
  // The list as one value, so a new array with the same officers does not ask again.
  const idsText = operatorIds.join('\n');
  const load = useCallback(async (): Promise<Result<ReadonlyMap<string, number>>> => {
    const ids = idsText === '' ? [] : idsText.split('\n');
    const answers = await Promise.all(ids.map(async (assignee) => ({ assignee, answer: await client.call('tasks:count', { filter: { status: 'open', assignee } }) })));
    const counts = new Map<string, number>();
    for (const { assignee, answer } of answers) {
      if (!answer.ok) return answer;
      counts.set(assignee, answer.value.total);
    }
    return { ok: true, value: counts };
  }, [client, idsText]);
  const { value } = useLatestAnswer(load, String(news));
  return value ?? new Map<string, number>();
}
