import { useEffect } from 'react';
import type { ReplayCanvas } from './replay-layers.js';
import type { ReplayPosition, ReplayTrack } from './track-replay.js';

/**
 * Draws a replay on its canvas: the track once it is read (cleared when the replay goes), and the
 * marker wherever `position` says. `position` is kept while the time stands still (useMemo), so the
 * marker is sent only when it moves. A null canvas (the map still loading) draws once it comes.
 */
export function useReplayDrawing(canvas: ReplayCanvas | null, track: ReplayTrack | null, position: ReplayPosition | null): void {
  useEffect(() => {
    if (track === null || canvas === null) return;
    canvas.showReplayTrack(track.points);
    return () => {
      canvas.clearReplay();
    };
  }, [track, canvas]);
  useEffect(() => {
    if (position !== null) canvas?.moveReplayMarker(position);
  }, [position, canvas]);
}
