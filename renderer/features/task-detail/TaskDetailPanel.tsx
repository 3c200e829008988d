import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TaskDetailBody } from './TaskDetailBody.js';
import { useTaskDetail } from './use-task-detail.js';

interface Props {
  taskId: string;
  /** Closes the panel; the screen returns focus to the task's row. */
  onClose: () => void;
}

/** The task an inspector opened from the list, beside it. Esc or the close button closes it. */
export function TaskDetailPanel({ taskId, onClose }: Props) {
  const { t } = useTranslation();
  const { state, reload } = useTaskDetail(taskId);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Focus moves into the panel when it opens or shows another task, so the keyboard reads on from there.
  useEffect(() => {
    headingRef.current?.focus();
  }, [taskId]);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    onClose();
  };

  return (
    <aside className="task-detail" data-testid="task-detail" data-task-id={taskId} aria-label={t('taskDetail.label', { taskId })} onKeyDown={onKeyDown}>
      <header className="task-detail__header">
        <h2 ref={headingRef} tabIndex={-1} className="task-detail__title">
          {taskId}
          {state.kind === 'loaded' && <span className="task-detail__version">{`${t('taskDetail.version')} ${state.task.version}`}</span>}
        </h2>
        <button type="button" className="button" data-testid="task-detail-close" title={t('taskDetail.closeHint')} onClick={onClose}>
          {t('taskDetail.close')}
        </button>
      </header>
      {state.kind === 'loading' && (
        <p className="task-detail__message" role="status" data-testid="task-detail-loading">
          {t('taskDetail.loading')}
        </p>
      )}
      {state.kind === 'failed' && (
        <div className="task-detail__message" role="alert" data-testid="task-detail-error" data-code={state.error.code}>
          <p>{state.error.code === 'not_found' ? t('taskDetail.notFound', { taskId }) : t('taskDetail.failed')}</p>
          {state.error.code !== 'not_found' && <p>{t(`callErrors.${state.error.code}`)}</p>}
          <button type="button" className="button" onClick={reload}>
            {t('taskDetail.retry')}
          </button>
        </div>
      )}
      {state.kind === 'loaded' && <TaskDetailBody task={state.task} />}
    </aside>
  );
}
