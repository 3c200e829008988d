import { useTranslation } from 'react-i18next';
import { URGENCY_COLOURS } from './cargo-layers.js';
import type { CargoRecord } from './cargo-picture.js';
import { corridorName } from './corridor-names.js';
import { useCargoTasks } from './use-cargo-tasks.js';

interface Props {
  record: CargoRecord;
  onOpenTask: (taskId: string) => void;
  /** Replays the cargo's journey from its stored track. */
  onReplay: () => void;
  onClose: () => void;
}

/** The cargo a person clicked on the map: what it is and its inspection tasks, each of which opens. */
export function CargoPanel({ record, onOpenTask, onReplay, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const tasks = useCargoTasks(record);
  const name = record.containerNo ?? record.transportDocNo;
  const rows = tasks.kind === 'loaded' ? tasks.rows : null;
  return (
    <aside className="cargo-panel" data-testid="cargo-panel" data-cargo-id={record.cargoId} aria-label={t('map.panel', { id: name })}>
      <header className="cargo-panel__header">
        <h2 className="cargo-panel__title">{name}</h2>
        <button type="button" className="button button--small" data-testid="cargo-replay" onClick={onReplay}>
          {t('map.replay.action')}
        </button>
        <button type="button" className="button button--small" data-testid="cargo-panel-close" onClick={onClose}>
          {t('map.close')}
        </button>
      </header>
      <dl className="cargo-panel__facts">
        <dt>{t('map.transportDocNo')}</dt>
        <dd>{record.transportDocNo}</dd>
        <dt>{t('taskDetail.mode')}</dt>
        <dd>{t(`mode.${record.mode}`)}</dd>
        <dt>{t('map.corridor')}</dt>
        <dd>{corridorName(record.corridor, i18n.language === 'en')}</dd>
      </dl>
      <h3 className="cargo-panel__subtitle">{t('map.tasks')}</h3>
      {rows === null && <p>{t('map.tasksLoading')}</p>}
      {rows?.length === 0 && <p>{t('map.noTasks')}</p>}
      {rows !== null && rows.length > 0 && (
        <ul className="cargo-panel__tasks">
          {rows.map((row) => (
            <li key={row.taskId} className="cargo-panel__task" data-testid="cargo-task" data-task-id={row.taskId}>
              <span className="cargo-panel__task-id">{row.taskId}</span>
              <span className="cargo-panel__badge" style={{ backgroundColor: URGENCY_COLOURS[row.overdue ? 'overdue' : row.priority] }}>
                {row.overdue ? t('map.urgency.overdue') : t(`priority.${row.priority}`)}
              </span>
              <span>{t(`status.${row.status}`)}</span>
              <button type="button" className="button button--small" data-testid="cargo-task-open" onClick={() => onOpenTask(row.taskId)}>
                {t('map.openTask')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
