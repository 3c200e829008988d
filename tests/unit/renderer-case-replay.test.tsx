// @vitest-environment jsdom
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiContext } from '../../renderer/api-context.js';
import { CaseReplayPanel } from '../../renderer/features/case-replay/CaseReplayPanel.js';
import type { ReplayCanvas } from '../../renderer/features/map/replay-layers.js';
import { positionAt, replayStepMs, replayTrack, type ReplayTrack } from '../../renderer/features/map/track-replay.js';
import { SessionContext } from '../../renderer/features/session/session-context.js';
import { TaskDetailPanel } from '../../renderer/features/task-detail/TaskDetailPanel.js';
import { i18n } from '../../renderer/i18n/index.js';
import { openStatuses, type Role } from '../../shared/contract/index.js';
import { startCargoCore, type CargoCore } from '../fixtures/cargo-core.js';
import { contentOf, FIRST, must, startInspection, TEST_PASSWORD } from '../fixtures/inspection-calls.js';
import type { Connection } from '../fixtures/real-core.js';
import { recordingCanvas } from '../fixtures/recording-canvas.js';
import { signedInStatus } from '../fixtures/signed-in-status.js';

configure({ asyncUtilTimeout: 10_000 });

/**
 * The case replay (issue 10, point 4) against the real core fed by the training simulator: a task
 * whose cargo the core followed, inspected through the core's own calls between the cargo's moves,
 * so its audit entries and its track interleave in time. The map is the recording canvas
 * (tests/fixtures/recording-canvas.ts); jsdom scrolls nothing, so scrollIntoView records its element.
 */
const STEP_MS = 60_000;
let cargo: CargoCore;
let connection: Connection;
let taskId: string;
let cargoId: string;
let track: ReplayTrack;
/** The task's entries' times, in chain order: inspection.start, draft.change, draft.signed. */
let entryMs: number[];
let scrolled: Element[] = [];
const scrollIntoView = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollIntoView');

beforeAll(async () => {
  await i18n.changeLanguage('zh-CN');
  Element.prototype.scrollIntoView = function record(this: Element) {
    scrolled.push(this);
  };
  cargo = await startCargoCore({ tasks: 600, cargo: 200 });
  await cargo.following();
  cargo.advance(3, STEP_MS);
  // A task's cargo the simulator has reported most often, once the core holds three of its points.
  const reports = new Map<string, { taskId: string; count: number }>();
  for (const position of cargo.simulator.positions()) {
    const task = position.taskId === undefined ? undefined : cargo.simulator.task(position.taskId);
    if (task === undefined || !(openStatuses as readonly string[]).includes(task.status)) continue;
    const seen = reports.get(position.cargoId) ?? { taskId: task.taskId, count: 0 };
    reports.set(position.cargoId, { ...seen, count: seen.count + 1 });
  }
  const candidates = [...reports].filter(([, seen]) => seen.count >= 3).sort(([, a], [, b]) => b.count - a.count).slice(0, 20);
  await waitFor(async () => {
    for (const [id, seen] of candidates) {
      // A cargo the core has not stored yet is not_found: ask() throws, and the next is tried.
      const read = await cargo.real.ask('cargo:track', { cargoId: id }).then(replayTrack, () => null);
      if (read !== null && read.points.length >= 3) {
        taskId = seen.taskId;
        cargoId = id;
        return;
      }
    }
    throw new Error('no task whose cargo has a track of three points yet');
  }, { timeout: 30_000 });

  // Inspected between the cargo's moves: start, a change, a signature, each two reports apart.
  const core = cargo.real.core;
  const draft = await startInspection(core, taskId);
  cargo.advance(2, STEP_MS);
  const note = { findingId: 'f-note', code: 'X-INFO', agency: 'customs' as const, severity: 'info' as const, text: '箱体完好 / container intact', origin: 'officer' as const };
  await must(core, 'inspection:save', { taskId, draft: { ...contentOf(draft), findings: [note] } });
  cargo.advance(2, STEP_MS);
  const signed = await must(core, 'inspection:sign', { taskId, operatorId: FIRST, password: TEST_PASSWORD });
  if (!signed.ok) throw new Error(`signature refused: ${JSON.stringify(signed.refusal)}`);
  cargo.advance(2, STEP_MS);
  entryMs = (await cargo.real.ask('audit:forTask', { taskId })).entries.map((entry) => Date.parse(entry.at));
  // The track read once the core has the last reports: after the last entry.
  await waitFor(async () => {
    const read = replayTrack(await cargo.real.ask('cargo:track', { cargoId }));
    if (read === null || read.endMs <= (entryMs.at(-1) ?? Infinity)) throw new Error('the last reports are not in yet');
    track = read;
  }, { timeout: 30_000 });
}, 120_000);
afterAll(async () => {
  if (scrollIntoView) Object.defineProperty(Element.prototype, 'scrollIntoView', scrollIntoView);
  else Reflect.deleteProperty(Element.prototype, 'scrollIntoView');
  await cargo.close();
});
afterEach(() => {
  cleanup();
  connection.dispose();
  scrolled = [];
});

