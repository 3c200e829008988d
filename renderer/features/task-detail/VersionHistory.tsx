import { useTranslation } from 'react-i18next';
import type { TaskDetail } from '../../../shared/contract/index.js';
import { useTimeFormatters } from '../sync/time-format.js';
import type { DetailFormatters } from './detail-format.js';
import { versionChanges } from './version-changes.js';

/** The task's earlier versions as what changed between them, newest first. */
export function VersionHistory({ task, now, formatters }: { task: TaskDetail; now: number; formatters: DetailFormatters }) {
  const { t } = useTranslation();
  const times = useTimeFormatters();
  const changes = versionChanges(task);
  const officers = (list: readonly string[]) => (list.length === 0 ? t('taskDetail.unassigned') : list.join(t('tasks.listSeparator')));
  return (
    <section className="task-detail__section" aria-labelledby="task-detail-history">
      <h3 id="task-detail-history">{t('taskDetail.history')}</h3>
      {changes.length === 0 ? (
        <p className="task-detail__muted">{t('taskDetail.noHistory')}</p>
      ) : (
        <ol className="version-history" data-testid="version-history">
          {changes.map((change) => {
            const lines = [
              change.status && t('taskDetail.changeStatus', { from: t(`status.${change.status.from}`), to: t(`status.${change.status.to}`) }),
              change.priority && t('taskDetail.changePriority', { from: t(`priority.${change.priority.from}`), to: t(`priority.${change.priority.to}`) }),
              change.dueAt && t('taskDetail.changeDue', { from: formatters.dateTime(change.dueAt.from), to: formatters.dateTime(change.dueAt.to) }),
              change.assignedTo && t('taskDetail.changeAssigned', { from: officers(change.assignedTo.from), to: officers(change.assignedTo.to) }),
            ].filter((line): line is string => typeof line === 'string');
            return (
              <li key={change.fromVersion} className="version-history__entry" data-testid="version-change">
                <p className="version-history__when" title={times.full(change.arrivedAt)}>
                  {t('taskDetail.changeArrived', {
                    from: change.fromVersion,
                    to: change.toVersion,
                    time: times.ago(change.arrivedAt, now) ?? change.arrivedAt,
                  })}
                </p>
                <ul>
                  {(lines.length > 0 ? lines : [t('taskDetail.changeOther')]).map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
