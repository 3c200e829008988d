import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallError } from '../../../shared/contract/index.js';
import { CaseReplayScreen } from '../case-replay/CaseReplayScreen.js';
import { InspectionScreen } from '../inspection/InspectionScreen.js';
import { ShowOnMapButton } from '../map/show-on-map.js';
import { useHasRole } from '../session/session-context.js';
import { ConflictPanel } from './ConflictPanel.js';
import { TaskDetailBody } from './TaskDetailBody.js';
import { useTaskDetail, type TaskDetailState } from './use-task-detail.js';

interface Props {
  taskId: string;
  /** Closes the panel; the screen returns focus to the task's row. */
  onClose: () => void;
}

/**
 * The task an inspector opened from the list, beside it. Focus stays where it was, so Up/Down and
 * Enter on the list show one task after another; Tab reaches the panel. Esc or the close button
 * closes it.
 */
export function TaskDetailPanel({ taskId, onClose }: Props) {
  const { t } = useTranslation();
  const { state, reload } = useTaskDetail(taskId);
  const version = state.kind === 'loaded' ? state.task.version : null;
  // Only officers inspect; the core refuses the inspection calls to anyone else either way.
  const officer = useHasRole('inspector', 'supervisor');
  const [inspecting, setInspecting] = useState(false);
  // The case replay is the supervisors' (the core refuses audit:forTask to anyone else); it needs the task's cargo id.
  const supervisor = useHasRole('supervisor');
  const [replaying, setReplaying] = useState(false);
  const cargoId = state.kind === 'loaded' ? state.task.cargoId : null;

  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    onClose();
  };

  return (
    <aside className="task-detail" data-testid="task-detail" data-task-id={taskId} aria-label={t('taskDetail.label', { taskId })} onKeyDown={onKeyDown}>
      <header className="task-detail__header">
        <h2 className="task-detail__title">
          {taskId}
          {version !== null && <span className="task-detail__version">{`${t('taskDetail.version')} ${version}`}</span>}
        </h2>
        <ShowOnMapButton taskId={taskId} />
        {officer && (
          <button type="button" className="button" data-testid="inspection-open" title={t('inspection.openHint')} onClick={() => setInspecting(true)}>
            {t('inspection.open')}
          </button>
        )}
        {supervisor && cargoId !== null && (
          <button type="button" className="button" data-testid="case-replay-open" title={t('caseReplay.openHint')} onClick={() => setReplaying(true)}>
            {t('caseReplay.open')}
          </button>
        )}
        <button type="button" className="button" data-testid="task-detail-close" title={t('taskDetail.closeHint')} onClick={onClose}>
          {t('taskDetail.close')}
        </button>
      </header>
      {officer && <ConflictPanel taskId={taskId} onEdit={() => setInspecting(true)} />}
      <PanelContent state={state} taskId={taskId} onRetry={reload} />
      {inspecting && <InspectionScreen key={taskId} taskId={taskId} onClose={() => setInspecting(false)} />}
      {replaying && cargoId !== null && <CaseReplayScreen key={taskId} taskId={taskId} cargoId={cargoId} onClose={() => setReplaying(false)} />}
    </aside>
  );
}

function PanelContent({ state, taskId, onRetry }: { state: TaskDetailState; taskId: string; onRetry: () => void }) {
  const { t } = useTranslation();
  switch (state.kind) {
    case 'loading':
      return (
        <p className="task-detail__message" role="status" data-testid="task-detail-loading">
          {t('taskDetail.loading')}
        </p>
      );
    case 'failed':
      return <Failure error={state.error} taskId={taskId} onRetry={onRetry} />;
    case 'loaded':
      return <TaskDetailBody task={state.task} />;
  }
}

/** A task the cache does not hold is said as such; any other failure in the words of its code, with a retry. */
function Failure({ error, taskId, onRetry }: { error: CallError; taskId: string; onRetry: () => void }) {
  const { t } = useTranslation();
  const notFound = error.code === 'not_found';
  return (
    <div className="task-detail__message" role="alert" data-testid="task-detail-error" data-code={error.code}>
      <p>{notFound ? t('taskDetail.notFound', { taskId }) : t('taskDetail.failed')}</p>
      {!notFound && <p>{t(`callErrors.${error.code}`)}</p>}
      <button type="button" className="button" onClick={onRetry}>
        {t('taskDetail.retry')}
      </button>
    </div>
  );
}
