import { useTranslation } from 'react-i18next';
import { useTimeFormatters } from '../sync/time-format.js';
import './replay.css';
import { replayKeyTime, replayStepMs, type ReplayRange } from './track-replay.js';

interface Props {
  range: ReplayRange;
  atMs: number;
  onMove: (atMs: number) => void;
}

/**
 * A replay's time slider and the time it stands at, shown and spoken (aria-valuetext), worked with
 * the keyboard too: arrows a step, Page Up/Down a page, Home/End the ends. The journey replay and
 * the case replay move their marker (and the case replay its timeline) with it.
 */
export function ReplaySlider({ range, atMs, onMove }: Props) {
  const { t } = useTranslation();
  const times = useTimeFormatters();
  const timeText = times.full(new Date(atMs).toISOString());
  return (
    <>
      <label className="replay-panel__slider">
        {t('map.replay.slider')}
        <input
          type="range"
          data-testid="replay-slider"
          min={range.startMs}
          max={range.endMs}
          step={replayStepMs(range)}
          value={atMs}
          aria-valuetext={timeText}
          onChange={(event) => onMove(Number(event.target.value))}
          onKeyDown={(event) => {
            const to = replayKeyTime(range, atMs, event.key);
            if (to === null) return;
            event.preventDefault();
            onMove(to);
          }}
        />
      </label>
      <output className="replay-panel__time" data-testid="replay-time" data-at-ms={atMs}>
        {timeText}
      </output>
    </>
  );
}
