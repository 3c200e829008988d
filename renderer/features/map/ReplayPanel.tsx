import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallError } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';
import { callErrorText } from '../inspection/answer-text.js';
import { useTimeFormatters } from '../sync/time-format.js';
import type { ReplayCanvas } from './replay-layers.js';
import './replay.css';
import { positionAt, replayKeyTime, replayStepMs, replayTrack, type ReplayTrack } from './track-replay.js';

interface Props {
  cargoId: string;
  /** The cargo's container or transport document number, as the cargo panel names it. */
  name: string;
  /** The map to draw on (null while it loads: the slider works, the drawing follows). */
  canvas: ReplayCanvas | null;
  /** Back to live. */
  onClose: () => void;
}

type TrackState = { kind: 'loading' } | { kind: 'loaded'; track: ReplayTrack } | { kind: 'failed'; error: CallError };

/**
 * The journey replay of one cargo (issue 9, point 5): its stored track (cargo:track) drawn as a
 * line, and a time slider moving a marker along it with the time shown. The slider is worked with
 * the keyboard too (arrows a step, Page Up/Down a page, Home/End the ends; Escape goes back to live).
 */
export function ReplayPanel({ cargoId, name, canvas, onClose }: Props) {
  const { t } = useTranslation();
  const client = useClient();
  const times = useTimeFormatters();
  const [state, setState] = useState<TrackState>({ kind: 'loading' });
  const [atMs, setAtMs] = useState<number | null>(null);

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

  const track = state.kind === 'loaded' ? state.track : null;
  // The replay starts where the track starts.
  const shownMs = track === null ? null : (atMs ?? track.startMs);
  // Kept while the time stands still, so the marker is sent only when it moves.
  const position = useMemo(() => (track === null || shownMs === null ? null : positionAt(track, shownMs)), [track, shownMs]);

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

  const timeText = shownMs === null ? '' : times.full(new Date(shownMs).toISOString());
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
          <label className="replay-panel__slider">
            {t('map.replay.slider')}
            <input
              type="range"
              data-testid="replay-slider"
              min={track.startMs}
              max={track.endMs}
              step={replayStepMs(track)}
              value={shownMs}
              aria-valuetext={timeText}
              onChange={(event) => setAtMs(Number(event.target.value))}
              onKeyDown={(event) => {
                const to = replayKeyTime(track, shownMs, event.key);
                if (to === null) return;
                event.preventDefault();
                setAtMs(to);
              }}
            />
          </label>
          <output className="replay-panel__time" data-testid="replay-time" data-at-ms={shownMs}>
            {timeText}
          </output>
          <p className="replay-panel__facts">
            {t('map.replay.points', { count: track.points.length })}
            {position?.speedKmh != null && ` · ${t('map.speedValue', { speed: position.speedKmh })}`}
          </p>
        </>
      )}
    </aside>
  );
}
