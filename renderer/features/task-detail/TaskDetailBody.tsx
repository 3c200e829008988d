import { useTranslation } from 'react-i18next';
import type { TaskDetail } from '../../../shared/contract/index.js';
import { TaskDispatch } from '../dispatch/TaskDispatch.js';
import { useNow } from '../sync/relative-time.js';
import { CargoTables } from './CargoTables.js';
import { durationOf, isAeo, useDetailFormatters } from './detail-format.js';
import { Field } from './Field.js';
import { PriorInspections } from './PriorInspections.js';
import { SiteMap } from './SiteMap.js';
import { TaskResults } from './TaskResults.js';
import { VersionHistory } from './VersionHistory.js';

/** Everything the inspector reads before going to the container: what, where, for whom, by when, why. */
export function TaskDetailBody({ task }: { task: TaskDetail }) {
  const { t } = useTranslation();
  const formatters = useDetailFormatters();
  const now = useNow(30_000);
  const list = (items: readonly string[]) => items.join(t('tasks.listSeparator'));
  const left = Date.parse(task.dueAt) - now;
  const span = durationOf(left);
  const spanText = t(`taskDetail.duration.${span.unit}`, { count: span.count });
  return (
    // Focusable so the keyboard scrolls the long detail between its buttons (arrow keys, PgUp/PgDn).
    <div className="task-detail__body" tabIndex={0} role="region" aria-label={t('taskDetail.label', { taskId: task.taskId })}>
      <section className="task-detail__section" aria-labelledby="task-detail-inspection">
        <h3 id="task-detail-inspection">{t('taskDetail.inspection')}</h3>
        <dl className="task-detail__fields">
          <Field label={t('taskDetail.status')}>
            <span className={`tag tag--status tag--${task.status}`}>{t(`status.${task.status}`)}</span>
          </Field>
          <Field label={t('taskDetail.priority')}>
            <span className={`badge badge--${task.priority}`}>{t(`priority.${task.priority}`)}</span>
          </Field>
          <Field label={t('taskDetail.due')} testId="detail-due">
            {formatters.dateTime(task.dueAt)}{' '}
            {task.overdue ? (
              <span className="badge badge--overdue">{t('taskDetail.overdueBy', { time: spanText })}</span>
            ) : (
              left > 0 && <span className="task-detail__muted">{t('taskDetail.dueIn', { time: spanText })}</span>
            )}
          </Field>
          <Field label={t('taskDetail.assigned')}>{task.assignedTo.length === 0 ? t('taskDetail.unassigned') : list(task.assignedTo)}</Field>
          <Field label={t('taskDetail.types')}>{list(task.types.map((type) => t(`inspectionType.${type}`)))}</Field>
          <Field label={t('taskDetail.agencies')}>{list(task.agencies.map((agency) => t(`agency.${agency}`)))}</Field>
        </dl>
        <h4>{t('taskDetail.checkReasons')}</h4>
        {task.checkReasons.length === 0 ? (
          <p className="task-detail__muted">{t('taskDetail.noCheckReasons')}</p>
        ) : (
          <ul className="task-detail__list" data-testid="check-reasons">
            {task.checkReasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        )}
        {/* Absent for an inspector: the core withholds targeting reasons, so there is nothing to hide here. */}
        {task.targetingReasons && (
          <>
            <h4>{t('taskDetail.targetingReasons')}</h4>
            {task.targetingReasons.length === 0 ? (
              <p className="task-detail__muted">{t('taskDetail.noTargetingReasons')}</p>
            ) : (
              <ul className="task-detail__list task-detail__list--targeting" data-testid="targeting-reasons">
                {task.targetingReasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>
      <TaskDispatch task={task} />
      <section className="task-detail__section" aria-labelledby="task-detail-declaration">
        <h3 id="task-detail-declaration">{t('taskDetail.declaration')}</h3>
        <dl className="task-detail__fields">
          <Field label={t('taskDetail.declarationNo')}>
            <span className="task-detail__code">{task.declarationNo}</span>
          </Field>
          <Field label={t('taskDetail.billOfLading')}>
            <span className="task-detail__code">{task.billOfLading}</span>
          </Field>
          <Field label={t('taskDetail.port')}>{task.portCode}</Field>
          <Field label={t('taskDetail.mode')}>{t(`mode.${task.mode}`)}</Field>
        </dl>
      </section>
      <section className="task-detail__section" aria-labelledby="task-detail-consignee">
        <h3 id="task-detail-consignee">{t('taskDetail.consignee')}</h3>
        <dl className="task-detail__fields">
          <Field label={t('taskDetail.consignee')}>{task.consigneeName}</Field>
          <Field label={t('taskDetail.uscc')}>
            <span className="task-detail__code">{task.consigneeUscc}</span>
          </Field>
          <Field label={t('taskDetail.credit')} testId="detail-credit">
            {t(`creditGrade.${task.creditGrade}`)}
            {t('tasks.fieldSeparator')}
            <span className={isAeo(task.creditGrade) ? 'tag tag--aeo' : 'tag'}>{isAeo(task.creditGrade) ? t('taskDetail.aeo') : t('taskDetail.notAeo')}</span>{' '}
            <span className="task-detail__muted task-detail__nowrap">{t('taskDetail.creditAsOf', { date: task.creditAsOf })}</span>
          </Field>
        </dl>
      </section>
      <CargoTables task={task} formatters={formatters} />
      <section className="task-detail__section" aria-labelledby="task-detail-site">
        <h3 id="task-detail-site">{t('taskDetail.site')}</h3>
        <SiteMap location={task.location} />
      </section>
      <PriorInspections task={task} formatters={formatters} />
      <TaskResults taskId={task.taskId} formatters={formatters} />
      <VersionHistory task={task} now={now} formatters={formatters} />
    </div>
  );
}