function renderPanel(ids: { taskId: string; cargoId: string }, canvas: ReplayCanvas) {
  connection = cargo.real.connect();
  return render(
    <ApiContext value={connection.api}>
      <CaseReplayPanel taskId={ids.taskId} cargoId={ids.cargoId} canvas={canvas} />
    </ApiContext>,
  );
}

const shownAt = (): number => Number(screen.getByTestId('replay-time').dataset.atMs);
const states = (): (string | undefined)[] => screen.getAllByTestId('case-entry').map((element) => element.dataset.state);
const entry = (index: number): HTMLElement => {
  const found = screen.getAllByTestId('case-entry')[index];
  if (!found) throw new Error(`no timeline entry ${index}`);
  return found;
};

describe('case replay', () => {
  it("draws the cargo's track and moves its marker with the one slider that marks the timeline up to its time", async () => {
    const { drawn, canvas } = recordingCanvas();
    renderPanel({ taskId, cargoId }, canvas);
    const slider = await screen.findByTestId('replay-slider');
    expect(connection.wire.inputsOf('audit:forTask')).toEqual([{ taskId }]);
    await waitFor(() => expect(drawn.tracks).toEqual([track.points.map(({ lon, lat }) => ({ lon, lat }))]));

    // The range is the union of the track's and the entries' times.
    const startMs = Math.min(track.startMs, ...entryMs);
    expect(shownAt()).toBe(startMs);
    expect(slider.getAttribute('max')).toBe(String(track.endMs));
    expect(screen.getAllByTestId('case-entry').map((element) => element.textContent)).toEqual([
      expect.stringContaining('开始查验'),
      expect.stringContaining('修改查验记录'),
      expect.stringContaining('关员签名'),
    ]);
    expect(entry(0).textContent).toContain(`测试 inspector（${FIRST}）`);

    // Clicking the change moves the slider to its time: the start passed, the change current, the signature to come.
    fireEvent.click(within(entry(1)).getByRole('button'));
    expect(shownAt()).toBe(entryMs[1]);
    expect(states()).toEqual(['past', 'current', 'future']);
    expect(within(entry(1)).getByRole('button').getAttribute('aria-current')).toBe('step');
    const { lon, lat } = positionAt(track, entryMs[1] ?? NaN);
    expect(drawn.markers.at(-1)).toEqual({ lon, lat });
    expect(scrolled.at(-1)).toBe(entry(1));

    // A step on, still before the signature: the change stays current, the marker moves on.
    fireEvent.keyDown(slider, { key: 'ArrowRight' });
    const later = (entryMs[1] ?? NaN) + replayStepMs({ startMs, endMs: track.endMs });
    expect(later).toBeLessThan(entryMs[2] ?? NaN);
    expect(shownAt()).toBe(later);
    expect(states()).toEqual(['past', 'current', 'future']);
    expect(drawn.markers.at(-1)).toEqual({ lon: positionAt(track, later).lon, lat: positionAt(track, later).lat });

    // The end: every entry passed, the last current and in view; Home: none reached yet unless at the start.
    fireEvent.keyDown(slider, { key: 'End' });
    expect(states()).toEqual(['past', 'past', 'current']);
    expect(scrolled.at(-1)).toBe(entry(2));
    fireEvent.keyDown(slider, { key: 'Home' });
    expect(states()).toEqual([entryMs[0] === startMs ? 'current' : 'future', 'future', 'future']);
  });

  it('replays the timeline alone, with a note, for a cargo this workstation has no track of', async () => {
    const { drawn, canvas } = recordingCanvas();
    renderPanel({ taskId, cargoId: 'C-NEVER-SEEN' }, canvas);
    expect((await screen.findByTestId('case-replay-no-track')).textContent).toBe('本机没有这票货物的轨迹，只回放审计时间线。');
    const slider = screen.getByTestId('replay-slider');
    expect([slider.getAttribute('min'), slider.getAttribute('max')]).toEqual([String(entryMs[0]), String(entryMs.at(-1))]);
    fireEvent.click(within(entry(2)).getByRole('button'));
    expect(states()).toEqual(['past', 'past', 'current']);
    expect(drawn).toEqual({ tracks: [], markers: [], cleared: 0 });
  });

  it('says so when the task has no audit entry, and still replays the journey', async () => {
    const { drawn, canvas } = recordingCanvas();
    renderPanel({ taskId: 'JI-NOTHING-DONE', cargoId }, canvas);
    expect((await screen.findByTestId('case-replay-no-entries')).textContent).toBe('审计链中还没有这个任务的记录。');
    expect(screen.queryByTestId('case-timeline')).toBeNull();
    fireEvent.keyDown(await screen.findByTestId('replay-slider'), { key: 'End' });
    expect(shownAt()).toBe(track.endMs);
    await waitFor(() => expect(drawn.markers.at(-1)).toEqual({ lon: track.points.at(-1)?.lon, lat: track.points.at(-1)?.lat }));
  });

  it('is opened from the task detail by a supervisor only, in English too, holds the focus, and gives it back when Escape closes it', async () => {
    const open = async (roles: readonly Role[]) => {
      connection = cargo.real.connectAs({ roles });
      const status = await signedInStatus(connection);
      render(
        <ApiContext value={connection.api}>
          <SessionContext value={{ status, signOut: () => undefined }}>
            <TaskDetailPanel taskId={taskId} onClose={() => undefined} />
          </SessionContext>
        </ApiContext>,
      );
      await screen.findByTestId('task-detail-close');
      await waitFor(() => expect(screen.queryByTestId('task-detail-loading')).toBeNull());
    };
    await open(['inspector']);
    expect(screen.queryByTestId('case-replay-open')).toBeNull();
    cleanup();
    connection.dispose();

    await i18n.changeLanguage('en');
    try {
      await open(['supervisor']);
      const button = await screen.findByTestId('case-replay-open');
      button.focus();
      fireEvent.click(button);
      const dialog = await screen.findByRole('dialog', { name: `Case replay of ${taskId}` });
      expect(document.activeElement).toBe(dialog);
      await within(dialog).findAllByTestId('case-entry');
      expect(within(dialog).getAllByTestId('case-entry')[0]?.textContent).toContain('Inspection started');
      // Modal: focus leaving it for the detail under it comes back.
      const slider = within(dialog).getByTestId('replay-slider');
      slider.focus();
      expect(document.activeElement).toBe(slider);
      fireEvent.blur(slider, { relatedTarget: screen.getByTestId('task-detail-close') });
      expect(document.activeElement).toBe(dialog);
      fireEvent.keyDown(slider, { key: 'Escape' });
      expect(screen.queryByTestId('case-replay')).toBeNull();
      expect(document.activeElement).toBe(button);
      // The task's detail stays open under it.
      expect(screen.getByTestId('task-detail')).toBeTruthy();
    } finally {
      await i18n.changeLanguage('zh-CN');
    }
  });
});
