import { useCallback, useEffect, useState } from 'react';
import type { CallError, MethodOutput } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';
import { useLatestAnswer } from '../sync/use-latest-answer.js';

export type PendingReview = MethodOutput<'review:pending'>['results'][number];

export interface ReviewQueueState {
  pending: readonly PendingReview[] | null;
  error: CallError | null;
  /** The result being decided, and the last refusal of a decision (by result). */
  busyId: string | null;
  refusal: { resultId: string; error: CallError } | null;
  decide: (resultId: string, decision: 'endorse' | 'return', comment: string) => void;
}

/** Submitted inspections waiting for this supervisor's review, asked again after each decision and each sync. */
export function useReviewQueue(): ReviewQueueState {
  const client = useClient();
  const [news, setNews] = useState(0);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<ReviewQueueState['refusal']>(null);
  useEffect(() => client.on('sync:changed', () => setNews((previous) => previous + 1)), [client]);
  const load = useCallback(() => client.call('review:pending', {}), [client]);
  const { value, error, reload } = useLatestAnswer(load, String(news));
  return {
    pending: value?.results ?? null,
    error,
    busyId,
    refusal,
    decide: (resultId, decision, comment) => {
      setBusyId(resultId);
      void client.call('review:decide', { resultId, decision, comment }).then((result) => {
        setBusyId(null);
        setRefusal(result.ok ? null : { resultId, error: result.error });
        reload();
      });
    },
  };
}
