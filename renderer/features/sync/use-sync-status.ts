import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallError, SyncStatus } from '../../../shared/contract/index.js';
import { useClient, useConnection } from '../../api-context.js';

export interface SyncStatusState {
  /** null until the first answer. */
  status: SyncStatus | null;
  /** When `status` arrived (ms since epoch): "3 minutes ago" is never computed against an older clock. */
  receivedAt: number;
  /** Reading the status failed (and no event has replaced it since). */
  error: CallError | null;
  /** sync:now was asked and has not answered yet. */
  requesting: boolean;
  /** The last sync:now failed. */
  syncNowError: CallError | null;
  syncNow: () => void;
}

/**
 * The sync status the whole window shows: read with sync:status on load and after the channel
 * comes back, then kept current by sync:changed events. An answer that arrives after a newer event
 * is dropped, so a slow sync:status never rolls the strip back.
 */
export function useSyncStatus(): SyncStatusState {
  const client = useClient();
  const connection = useConnection();
  const [{ status, receivedAt }, setReceived] = useState<{ status: SyncStatus | null; receivedAt: number }>({ status: null, receivedAt: 0 });
  const [error, setError] = useState<CallError | null>(null);
  const [requesting, setRequesting] = useState(false);
  const [syncNowError, setSyncNowError] = useState<CallError | null>(null);
  /** Bumped by every newer piece of news; an answer to an older request is ignored. */
  const generation = useRef(0);

  const setStatus = useCallback((next: SyncStatus) => {
    setReceived({ status: next, receivedAt: Date.now() });
  }, []);

  const apply = useCallback(
    (next: SyncStatus) => {
      generation.current++;
      setStatus(next);
      setError(null);
    },
    [setStatus],
  );

  const load = useCallback(() => {
    const mine = ++generation.current;
    void client.call('sync:status', {}).then((result) => {
      if (mine !== generation.current) return;
      if (result.ok) {
        setStatus(result.value);
        setError(null);
      } else {
        setError(result.error);
      }
    });
  }, [client, setStatus]);

  useEffect(() => {
    load();
  }, [load]);

  useEffect(() => client.on('sync:changed', apply), [client, apply]);

  const previous = useRef(connection);
  useEffect(() => {
    const before = previous.current;
    previous.current = connection;
    if (connection === 'connected' && before === 'reconnecting') load();
  }, [connection, load]);

  const syncNow = useCallback(() => {
    setRequesting(true);
    setSyncNowError(null);
    void client.call('sync:now', {}).then((result) => {
      setRequesting(false);
      if (result.ok) apply(result.value);
      else setSyncNowError(result.error);
    });
  }, [client, apply]);

  return { status, receivedAt, error, requesting, syncNowError, syncNow };
}
