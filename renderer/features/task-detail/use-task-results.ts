import { useCallback } from 'react';
import type { CallError, ResultSummary } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';
import { useLatestAnswer } from '../sync/use-latest-answer.js';
import { useTaskNews } from './use-task-news.js';

export interface TaskResultsState {
  /** null until the first answer. */
  results: readonly ResultSummary[] | null;
  error: CallError | null;
}

/**
 * The task's results on this workstation (results:forTask), asked again when a sync moved
 * something (sync:changed: a result delivered, refused, queued again) or the task changed, so a
 * result the inspection just submitted or the single window just accepted shows without a reload.
 */
export function useTaskResults(taskId: string): TaskResultsState {
  const client = useClient();
  const news = useTaskNews(taskId);
  const load = useCallback(() => client.call('results:forTask', { taskId }), [client, taskId]);
  const { value, error } = useLatestAnswer(load, String(news));
  return { results: value?.results ?? null, error };
}
