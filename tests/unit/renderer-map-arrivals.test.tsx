// @vitest-environment jsdom
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CargoArrivals } from '../../shared/contract/index.js';
import { ApiContext } from '../../renderer/api-context.js';
import { ArrivalsPanel, type Arrival } from '../../renderer/features/map/ArrivalsPanel.js';
import { ARRIVALS_REFRESH_MS } from '../../renderer/features/map/use-arrivals.js';
import { i18n } from '../../renderer/i18n/index.js';
import { startCargoCore, type CargoCore } from '../fixtures/cargo-core.js';
import type { Connection } from '../fixtures/real-core.js';

configure({ asyncUtilTimeout: 10_000 });

/**
 * The arrivals panel against the real core: the training simulator's cargo stream followed by the
 * core, its arrivals per hub estimated by the core (cargo:arrivals), the panel reading them over the
 * headless host's WebSocket.
 */
let cargo: CargoCore;
let connection: Connection;

beforeAll(async () => {
  cargo = await startCargoCore({ tasks: 1500, cargo: 600 });
  await waitFor(async () => {
    expect((await cargo.real.ask('sync:status', {})).signedIn).toBe(true);
  }, { timeout: 30_000 });
  // Half an hour of reports, ten minutes apart: every moving cargo has a heading and a speed.
  cargo.advance(3, 10 * 60_000);
  await waitFor(async () => {
    const arrivals = await cargo.real.ask('cargo:arrivals', { withinHours: 24 });
    expect(arrivals.hubs.some((hub) => hub.withTasks > 0 && hub.soonest.length > 0)).toBe(true);
  }, { timeout: 30_000 });
});
afterAll(async () => {
  await cargo.close();
});
afterEach(() => {
  cleanup();
  connection.dispose();
  vi.useRealTimers();
});

function renderPanel(onPick?: (arrival: Arrival) => void) {
  connection = cargo.real.connect();
  return render(
    <ApiContext value={connection.api}>
      <ArrivalsPanel {...(onPick ? { onPick } : {})} />
    </ApiContext>,
  );
}

/** The panel's hub rows once it shows an answer for `hours`. */
async function shownFor(hours: number): Promise<HTMLElement[]> {
  await waitFor(() => {
    expect(screen.getByTestId('arrivals-computed').dataset.withinHours).toBe(String(hours));
  });
  return screen.getAllByTestId('arrivals-hub');
}

const hubRow = (hubId: string): HTMLElement => {
  const row = screen.getAllByTestId('arrivals-hub').find((element) => element.dataset.hubId === hubId);
  if (!row) throw new Error(`no row for hub ${hubId}`);
  return row;
};

describe('arrivals per hub', () => {
  it("shows every Chongqing hub with the core's counts and the agencies' names, in zh-CN and English", async () => {
    await i18n.changeLanguage('zh-CN');
    renderPanel();
    fireEvent.change(await screen.findByTestId('arrivals-window'), { target: { value: '24' } });
    const rows = await shownFor(24);
    const answer: CargoArrivals = await cargo.real.ask('cargo:arrivals', { withinHours: 24 });
    expect(rows).toHaveLength(answer.hubs.length);
    const busiest = [...answer.hubs].sort((a, b) => b.withTasks - a.withTasks)[0]!;
    // The counts are the core's (the clock stands still between the two questions).
    const row = hubRow(busiest.hubId);
    expect(within(row).getByTestId('arrivals-expected').textContent).toBe(String(busiest.expected));
    expect(within(row).getByTestId('arrivals-late').textContent).toBe(String(busiest.late));
    expect(within(row).getByTestId('arrivals-with-tasks').textContent).toBe(String(busiest.withTasks));
    expect(within(row).getAllByTestId('arrivals-soonest').map((li) => li.dataset.cargoId)).toEqual(busiest.soonest.slice(0, 5).map((a) => a.cargoId));
    // Hub and agency names in Chinese, as places.json and the agencies' texts name them.
    expect(within(row).getByRole('heading', { level: 3 }).textContent).toMatch(/\p{Script=Han}/u);
    const agencyText = within(row).getByTestId('arrivals-by-agency').textContent;
    expect(agencyText).toMatch(/海关|检疫|边检|海事/);
    const first = busiest.soonest[0]!;
    expect(within(row).getAllByTestId('arrivals-soonest')[0]!.textContent).toContain(first.containerNo ?? first.transportDocNo);

    await i18n.changeLanguage('en');
    await waitFor(() => {
      expect(within(hubRow(busiest.hubId)).getByTestId('arrivals-by-agency').textContent).toMatch(/^By agency: (Customs|Quarantine|Border inspection|Maritime) \d+/);
    });
    expect(within(hubRow(busiest.hubId)).getByRole('heading', { level: 3 }).textContent).not.toMatch(/\p{Script=Han}/u);
    await i18n.changeLanguage('zh-CN');
  });

  it('asks again for the chosen window, on demand and every 30 s', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    renderPanel();
    await shownFor(6);
    expect(connection.wire.inputsOf('cargo:arrivals')).toEqual([{ withinHours: 6 }]);

    fireEvent.change(screen.getByTestId('arrivals-window'), { target: { value: '2' } });
    await shownFor(2);
    fireEvent.click(screen.getByTestId('arrivals-refresh'));
    await waitFor(() => {
      expect(connection.wire.inputsOf('cargo:arrivals')).toEqual([{ withinHours: 6 }, { withinHours: 2 }, { withinHours: 2 }]);
    });
    vi.advanceTimersByTime(ARRIVALS_REFRESH_MS);
    await waitFor(() => {
      expect(connection.wire.inputsOf('cargo:arrivals')).toHaveLength(4);
    });
    expect(connection.wire.inputsOf('cargo:arrivals')[3]).toEqual({ withinHours: 2 });
  });

  it('hands a picked soonest cargo to the screen (the map flies to it), named by its container or transport document', async () => {
    const picked: Arrival[] = [];
    renderPanel((arrival) => picked.push(arrival));
    fireEvent.change(await screen.findByTestId('arrivals-window'), { target: { value: '24' } });
    await shownFor(24);
    const answer = await cargo.real.ask('cargo:arrivals', { withinHours: 24 });
    const hub = answer.hubs.find((h) => h.soonest.length > 0)!;
    const button = within(hubRow(hub.hubId)).getAllByTestId('arrivals-pick')[0]!;
    expect(button.getAttribute('aria-label')).toContain(hub.soonest[0]!.containerNo ?? hub.soonest[0]!.transportDocNo);
    fireEvent.click(button);
    expect(picked).toEqual([hub.soonest[0]]);
  });

  it('shows the reason when the core cannot answer, and the panel stays usable', async () => {
    renderPanel();
    await shownFor(6);
    connection.wire.corrupt('cargo:arrivals', () => ({ computedAt: 'not a time' }));
    fireEvent.click(screen.getByTestId('arrivals-refresh'));
    expect((await screen.findByTestId('arrivals-failed')).textContent).not.toBe('');
    // The last answer stays beside the error.
    expect(screen.getAllByTestId('arrivals-hub').length).toBeGreaterThan(0);
    connection.wire.corrupt('cargo:arrivals', null);
    fireEvent.click(screen.getByTestId('arrivals-refresh'));
    await waitFor(() => {
      expect(screen.queryByTestId('arrivals-failed')).toBeNull();
    });
  });
});
