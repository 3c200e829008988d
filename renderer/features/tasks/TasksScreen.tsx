import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FilterBar } from './FilterBar.js';
import { filterKey, initialFilter, type TaskListFilter } from './filter.js';
import { SearchBox } from './SearchBox.js';
import { TaskError } from './TaskError.js';
import { TaskList } from './TaskList.js';
import { TaskTotal } from './TaskTotal.js';
import { useTaskQuery } from './use-task-query.js';

/** The inspector's task list: filters, search, total and the virtual list, in the core's order. */
export function TasksScreen() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<TaskListFilter>(initialFilter);
  // Selecting only highlights for now; the inspection screen will open the selected task.
  const [selectedTaskId, setSelectedTaskId] = useState<string | null>(null);
  const { query, version } = useTaskQuery(filter);

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

  return (
    <section className="tasks" aria-label={t('tasks.listLabel')}>
      <div className="tasks__toolbar">
        <FilterBar filter={filter} onChange={update} />
        <SearchBox onSearch={search} />
        <TaskTotal count={count} />
      </div>
      {error && <TaskError error={error} onRetry={() => {
            query.reload();
          }} />}
      {total === undefined ? (
        !error && <p className="tasks__message">{t('tasks.loading')}</p>
      ) : total === 0 ? (
        <p className="tasks__message" data-testid="task-empty">
          {t('tasks.empty')}
        </p>
      ) : (
        <TaskList
          key={filterKey(filter)}
          query={query}
          version={version}
          total={total}
          selectedTaskId={selectedTaskId}
          onSelect={setSelectedTaskId}
        />
      )}
    </section>
  );
}
