import { useTranslation } from 'react-i18next';
import type { TaskRow } from '../../../shared/contract/index.js';
import type { Formatters } from './format.js';

/** Fixed row height of the virtual list, in px; styles.css sizes .task-row to match. */
export const ROW_HEIGHT = 56;

interface RowProps {
  row: TaskRow;
  index: number;
  total: number;
  top: number;
  selected: boolean;
  tabbable: boolean;
  stale: boolean;
  formatters: Formatters;
  onPick: (index: number, taskId: string) => void;
  onFocusRow: (index: number) => void;
}

export function TaskRowView({ row, index, total, top, selected, tabbable, stale, formatters, onPick, onFocusRow }: RowProps) {
  const { t } = useTranslation();
  const [firstContainer, ...otherContainers] = row.containerNos;
  const agencies = row.agencies.map((agency) => t(`agency.${agency}`)).join(t('tasks.listSeparator'));
  return (
    <div
      role="option"
      data-testid="task-row"
      data-task-id={row.taskId}
      data-index={index}
      aria-selected={selected}
      aria-posinset={index + 1}
      aria-setsize={total}
      tabIndex={tabbable ? 0 : -1}
      className={`task-row${selected ? ' is-selected' : ''}${stale ? ' is-stale' : ''}${row.overdue ? ' is-overdue' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => {
        onPick(index, row.taskId);
      }}
      onFocus={() => {
        onFocusRow(index);
      }}
    >
      <div className="task-row__line task-row__line--main">
        <span className={`badge badge--${row.priority}`}>{t(`priority.${row.priority}`)}</span>
        {row.overdue && <span className="badge badge--overdue">{t('tasks.overdue')}</span>}
        <span className="task-row__id">{row.taskId}</span>
        <span className="tag">{t(`mode.${row.mode}`)}</span>
        <span className={`tag tag--status tag--${row.status}`}>{t(`status.${row.status}`)}</span>
        <span className="task-row__due">{t('tasks.due', { time: formatters.dateTime(row.dueAt) })}</span>
      </div>
      <div className="task-row__line task-row__line--detail">
        <span className="task-row__containers">
          {firstContainer ?? t('tasks.noContainers')}
          {otherContainers.length > 0 && (
            <span className="task-row__more">{t('tasks.moreContainers', { count: otherContainers.length })}</span>
          )}
        </span>
        <span className="task-row__consignee" title={t(`creditGrade.${row.creditGrade}`)}>
          {row.consigneeName}
        </span>
        <span className="task-row__goods">{row.goodsSummary}</span>
        <span className="task-row__agencies">{agencies}</span>
        <span className="task-row__area">{row.area}</span>
      </div>
    </div>
  );
}

interface PlaceholderProps {
  index: number;
  total: number;
  top: number;
  failed: boolean;
  tabbable: boolean;
  onFocusRow: (index: number) => void;
}

/** Stands in for a row whose page is loading (or failed to load). */
export function PlaceholderRow({ index, total, top, failed, tabbable, onFocusRow }: PlaceholderProps) {
  const { t } = useTranslation();
  return (
    <div
      role="option"
      data-testid="task-row-placeholder"
      data-index={index}
      aria-selected={false}
      aria-busy={!failed}
      aria-posinset={index + 1}
      aria-setsize={total}
      tabIndex={tabbable ? 0 : -1}
      className={`task-row task-row--placeholder${failed ? ' is-failed' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onFocus={() => {
        onFocusRow(index);
      }}
    >
      {failed ? t('tasks.rowFailed') : t('tasks.loadingRow')}
    </div>
  );
}
