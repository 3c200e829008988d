import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../electron/simulator/server.js';
import { positionsPageSchema, referenceDataSchema, resultAcceptedSchema, type Position } from '../../shared/contract/gateway.js';
import { validateContainerNo, validateTransportDocNo } from '../../shared/domain/index.js';
import { call, openStream, postResult, token, testClock, validResult } from './simulator-http.js';

const started: Simulator[] = [];
const MINUTE = 60_000;

async function simulator(options: SimulatorOptions): Promise<Simulator> {
  const sim = await startSimulator({ tasks: 400, cargo: 60, evolve: false, ...options });
  started.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function positions(sim: Simulator, bearer: string, query: string) {
  const reply = await call(sim, `/v1/cargo/positions?${query}`, { token: bearer });
  if (reply.status !== 200) throw new Error(`positions: ${reply.status} ${reply.text}`);
  return positionsPageSchema.parse(reply.body);
}

const atOf = (p: Position): number => Date.parse(p.at);

describe('simulator: cargo positions', () => {
  it('moves at most --cargo cargo along their corridors, with milestones, in real time', async () => {
    const clock = testClock();
    const sim = await simulator({ now: clock.now, cargo: 40 });
    const start = sim.positions();
    // Cargo still at its origin or not yet trucked to the site has no position yet.
    const startCargo = new Set(start.map((p) => p.cargoId)).size;
    expect(startCargo).toBeGreaterThan(20);
    expect(startCargo).toBeLessThanOrEqual(40);
    for (let i = 0; i < 6 * 24; i++) {
      clock.advance(10 * MINUTE);
      sim.tick();
    }
    const all = sim.positions();
    const tasks = new Map(sim.tasks().map((t) => [t.taskId, t]));
    const cargoIds = new Set(all.map((p) => p.cargoId));
    // Slots freed by cargo that left are taken by the cargo of other open tasks.
    expect(cargoIds.size).toBeGreaterThan(startCargo);
    const milestones = new Set(all.map((p) => p.milestone).filter((m) => m !== undefined));
    for (const m of ['departed', 'border_crossed', 'arrived', 'gate_in', 'inspection_started', 'released', 'gate_out']) expect(milestones, m).toContain(m);
    for (const p of all) {
      const task = tasks.get(p.taskId ?? '');
      expect(task?.cargoId).toBe(p.cargoId);
      expect(['rail', 'river', 'road', 'air', 'sea']).toContain(p.mode);
    }
    // A moving train reported twice ten minutes apart has moved, at a plausible speed.
    const rail = all.filter((p) => p.mode === 'rail' && p.milestone === undefined && (p.speedKmh ?? 0) > 0);
    const byCargo = new Map<string, Position[]>();
    for (const p of rail) byCargo.set(p.cargoId, [...(byCargo.get(p.cargoId) ?? []), p]);
    const track = [...byCargo.values()].find((ps) => ps.length > 10)!;
    expect(track).toBeDefined();
    const a = track[track.length - 2]!;
    const b = track[track.length - 1]!;
    expect(atOf(b)).toBeGreaterThan(atOf(a));
    expect(b.lon !== a.lon || b.lat !== a.lat).toBe(true);
    expect(b.speedKmh).toBeGreaterThan(20);
    expect(b.speedKmh).toBeLessThan(60);
  });

  it('gives a container number only to containerised cargo, and every cargo the transport document of its mode', async () => {
    const clock = testClock();
    const sim = await simulator({ now: clock.now, tasks: 1500, cargo: 400 });
    for (let i = 0; i < 12; i++) {
      clock.advance(10 * MINUTE);
      sim.tick();
    }
    const tasks = new Map(sim.tasks().map((t) => [t.taskId, t]));
    const all = sim.positions();
    const modes = new Set<string>();
    let loose = 0;
    for (const p of all) {
      const task = tasks.get(p.taskId ?? '')!;
      if (p.containerNo === undefined) loose++;
      else expect(validateContainerNo(p.containerNo).ok, p.containerNo).toBe(true);
      expect(p.containerNo).toBe(task.containers[0]?.containerNo);
      // The document is issued for the cargo's main mode; a leg (a truck from the airport) may differ.
      expect(validateTransportDocNo(task.mode, p.transportDocNo), `${task.mode} ${p.transportDocNo}`).toMatchObject({ ok: true, value: p.transportDocNo });
      expect(p.transportDocNo).toBe(task.billOfLading);
      modes.add(task.mode);
    }
    expect([...modes].sort()).toEqual(['air', 'rail', 'river', 'road', 'sea']);
    expect(loose).toBeGreaterThan(0);
    expect(all.filter((p) => tasks.get(p.taskId ?? '')?.mode === 'air').every((p) => p.containerNo === undefined)).toBe(true);
    // What a wrong document looks like to the same validator: the simulator's are not valid by accident.
    expect(validateTransportDocNo('air', '112-29955344').ok).toBe(false);
    expect(validateTransportDocNo('sea', 'CSQU3054383').ok).toBe(false);
    expect(validateTransportDocNo('rail', '112-29955343').ok).toBe(false);
  });

  it('pages positions by time: after `since`, oldest first, at most `limit`, none lost', async () => {
    const clock = testClock();
    const sim = await simulator({ now: clock.now });
    for (let i = 0; i < 30; i++) {
      clock.advance(20_000);
      sim.tick();
    }
    const bearer = await token(sim);
    const collected: Position[] = [];
    let since: string | undefined;
    for (;;) {
      const page = await positions(sim, bearer, `limit=50${since === undefined ? '' : `&since=${encodeURIComponent(since)}`}`);
      expect(page.positions.length).toBeLessThanOrEqual(50);
      expect(Date.parse(page.serverTime)).toBe(clock.now());
      for (let i = 1; i < page.positions.length; i++) expect(atOf(page.positions[i]!)).toBeGreaterThanOrEqual(atOf(page.positions[i - 1]!));
      if (since !== undefined) for (const p of page.positions) expect(atOf(p)).toBeGreaterThan(Date.parse(since));
      if (page.positions.length === 0) break;
      collected.push(...page.positions);
      since = page.positions[page.positions.length - 1]!.at;
    }
    expect(new Set(collected.map((p) => p.eventId))).toEqual(new Set(sim.positions().map((p) => p.eventId)));
    // Late reports exist: emission order is not time order.
    const emitted = sim.positions();
    expect(emitted.some((p, i) => i > 0 && atOf(p) < atOf(emitted[i - 1]!))).toBe(true);
  });

  it('reports the release of an inspected task as a milestone of its cargo', async () => {
    const clock = testClock();
    const sim = await simulator({ now: clock.now, feedQuirks: false });
    const bearer = await token(sim);
    const reference = referenceDataSchema.parse((await call(sim, '/v1/reference', { token: bearer })).body);
    const atSite = new Set(sim.positions().filter((p) => p.milestone === 'gate_in').map((p) => p.taskId));
    const task = sim.tasks().find((t) => atSite.has(t.taskId) && ['pending', 'assigned', 'in_progress'].includes(t.status))!;
    const result = validResult(task, reference, { disposition: 'release' });
    expect(resultAcceptedSchema.parse((await postResult(sim, bearer, task.taskId, result, result.resultId)).body).task.status).toBe('released');
    const released = sim.positions().find((p) => p.taskId === task.taskId && p.milestone === 'released');
    expect(released).toMatchObject({ cargoId: task.cargoId, lon: task.inspection.location.lon, lat: task.inspection.location.lat, at: new Date(clock.now()).toISOString() });
  });
});

describe('simulator: cargo event stream', () => {
  it('starts with the newest position of every cargo, then goes live; resumes after Last-Event-ID', async () => {
    const clock = testClock();
    const sim = await simulator({ now: clock.now });
    const bearer = await token(sim);
    const first = await openStream(sim, bearer);
    expect(first.status).toBe(200);
    const newest = new Map<string, Position>();
    for (const p of sim.positions()) if ((newest.get(p.cargoId)?.at ?? '') <= p.at) newest.set(p.cargoId, p);
    await first.waitFor(newest.size);
    expect(new Set(first.events.map((p) => p.eventId))).toEqual(new Set([...newest.values()].map((p) => p.eventId)));

    const before = sim.positions().length;
    clock.advance(15_000);
    sim.tick();
    const live = sim.positions().slice(before);
    expect(live.length).toBeGreaterThan(0);
    await first.waitFor(newest.size + live.length);
    expect(first.events.slice(newest.size)).toEqual(live);
    first.close();

    // Resume from an event in the middle: exactly the events after it, in order.
    const all = sim.positions();
    const from = all[Math.floor(all.length / 2)]!;
    const resumed = await openStream(sim, bearer, from.eventId);
    const expected = all.slice(all.indexOf(from) + 1);
    await resumed.waitFor(expected.length);
    expect(resumed.events).toEqual(expected);
    clock.advance(15_000);
    sim.tick();
    const more = sim.positions().slice(all.length);
    await resumed.waitFor(expected.length + more.length);
    expect(resumed.events.slice(expected.length)).toEqual(more);
    resumed.close();

    // An id the server does not hold: the snapshot again.
    for (const unknown of ['000000000000-5', 'nonsense']) {
      const fresh = await openStream(sim, bearer, unknown);
      await fresh.waitFor(newest.size);
      expect(new Set(fresh.events.map((p) => p.cargoId)).size).toBe(fresh.events.length);
      fresh.close();
    }
  });
});
