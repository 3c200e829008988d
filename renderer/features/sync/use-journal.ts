import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallError, JournalEntry, journalOutcomes, MethodInput } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';

export const JOURNAL_PAGE_SIZE = 50;

export type JournalOutcome = (typeof journalOutcomes)[number];

export interface JournalFilter {
  outcome: JournalOutcome | null;
  /** Substring of the call; empty: every call. */
  call: string;
}

interface Loaded {
  /** The filter (and refresh) these entries answer. */
  key: string;
  entries: readonly JournalEntry[];
  hasMore: boolean;
  error: CallError | null;
}

export interface JournalState {
  entries: readonly JournalEntry[];
  /** The first page for the current filter is on its way (older entries may still be shown). */
  loading: boolean;
  loadingOlder: boolean;
  hasMore: boolean;
  error: CallError | null;
  loadOlder: () => void;
  refresh: () => void;
}

function keyOf(outcome: JournalOutcome | null, call: string, refreshes: number): string {
  return JSON.stringify([outcome, call, refreshes]);
}

function inputOf(filter: JournalFilter, beforeId?: number): MethodInput<'sync:journal'> {
  return {
    limit: JOURNAL_PAGE_SIZE,
    ...(filter.outcome ? { outcome: filter.outcome } : {}),
    ...(filter.call ? { call: filter.call } : {}),
    ...(beforeId === undefined ? {} : { beforeId }),
  };
}

/**
 * The sync journal, newest first, in pages of JOURNAL_PAGE_SIZE: a new filter (or refresh) loads
 * the first page again; "load older" pages backwards with beforeId. Answers to an older filter are
 * dropped, so typing quickly never shows another filter's rows.
 */
export function useJournal(filter: JournalFilter): JournalState {
  const client = useClient();
  const [refreshes, setRefreshes] = useState(0);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const { outcome, call } = filter;
  const key = keyOf(outcome, call, refreshes);
  const currentKey = useRef(key);

  useEffect(() => {
    const mine = keyOf(outcome, call, refreshes);
    currentKey.current = mine;
    void client.call('sync:journal', inputOf({ outcome, call })).then((result) => {
      if (currentKey.current !== mine) return;
      setLoaded(
        result.ok
          ? { key: mine, entries: result.value.entries, hasMore: result.value.entries.length === JOURNAL_PAGE_SIZE, error: null }
          : { key: mine, entries: [], hasMore: false, error: result.error },
      );
    });
  }, [client, outcome, call, refreshes]);

  const loadOlder = useCallback(() => {
    if (!loaded || loaded.key !== key) return;
    const last = loaded.entries.at(-1);
    if (!last) return;
    setLoadingOlder(true);
    void client.call('sync:journal', inputOf(filter, last.id)).then((result) => {
      setLoadingOlder(false);
      if (currentKey.current !== key) return;
      setLoaded((previous) => {
        if (previous?.key !== key) return previous;
        if (!result.ok) return { ...previous, error: result.error };
        const { entries } = result.value;
        return { key, entries: [...previous.entries, ...entries], hasMore: entries.length === JOURNAL_PAGE_SIZE, error: null };
      });
    });
  }, [client, filter, key, loaded]);

  const refresh = useCallback(() => {
    setRefreshes((count) => count + 1);
  }, []);

  const current = loaded?.key === key ? loaded : null;
  return {
    entries: loaded?.entries ?? [],
    loading: current === null,
    loadingOlder,
    hasMore: current?.hasMore ?? false,
    error: current?.error ?? null,
    loadOlder,
    refresh,
  };
}
