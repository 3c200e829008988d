import { useCallback, useState } from 'react';
import type { Assignment, CallError, MethodOutput, Result } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';
import { useLatestAnswer } from '../sync/use-latest-answer.js';
import { useTaskNews } from '../task-detail/use-task-news.js';

export type DispatchCandidates = MethodOutput<'dispatch:candidates'>;

/** What the supervisor's last dispatch of the task came to: the assignment made, or the core's refusal. */
export type DispatchOutcome = { ok: true; assignment: Assignment } | { ok: false; kind: Assignment['kind']; error: CallError };

export interface TaskDispatchState {
  /** The task's assignments (dispatch:forTask); null until the first answer. */
  assignments: readonly Assignment[] | null;
  assignmentsError: CallError | null;
  /** The officers on duty now at the task's site, with their workload and eligibility. */
  candidates: DispatchCandidates | null;
  candidatesError: CallError | null;
  busy: boolean;
  outcome: DispatchOutcome | null;
  random: () => void;
  /** Dispatches by hand; true once the core has queued it. */
  manual: (officers: readonly string[], reason: string) => Promise<boolean>;
}

/**
 * A task's dispatch for a supervisor: its assignments and candidates, asked again when the task
 * changes (a dispatch announces it) and after each sync (an assignment delivered or refused), and
 * the two ways to dispatch it.
 */
export function useTaskDispatch(taskId: string): TaskDispatchState {
  const client = useClient();
  const news = useTaskNews(taskId);
  const loadAssignments = useCallback(() => client.call('dispatch:forTask', { taskId }), [client, taskId]);
  const loadCandidates = useCallback(() => client.call('dispatch:candidates', { taskId }), [client, taskId]);
  const assignments = useLatestAnswer(loadAssignments, String(news));
  const candidates = useLatestAnswer(loadCandidates, String(news));
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<DispatchOutcome | null>(null);

  const run = async (kind: Assignment['kind'], answer: Promise<Result<Assignment>>): Promise<boolean> => {
    setBusy(true);
    const result = await answer;
    setBusy(false);
    setOutcome(result.ok ? { ok: true, assignment: result.value } : { ok: false, kind, error: result.error });
    assignments.reload();
    candidates.reload();
    return result.ok;
  };

  return {
    assignments: assignments.value?.assignments ?? null,
    assignmentsError: assignments.error,
    candidates: candidates.value,
    candidatesError: candidates.error,
    busy,
    outcome,
    random: () => void run('random', client.call('dispatch:random', { taskId })),
    manual: (officers, reason) => run('manual', client.call('dispatch:manual', { taskId, officers: [...officers], reason })),
  };
}
