import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../api-context.js';
import { callErrorText } from '../inspection/answer-text.js';
import type { ReplayCanvas } from '../map/replay-layers.js';
import { ReplaySlider } from '../map/ReplaySlider.js';
import { positionAt } from '../map/track-replay.js';
import { useCargoTrack } from '../map/use-cargo-track.js';
import { useReplayDrawing } from '../map/use-replay-drawing.js';
import { useLatestAnswer } from '../sync/use-latest-answer.js';
import { AuditTimeline } from './AuditTimeline.js';
import { caseRange, entryStates, timelineEntries } from './case-timeline.js';

interface Props {
  taskId: string;
  /** The task's cargo ('' when the single window named none). */
  cargoId: string;
  /** The map to draw on (null while it loads or when it cannot: the timeline works without it). */
  canvas: ReplayCanvas | null;
}

/**
 * The case replay's slider and timeline (issue 10, point 4): the task's audit entries
 * (audit:forTask) and its cargo's track (cargo:track) read together, one slider over both times
 * moving the cargo's marker on the canvas and the current entry of the timeline; an entry picked
 * moves the slider to its time.
 */
export function CaseReplayPanel({ taskId, cargoId, canvas }: Props) {
  const { t } = useTranslation();
  const client = useClient();
  const trackState = useCargoTrack(cargoId);
  const load = useCallback(() => client.call('audit:forTask', { taskId }), [client, taskId]);
  const audit = useLatestAnswer(load, taskId);
  const [atMs, setAtMs] = useState<number | null>(null);

  const track = trackState.kind === 'loaded' ? trackState.track : null;
  const entries = useMemo(() => timelineEntries(audit.value?.entries ?? []), [audit.value]);
  // The range is set once both answers are in, so the slider's ends do not move under the user.
  const settled = trackState.kind !== 'loading' && (audit.value !== null || audit.error !== null);
  const range = useMemo(() => (settled ? caseRange(track, entries) : null), [settled, track, entries]);
  // The replay starts at the range's start: the first report or the first entry, whichever came first.
  const shownMs = range === null ? null : (atMs ?? range.startMs);
  const position = useMemo(() => (track === null || shownMs === null ? null : positionAt(track, shownMs)), [track, shownMs]);
  const states = useMemo(() => (shownMs === null ? [] : entryStates(entries, shownMs)), [entries, shownMs]);
  useReplayDrawing(canvas, track, position);

  // A task with no cargo named cannot have a track: the same note as a cargo the store never saw.
  const noTrack = trackState.kind === 'failed' && (trackState.error.code === 'not_found' || cargoId === '');
  return (
    <section className="case-replay__panel" data-testid="case-replay-panel">
      {!settled && (
        <p role="status" data-testid="case-replay-loading">
          {t('caseReplay.loading')}
        </p>
      )}
      {range !== null && shownMs !== null && <ReplaySlider range={range} atMs={shownMs} onMove={setAtMs} />}
      {noTrack && (
        <p className="case-replay__note" role="status" data-testid="case-replay-no-track">
          {t('caseReplay.noTrack')}
        </p>
      )}
      {trackState.kind === 'failed' && !noTrack && (
        <p className="case-replay__note" role="alert" data-testid="case-replay-track-failed">
          {t('caseReplay.trackFailed', { reason: callErrorText(t, trackState.error) })}
        </p>
      )}
      {audit.error !== null && (
        <p className="case-replay__note" role="alert" data-testid="case-replay-audit-failed">
          {t('caseReplay.auditFailed', { reason: callErrorText(t, audit.error) })}
        </p>
      )}
      {audit.value !== null && entries.length === 0 && (
        <p className="case-replay__note" role="status" data-testid="case-replay-no-entries">
          {t('caseReplay.noEntries')}
        </p>
      )}
      {settled && range === null && (
        <p className="case-replay__note" role="status" data-testid="case-replay-nothing">
          {t('caseReplay.nothing')}
        </p>
      )}
      {entries.length > 0 && shownMs !== null && <AuditTimeline entries={entries} states={states} onPick={setAtMs} />}
    </section>
  );
}
