// @vitest-environment jsdom
import { cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiContext } from '../../renderer/api-context.js';
import type { ReplayCanvas } from '../../renderer/features/map/replay-layers.js';
import { ReplayPanel } from '../../renderer/features/map/ReplayPanel.js';
import { positionAt, replayStepMs, replayTrack, type ReplayTrack } from '../../renderer/features/map/track-replay.js';
import { i18n } from '../../renderer/i18n/index.js';
import { startCargoCore, type CargoCore } from '../fixtures/cargo-core.js';
import { recordingCanvas } from '../fixtures/recording-canvas.js';
import type { Connection } from '../fixtures/real-core.js';

configure({ asyncUtilTimeout: 10_000 });

/**
 * The journey replay's slider against the real core: the training simulator's cargo followed by the
 * core, a cargo's stored track read with cargo:track, the marker moved by the keyboard. The map is
 * replaced by a canvas that records what it is asked to draw (tests/fixtures/recording-canvas.ts).
 */
let cargo: CargoCore;
let connection: Connection;
let cargoId: string;
let track: ReplayTrack;

beforeAll(async () => {
  await i18n.changeLanguage('zh-CN');
  cargo = await startCargoCore({ tasks: 600, cargo: 200 });
  await cargo.following();
  cargo.advance(4, 60_000);
  // A cargo that moved while the core followed the stream: several points to replay.
  await waitFor(async () => {
    const arrivals = await cargo.real.ask('cargo:arrivals', { withinHours: 72 });
    for (const arrival of arrivals.hubs.flatMap((hub) => hub.soonest)) {
      const answer = await cargo.real.ask('cargo:track', { cargoId: arrival.cargoId });
      const read = replayTrack(answer);
      if (read !== null && read.points.length >= 3) {
        cargoId = arrival.cargoId;
        track = read;
        return;
      }
    }
    throw new Error('no cargo with a track of three points yet');
  }, { timeout: 30_000 });
});
afterAll(async () => {
  await cargo.close();
});
afterEach(() => {
  cleanup();
  connection.dispose();
});

function renderReplay(id: string, canvas: ReplayCanvas, onClose: () => void = () => undefined) {
  connection = cargo.real.connect();
  return render(
    <ApiContext value={connection.api}>
      <ReplayPanel cargoId={id} name={`N-${id}`} canvas={canvas} onClose={onClose} />
    </ApiContext>,
  );
}

const shownAt = (): number => Number(screen.getByTestId('replay-time').dataset.atMs);

describe('journey replay', () => {
  it("draws the cargo's stored track and moves the marker along it from the keyboard, the time shown", async () => {
    const { drawn, canvas } = recordingCanvas();
    const closed: number[] = [];
    const view = renderReplay(cargoId, canvas, () => closed.push(1));
    const slider = await screen.findByTestId('replay-slider');
    expect(connection.wire.inputsOf('cargo:track')).toEqual([{ cargoId }]);
    // Drawn by effects after the panel renders: on a busy machine the slider can be found first.
    await waitFor(() => expect(drawn.tracks).toEqual([track.points.map(({ lon, lat }) => ({ lon, lat }))]));
    // It starts where the journey starts.
    expect(shownAt()).toBe(track.startMs);
    await waitFor(() => expect(drawn.markers.at(-1)).toEqual({ lon: track.points[0]!.lon, lat: track.points[0]!.lat }));
    expect(slider.getAttribute('aria-valuetext')).toBe(screen.getByTestId('replay-time').textContent);

    fireEvent.keyDown(slider, { key: 'End' });
    expect(shownAt()).toBe(track.endMs);
    expect(drawn.markers.at(-1)).toEqual({ lon: track.points.at(-1)!.lon, lat: track.points.at(-1)!.lat });
    fireEvent.keyDown(slider, { key: 'ArrowLeft' });
    const back = track.endMs - replayStepMs(track);
    expect(shownAt()).toBe(back);
    const { lon, lat } = positionAt(track, back);
    expect(drawn.markers.at(-1)).toEqual({ lon, lat });
    fireEvent.keyDown(slider, { key: 'Home' });
    expect(shownAt()).toBe(track.startMs);
    // The time shown changes with the slider, in the UI language's format.
    fireEvent.change(slider, { target: { value: String(track.endMs) } });
    expect(screen.getByTestId('replay-time').textContent).toMatch(/\d{2}:\d{2}:\d{2}/);
    expect(screen.getByTestId('replay-time').textContent).toBe(slider.getAttribute('aria-valuetext'));

    // Back to live: by the button or Escape; the line and the marker are cleared when the panel goes.
    fireEvent.click(screen.getByTestId('replay-close'));
    fireEvent.keyDown(slider, { key: 'Escape' });
    expect(closed).toHaveLength(2);
    view.unmount();
    expect(drawn.cleared).toBe(1);
  });

  it('says why when the core has no track of the cargo, and draws nothing', async () => {
    const { drawn, canvas } = recordingCanvas();
    renderReplay('C-NEVER-SEEN', canvas);
    expect((await screen.findByTestId('replay-failed')).textContent).toContain('轨迹无法读取');
    expect(screen.queryByTestId('replay-slider')).toBeNull();
    expect(drawn).toEqual({ tracks: [], markers: [], cleared: 0 });
  });
});
