import { useCallback, useEffect, useState } from 'react';
import type { Review } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';
import { useLatestAnswer } from '../sync/use-latest-answer.js';

/** The supervisors' reviews of the task's results (review:forTask), asked again when the task changes (a decision announces it). */
export function useTaskReviews(taskId: string): ReadonlyMap<string, Review> {
  const client = useClient();
  const [news, setNews] = useState(0);
  useEffect(
    () =>
      client.on('tasks:changed', ({ taskIds, reloadAll }) => {
        if (reloadAll || taskIds.includes(taskId)) setNews((previous) => previous + 1);
      }),
    [client, taskId],
  );
  const load = useCallback(() => client.call('review:forTask', { taskId }), [client, taskId]);
  const { value } = useLatestAnswer(load, String(news));
  // An admin-only session is refused the call: it simply sees no reviews.
  return new Map((value?.reviews ?? []).map((review) => [review.resultId, review]));
}
