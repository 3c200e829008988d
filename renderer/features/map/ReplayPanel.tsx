import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callErrorText } from '../inspection/answer-text.js';
import type { ReplayCanvas } from './replay-layers.js';
import './replay.css';
import { ReplaySlider } from './ReplaySlider.js';
import { positionAt } from './track-replay.js';
import { useCargoTrack } from './use-cargo-track.js';
import { useReplayDrawing } from './use-replay-drawing.js';

interface Props {
  cargoId: string;
  /** The cargo's container or transport document number, as the cargo panel names it. */
  name: string;
  /** The map to draw on (null while it loads: the slider works, the drawing follows). */
  canvas: ReplayCanvas | null;
  /** Back to live. */
  onClose: () => void;
}

/**
 * The journey replay of one cargo (issue 9, point 5): its stored track (cargo:track) drawn as a
 * line, and a time slider moving a marker along it with the time shown (ReplaySlider, keyboard
 * included; Escape goes back to live).
 */
export function ReplayPanel({ cargoId, name, canvas, onClose }: Props) {
  const { t } = useTranslation();
  const state = useCargoTrack(cargoId);
  const [atMs, setAtMs] = useState<number | null>(null);

  const track = state.kind === 'loaded' ? state.track : null;
  // The replay starts where the track starts.
  const shownMs = track === null ? null : (atMs ?? track.startMs);
  // Kept while the time stands still, so the marker is sent only when it moves.
  const position = useMemo(() => (track === null || shownMs === null ? null : positionAt(track, shownMs)), [track, shownMs]);

  useReplayDrawing(canvas, track, position);

  return (
    <aside
      className="replay-panel"
      data-testid="replay-panel"
      aria-label={t('map.replay.title', { id: name })}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <header className="replay-panel__header">
        <h2 className="replay-panel__title">{t('map.replay.title', { id: name })}</h2>
        <button type="button" className="button button--small" data-testid="replay-close" onClick={onClose}>
          {t('map.replay.close')}
        </button>
      </header>
      {state.kind === 'loading' && <p>{t('map.replay.loading')}</p>}
      {state.kind === 'failed' && (
        <p role="alert" data-testid="replay-failed">
          {t('map.replay.failed', { reason: callErrorText(t, state.error) })}
        </p>
      )}
      {track !== null && shownMs !== null && (
        <>
          <ReplaySlider range={track} atMs={shownMs} onMove={setAtMs} />
          <p className="replay-panel__facts">
            {t('map.replay.points', { count: track.points.length })}
            {position?.speedKmh != null && ` · ${t('map.speedValue', { speed: position.speedKmh })}`}
          </p>
        </>
      )}
    </aside>
  );
}
