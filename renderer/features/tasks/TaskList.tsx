import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from './format.js';
import type { TaskQuery } from './task-query.js';
import { PlaceholderRow, ROW_HEIGHT, TaskRowView } from './TaskRowView.js';

/** Rows rendered beyond each edge of the viewport. */
export const OVERSCAN = 8;

interface Props {
  query: TaskQuery;
  /** Changes whenever the query has new data, so the list re-renders its rows. */
  version: number;
  total: number;
  selectedTaskId: string | null;
  onSelect: (taskId: string) => void;
}

/**
 * The virtual task list: only the rows in view (plus OVERSCAN each side) are in the DOM, and the
 * pages they need are asked of the query as they scroll into view. Rows use a roving tabindex:
 * Up/Down/PageUp/PageDown/Home/End move focus, Enter or Space selects.
 *
 * A new filter is a new query in the same list: its rows replace the old ones in place (React
 * updates the rows' text; nothing is torn down and rebuilt), and the list goes back to its top.
 * Remounting the list for each search cost the officer a frame or two before the first rows.
 */
// Memoized: typing in the search box re-renders the screen around the list, and the list's
// rows (unchanged until the new search's first page arrives) need not be rendered again then.
export const TaskList = memo(function TaskList({ query, version, total, selectedTaskId, onSelect }: Props) {
  const { t } = useTranslation();
  const formatters = useFormatters();
  const scrollRef = useRef<HTMLDivElement>(null);
  const focusRequest = useRef<number | null>(null);
  // The active row belongs to the query it was chosen in; a new query starts at its first row.
  const [activeIn, setActiveIn] = useState({ query, index: 0 });
  const active = activeIn.query === query ? activeIn.index : 0;
  const setActive = (index: number): void => {
    setActiveIn({ query, index });
  };
  const activeIndex = Math.min(active, Math.max(total - 1, 0));

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    // flushSync from the virtualizer's mount-time measurement runs inside a layout effect, which React 19
    // refuses (and logs); a normal re-render is one frame later at most, invisible at a fixed row height.
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? -1;
  const last = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (first >= 0) query.ensure(first, last);
  }, [query, first, last]);

  // Before paint, so the new query's first rows are what the officer sees, not the old scroll position.
  const shownQuery = useRef(query);
  useLayoutEffect(() => {
    if (shownQuery.current === query) return;
    shownQuery.current = query;
    virtualizer.scrollToOffset(0);
  }, [query, virtualizer]);

  // Focus follows the keyboard once the target row is rendered (after scrollToIndex).
  useEffect(() => {
    const index = focusRequest.current;
    if (index === null) return;
    const element = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (!element) return;
    focusRequest.current = null;
    element.focus();
  });

  const moveTo = (index: number): void => {
    if (total === 0) return;
    const next = Math.max(0, Math.min(total - 1, index));
    setActive(next);
    focusRequest.current = next;
    virtualizer.scrollToIndex(next);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const pageRows = Math.max(1, Math.floor(event.currentTarget.clientHeight / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      PageDown: activeIndex + pageRows,
      PageUp: activeIndex - pageRows,
      Home: 0,
      End: total - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      moveTo(target);
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      const slot = query.slot(activeIndex);
      if (slot.kind !== 'row') return;
      event.preventDefault();
      onSelect(slot.row.taskId);
    }
  };

  const activeRendered = activeIndex >= first && activeIndex <= last;
  return (
    <div
      ref={scrollRef}
      data-testid="task-list"
      data-version={version}
      className="task-list"
      role="listbox"
      aria-label={t('tasks.listLabel')}
      tabIndex={activeRendered ? -1 : 0}
      onKeyDown={onKeyDown}
      onFocus={(event) => {
        if (event.target === event.currentTarget) moveTo(activeIndex);
      }}
    >
      <div className="task-list__canvas" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const slot = query.slot(item.index);
          const tabbable = item.index === activeIndex;
          const focusRow = (index: number) => {
            setActive(index);
          };
          if (slot.kind !== 'row') {
            return (
              <PlaceholderRow
                key={item.key}
                index={item.index}
                total={total}
                top={item.start}
                failed={slot.kind === 'failed'}
                tabbable={tabbable}
                onFocusRow={focusRow}
              />
            );
          }
          return (
            <TaskRowView
              key={item.key}
              row={slot.row}
              index={item.index}
              total={total}
              top={item.start}
              selected={slot.row.taskId === selectedTaskId}
              tabbable={tabbable}
              stale={slot.stale}
              formatters={formatters}
              onPick={(index, taskId) => {
                setActive(index);
                onSelect(taskId);
              }}
              onFocusRow={focusRow}
            />
          );
        })}
      </div>
    </div>
  );
});
