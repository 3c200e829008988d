import { useEffect, useState } from 'react';
import type { CallError } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';
import { replayTrack, type ReplayTrack } from './track-replay.js';

type CargoTrackState = { kind: 'loading' } | { kind: 'loaded'; track: ReplayTrack } | { kind: 'failed'; error: CallError };

/**
 * One cargo's stored track (cargo:track) as a replay reads it: the journey replay's and the case
 * replay's. Read once per mount: a replay of another cargo is another component (keyed by cargo).
 */
export function useCargoTrack(cargoId: string): CargoTrackState {
  const client = useClient();
  const [state, setState] = useState<CargoTrackState>({ kind: 'loading' });
  useEffect(() => {
    let current = true;
    void client.call('cargo:track', { cargoId }).then((result) => {
      if (!current) return;
      if (!result.ok) {
        setState({ kind: 'failed', error: result.error });
        return;
      }
      const track = replayTrack(result.value);
      // No point with a readable time: to the officer, the same as no track (the message is never shown).
      setState(track === null ? { kind: 'failed', error: { code: 'not_found', message: cargoId } } : { kind: 'loaded', track });
    });
    return () => {
      current = false;
    };
  }, [client, cargoId]);
  return state;
}
