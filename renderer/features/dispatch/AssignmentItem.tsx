import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Assignment } from '../../../shared/contract/index.js';
import { useTimeFormatters } from '../sync/time-format.js';
import { officerNames } from './officer-name.js';

/**
 * One assignment on its way to the single window: its state (queued, sent, conflict…), how it was
 * made, the officers, the reason of a dispatch by hand, and what the single window answered.
 * `children` lead its line (a list of several tasks' assignments names the task there).
 */
export function AssignmentItem({ assignment, names, children }: { assignment: Assignment; names: ReadonlyMap<string, string>; children?: ReactNode }) {
  const { t } = useTranslation();
  const time = useTimeFormatters().full;
  const { state } = assignment;
  return (
    <li className="dispatch__assignment" data-testid="assignment" data-assignment-id={assignment.assignmentId} data-state={state} data-kind={assignment.kind}>
      <p>
        {children}
        <span className={`tag tag--assignment-${state}`} data-testid="assignment-state">
          {t(`dispatch.state.${state}`)}
        </span>{' '}
        <span className="tag">{t(`dispatch.kind.${assignment.kind}`)}</span> <span data-testid="assignment-officers">{officerNames(t, assignment.assignedTo, names)}</span>{' '}
        <span className="task-detail__muted">
          {assignment.deliveredAt === null
            ? t('dispatch.assignment.made', { who: assignment.createdBy, time: time(assignment.createdAt) })
            : t('dispatch.assignment.delivered', { who: assignment.createdBy, time: time(assignment.createdAt), delivered: time(assignment.deliveredAt) })}
        </span>
      </p>
      {assignment.reason !== null && <p data-testid="assignment-reason">{t('dispatch.assignment.reason', { reason: assignment.reason })}</p>}
      {state === 'conflict' && (
        <p className="settings-result__failed" data-testid="assignment-conflict">
          {t('dispatch.assignment.conflict', {
            version: assignment.conflictVersion ?? '?',
            status: assignment.conflictStatus === null ? '?' : t(`status.${assignment.conflictStatus}`),
            officers: assignment.conflictAssignedTo === null || assignment.conflictAssignedTo.length === 0 ? t('taskDetail.unassigned') : officerNames(t, assignment.conflictAssignedTo, names),
          })}
        </p>
      )}
      {assignment.lastError !== null && (
        <p className="task-detail__muted" data-testid="assignment-error">
          {t('dispatch.assignment.lastError', { error: assignment.lastError })}
        </p>
      )}
    </li>
  );
}
