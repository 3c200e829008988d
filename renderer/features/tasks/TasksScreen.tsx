import { useCallback, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TaskDetailPanel } from '../task-detail/TaskDetailPanel.js';
import { FilterBar } from './FilterBar.js';
import { filterKey, initialFilter, type TaskListFilter } from './filter.js';
import { useShownList } from './use-shown-list.js';
import { SearchBox } from './SearchBox.js';
import { TaskError } from './TaskError.js';
import { TaskList } from './TaskList.js';
import { TaskTotal } from './TaskTotal.js';
import { useTaskQuery } from './use-task-query.js';

/**
 * The inspector's task list: filters, search, total and the virtual list, in the core's order.
 * Enter or a double click on a row opens the task's detail beside the list; closing it returns
 * focus to that row. `initialTaskId`: a task another screen asked to open (open-task.ts).
 */
export function TasksScreen({ initialTaskId = null }: { initialTaskId?: string | null }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<TaskListFilter>(initialFilter);
  const [selectedTaskId, setSelectedTaskId] = useState<string | null>(initialTaskId);
  const [openTaskId, setOpenTaskId] = useState<string | null>(initialTaskId);
  const listAreaRef = useRef<HTMLDivElement>(null);
  const { query, version } = useTaskQuery(filter);

  // Delegated from the list area: a row is found by its task id, whichever row element the virtual list rendered for it.
  const open = (target: EventTarget): void => {
    const row = target instanceof Element ? target.closest<HTMLElement>('[role="option"][data-task-id]') : null;
    const taskId = row?.dataset.taskId;
    if (!taskId) return;
    setSelectedTaskId(taskId);
    setOpenTaskId(taskId);
  };
  const close = (): void => {
    const taskId = openTaskId;
    setOpenTaskId(null);
    if (taskId === null) return;
    // The row may have scrolled out of the rendered window: then the list itself takes focus.
    const area = listAreaRef.current;
    const rows = area ? [...area.querySelectorAll<HTMLElement>('[role="option"][data-task-id]')] : [];
    const row = rows.find((candidate) => candidate.dataset.taskId === taskId);
    (row ?? area?.querySelector<HTMLElement>('[role="listbox"]'))?.focus();
  };
  const onListKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Enter') open(event.target);
    // Esc closes the detail from the list too, wherever the keyboard went back to.
    if (event.key === 'Escape' && openTaskId !== null) close();
  };
  const onListDoubleClick = (event: MouseEvent<HTMLDivElement>): void => {
    open(event.target);
  };

  const update = useCallback((change: Partial<TaskListFilter>) => {
    setFilter((previous) => {
      const next = { ...previous, ...change };
      return filterKey(next) === filterKey(previous) ? previous : next;
    });
  }, []);
  const search = useCallback(
    (text: string) => {
      update({ text });
    },
    [update],
  );

  const count = query.count;
  const error = query.error();
  // Until the count arrives, the rows of the first page are shown (see TaskQuery.firstPageRows).
  const total = count.status === 'failed' ? undefined : (count.total ?? query.firstPageRows());
  // Until a new filter has its first rows, the list keeps showing the previous one's (no blank frame between).
  const shown = useShownList(query, version, total, error !== null);

  return (
    <>
      <section className="tasks" aria-label={t('tasks.listLabel')}>
        <div className="tasks__toolbar">
          <FilterBar filter={filter} onChange={update} />
          <SearchBox onSearch={search} />
          <TaskTotal count={count} />
        </div>
        {error && (
          <TaskError
            error={error}
            onRetry={() => {
              query.reload();
            }}
          />
        )}
        <div className="tasks__list-area" ref={listAreaRef} onKeyDown={onListKeyDown} onDoubleClick={onListDoubleClick}>
          {shown === null ? (
            !error && <p className="tasks__message">{t('tasks.loading')}</p>
          ) : shown.total === 0 ? (
            <p className="tasks__message" data-testid="task-empty">
              {t('tasks.empty')}
            </p>
          ) : (
            <TaskList
              query={shown.query}
              version={shown.version}
              total={shown.total}
              selectedTaskId={selectedTaskId}
              onSelect={setSelectedTaskId}
            />
          )}
        </div>
      </section>
      {openTaskId !== null && <TaskDetailPanel taskId={openTaskId} onClose={close} />}
    </>
  );
}
