import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../electron/core/core.js';
import { rosterRepository } from '../../electron/core/db/roster-repository.js';
import { drawTeam } from '../../electron/core/dispatch/draw.js';
import { nullSink } from '../../electron/core/log.js';
import type { Agency, MethodName, ShiftKey } from '../../shared/contract/index.js';
import { ensureOfficers, giveWorkloads, seededRandomInt, type OfficerSpec } from '../fixtures/dispatch-world.js';
import { ADMIN_ONLY, callAs, createOfficers, FIRST, must, SECOND } from '../fixtures/inspection-calls.js';
import { buildResultInput } from '../fixtures/result-input-builder.js';
import { buildTask } from '../fixtures/task-builder.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * Dispatch (issue 10, point 1) through the real router on a real core and its SQLite file: the
 * roster, eligibility, the weighted draw (chi-square with a seeded source), manual dispatch, the
 * queue, the audit entries and the roles.
 */
const NOW = Date.parse('2026-12-07T03:00:00Z'); // 11:00 in Chongqing: the day shift of 7 December
const DAY: ShiftKey = { portCode: '8000', date: '2026-12-07', shift: 'day' };
const TARGET = 'JI-DISPATCH-0001';

const OFFICERS: OfficerSpec[] = [
  ...['c-0', 'c-1', 'c-3', 'c-7'].map((operatorId) => ({ operatorId, agency: 'customs' as const })),
  ...['q-0', 'q-2', 'q-5'].map((operatorId) => ({ operatorId, agency: 'quarantine' as const })),
  { operatorId: 'c-first', agency: 'customs' },
  { operatorId: 'q-first', agency: 'quarantine' },
  { operatorId: 'c-disabled', agency: 'customs' },
  { operatorId: 'c-admin', agency: 'customs', roles: ['admin'] },
  { operatorId: 'b-border', agency: 'border' },
];
/** Open tasks per officer: the number in each id. */
const WORKLOADS = { 'c-1': 1, 'c-3': 3, 'c-7': 7, 'q-2': 2, 'q-5': 5 };

let core: Core;
let removeTemp: () => void;

beforeEach(async () => {
  const temp = makeTempDir('dispatch-');
  removeTemp = temp.remove;
  core = startCore({ dataDir: path.join(temp.dir, 'data'), logSink: nullSink, clock: () => NOW });
  await createOfficers(core);
  ensureOfficers(core.accounts, OFFICERS);
  giveWorkloads(core.db, WORKLOADS);
  // The goods of TARGET were inspected before by c-first and q-first, under another task of the same cargo.
  core.db.tasks.upsertMany([buildTask({ taskId: TARGET, cargoId: 'CG-TARGET' }), buildTask({ taskId: 'JI-FIRST-0001', cargoId: 'CG-TARGET', status: 'completed' })]);
  core.db.results.submit(buildResultInput({ taskId: 'JI-FIRST-0001', inspectors: ['c-first', 'q-first'], createdBy: 'c-first' }), NOW - 86_400_000);
});
afterEach(async () => {
  await core.close();
  removeTemp();
});

const setRoster = (officers: string[], key: ShiftKey = DAY) => must(core, 'roster:set', { ...key, officers }, SECOND);
const auditOf = (action: string) => core.db.audit.entriesFor(TARGET).filter((entry) => entry.action === action).map((entry) => JSON.parse(entry.details) as Record<string, unknown>);

describe('the duty roster', () => {
  it('keeps each site and shift’s officers, only enabled officers, and audits each change', async () => {
    core.accounts.update('c-disabled', { disabled: true }, 'test-setup', () => undefined);
    const roster = await setRoster(['c-0', 'q-0']);
    expect(roster).toMatchObject({ ...DAY, startsAt: '2026-12-07T00:00:00.000Z', endsAt: '2026-12-07T12:00:00.000Z', updatedBy: SECOND });
    expect(roster.officers).toEqual([
      { operatorId: 'c-0', name: '关员 c-0', agency: 'customs', disabled: false },
      { operatorId: 'q-0', name: '关员 q-0', agency: 'quarantine', disabled: false },
    ]);
    expect(await must(core, 'roster:get', { ...DAY, shift: 'night' }, SECOND)).toMatchObject({ officers: [], updatedBy: null, startsAt: '2026-12-07T12:00:00.000Z' });
    for (const refused of ['c-disabled', 'c-admin', 'nobody']) {
      const answer = await callAs(core, 'roster:set', { ...DAY, officers: ['c-0', refused] }, SECOND);
      expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(new RegExp(`${refused} 不能排班.*cannot be on the roster`)) as unknown } });
    }
    expect((await must(core, 'roster:get', DAY, SECOND)).officers.map((officer) => officer.operatorId)).toEqual(['c-0', 'q-0']);
    const listable = (await must(core, 'roster:officers', {}, SECOND)).officers.map((officer) => officer.operatorId);
    expect(listable).toEqual(expect.arrayContaining(['c-0', 'q-0', 'b-border', FIRST, SECOND]));
    expect(listable).not.toEqual(expect.arrayContaining(['c-disabled']));
    expect(listable).not.toContain(ADMIN_ONLY);
    const audited = core.db.audit.entriesFor(null).filter((entry) => entry.action === 'roster.set');
    expect(audited.map((entry) => [entry.actor, JSON.parse(entry.details) as unknown])).toEqual([[SECOND, { ...DAY, before: [], officers: ['c-0', 'q-0'] }]]);
  });

  it('refuses roster and dispatch writes to an inspector and to a wall display', async () => {
    const wall = { roles: ['wall'] as const };
    const calls: [MethodName, unknown][] = [
      ['roster:set', { ...DAY, officers: ['c-0'] }],
      ['dispatch:random', { taskId: TARGET }],
      ['dispatch:manual', { taskId: TARGET, officers: ['c-0', 'q-0'], reason: '现场需要 / needed on site' }],
    ];
    for (const [method, input] of calls) {
      expect(await callAs(core, method, input as never, FIRST)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      const frame = await core.router.handle(JSON.stringify({ type: 'request', id: 1, method, input }), wall);
      expect(frame.result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(core.db.audit.entriesFor(TARGET)).toEqual([]);
  });
});

describe('random dispatch', () => {
  it('draws one officer per needed agency among the eligible, shows them on the task at once, queues and audits the draw', async () => {
    // c-disabled was disabled and c-admin lost the inspector role after being put on the roster
    // (roster:set refuses them from then on): the roster is written as it then stands.
    core.accounts.update('c-disabled', { disabled: true }, 'test-setup', () => undefined);
    rosterRepository(core.db, () => NOW).set(DAY, ['c-0', 'c-first', 'c-disabled', 'c-admin', 'b-border', 'q-0', 'q-first'], SECOND, new Date(NOW).toISOString());
    const assignment = await must(core, 'dispatch:random', { taskId: TARGET }, SECOND);
    expect(assignment).toMatchObject({ taskId: TARGET, kind: 'random', reason: null, baseVersion: 1, state: 'queued', createdBy: SECOND, assignedTo: ['c-0', 'q-0'] });
    expect(await must(core, 'tasks:get', { taskId: TARGET }, SECOND)).toMatchObject({ assignedTo: ['c-0', 'q-0'], status: 'assigned' });

    const [audited] = auditOf('dispatch.random');
    expect(audited).toMatchObject({ assignmentId: assignment.assignmentId, chosen: ['c-0', 'q-0'], shift: DAY });
    expect(audited?.candidates).toEqual([
      { operatorId: 'c-0', agency: 'customs', workload: 0, weight: 1, ineligible: null },
      { operatorId: 'c-first', agency: 'customs', workload: 0, weight: 0, ineligible: 'first_inspector' },
      { operatorId: 'c-disabled', agency: 'customs', workload: 0, weight: 0, ineligible: 'disabled' },
      { operatorId: 'c-admin', agency: 'customs', workload: 0, weight: 0, ineligible: 'not_an_officer' },
      { operatorId: 'b-border', agency: 'border', workload: 0, weight: 0, ineligible: 'agency_not_needed' },
      { operatorId: 'q-0', agency: 'quarantine', workload: 0, weight: 1, ineligible: null },
      { operatorId: 'q-first', agency: 'quarantine', workload: 0, weight: 0, ineligible: 'first_inspector' },
    ]);
    expect(audited?.draws).toEqual([
      { agency: 'customs', pool: [{ operatorId: 'c-0', tickets: 2 ** 36 }], total: 2 ** 36, roll: expect.any(Number) as unknown, chosen: 'c-0' },
      { agency: 'quarantine', pool: [{ operatorId: 'q-0', tickets: 2 ** 36 }], total: 2 ** 36, roll: expect.any(Number) as unknown, chosen: 'q-0' },
    ]);
    expect((await must(core, 'dispatch:list', {}, SECOND)).assignments.map((item) => item.assignmentId)).toEqual([assignment.assignmentId]);

    // Dispatched again before it left: the first one is superseded, and its officers' workload counts nothing twice.
    await setRoster(['c-1', 'q-2']);
    const again = await must(core, 'dispatch:random', { taskId: TARGET }, SECOND);
    expect(again.assignedTo).toEqual(['c-1', 'q-2']);
    expect((await must(core, 'dispatch:forTask', { taskId: TARGET }, SECOND)).assignments.map((item) => [item.assignmentId, item.state])).toEqual(
      expect.arrayContaining([
        [assignment.assignmentId, 'superseded'],
        [again.assignmentId, 'queued'],
      ]),
    );
  });

  it('refuses when an agency the task needs has nobody eligible on duty, naming it', async () => {
    await setRoster(['c-0', 'c-1', 'q-first']);
    const answer = await callAs(core, 'dispatch:random', { taskId: TARGET }, SECOND);
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/检验检疫.*quarantine/) as unknown } });
    // Officers of tomorrow's shift are not on duty now.
    await setRoster(['q-0'], { ...DAY, date: '2026-12-08' });
    expect(await callAs(core, 'dispatch:random', { taskId: TARGET }, SECOND)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(auditOf('dispatch.random')).toEqual([]);
  });

  it('picks officers in proportion to 1 / (1 + workload): chi-square below the 0.999 critical value, and uniform picking fails it', async () => {
    await setRoster(['c-0', 'c-1', 'c-3', 'c-7', 'q-0', 'q-2', 'q-5']);
    const { candidates, agencies, teamSize } = await must(core, 'dispatch:candidates', { taskId: TARGET }, SECOND);
    expect(candidates.map((candidate) => [candidate.operatorId, candidate.workload, candidate.weight])).toEqual([
      ['c-0', 0, 1],
      ['c-1', 1, 1 / 2],
      ['c-3', 3, 1 / 4],
      ['c-7', 7, 1 / 8],
      ['q-0', 0, 1],
      ['q-2', 2, 1 / 3],
      ['q-5', 5, 1 / 6],
    ]);
    const DRAWS = 3000;
    const countPicks = (officers: typeof candidates, seed: number): Map<string, number> => {
      const random = seededRandomInt(seed);
      const picks = new Map<string, number>();
      for (let draw = 0; draw < DRAWS; draw++) {
        const team = drawTeam(officers, agencies, teamSize, random);
        if (!team.ok) throw new Error('the roster covers both agencies');
        for (const operatorId of team.chosen) picks.set(operatorId, (picks.get(operatorId) ?? 0) + 1);
      }
      return picks;
    };
    // Each agency's officer is one weighted draw among that agency: expected picks = DRAWS × weight / agency's total weight.
    const chiSquare = (picks: Map<string, number>): number =>
      (['customs', 'quarantine'] as Agency[]).reduce((sum, agency) => {
        const ofAgency = candidates.filter((candidate) => candidate.agency === agency);
        const total = ofAgency.reduce((acc, candidate) => acc + candidate.weight, 0);
        return ofAgency.reduce((acc, candidate) => {
          const expected = (DRAWS * candidate.weight) / total;
          return acc + ((picks.get(candidate.operatorId) ?? 0) - expected) ** 2 / expected;
        }, sum);
      }, 0);
    // Degrees of freedom: (4 − 1) + (3 − 1) = 5; the chi-square distribution's 0.999 quantile at 5 is 20.515.
    const CRITICAL = 20.515;
    expect(chiSquare(countPicks(candidates, 20261207))).toBeLessThan(CRITICAL);
    const ignoringWorkload = candidates.map((candidate) => ({ ...candidate, workload: 0 }));
    expect(chiSquare(countPicks(ignoringWorkload, 20261207))).toBeGreaterThan(CRITICAL);
  });

  it('never picks an officer who is off duty, at another site, disabled, not an officer, of an agency not needed, or a first inspector', async () => {
    const rostered = ['c-0', 'c-3', 'q-0', 'q-5', 'c-first', 'q-first', 'c-disabled', 'c-admin', 'b-border'];
    const eligibleWhenOnDuty = new Set(['c-0', 'c-3', 'q-0', 'q-5']);
    const roster = rosterRepository(core.db, () => NOW);
    core.accounts.update('c-disabled', { disabled: true }, 'test-setup', () => undefined);
    await fc.assert(
      fc.asyncProperty(fc.subarray(rostered), fc.subarray(rostered), fc.subarray(rostered), async (onDuty, otherSite, nightShift) => {
        roster.set(DAY, onDuty, SECOND, new Date(NOW).toISOString());
        roster.set({ ...DAY, portCode: '8001' }, otherSite, SECOND, new Date(NOW).toISOString());
        roster.set({ ...DAY, shift: 'night' }, nightShift, SECOND, new Date(NOW).toISOString());
        const eligible = onDuty.filter((operatorId) => eligibleWhenOnDuty.has(operatorId));
        const answer = await callAs(core, 'dispatch:random', { taskId: TARGET }, SECOND);
        const possible = eligible.some((id) => id.startsWith('c-')) && eligible.some((id) => id.startsWith('q-'));
        expect(answer.ok).toBe(possible);
        if (answer.ok) {
          expect(answer.value.assignedTo.every((operatorId) => eligible.includes(operatorId))).toBe(true);
          expect(answer.value.assignedTo).toHaveLength(2);
        }
      }),
      { numRuns: 60, seed: 14 },
    );
  });
});

describe('manual dispatch', () => {
  it('needs a reason and eligible officers forming a joint team, and audits the reason', async () => {
    await setRoster(['c-0', 'c-1', 'q-0', 'q-first']);
    expect(await callAs(core, 'dispatch:manual', { taskId: TARGET, officers: ['c-0', 'q-0'], reason: '   ' }, SECOND)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await callAs(core, 'dispatch:manual', { taskId: TARGET, officers: ['c-0', 'q-0'], reason: 'x'.repeat(501) }, SECOND)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const refusals: [string[], RegExp][] = [
      [['c-0', 'q-first'], /q-first：.*首次查验.*first inspection/],
      [['c-0', 'q-2'], /q-2：.*不在该现场值班.*not on duty/],
      [['c-0', 'c-1'], /检验检疫.*a joint inspection needs at least 2 officers/],
    ];
    for (const [officers, message] of refusals) {
      const answer = await callAs(core, 'dispatch:manual', { taskId: TARGET, officers, reason: '熟悉该类货物 / knows these goods' }, SECOND);
      expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(message) as unknown } });
    }
    const assignment = await must(core, 'dispatch:manual', { taskId: TARGET, officers: ['c-1', 'q-0'], reason: '  熟悉该类货物 / knows these goods  ' }, SECOND);
    expect(assignment).toMatchObject({ kind: 'manual', reason: '熟悉该类货物 / knows these goods', assignedTo: ['c-1', 'q-0'], state: 'queued' });
    expect(auditOf('dispatch.manual')).toEqual([
      { assignmentId: assignment.assignmentId, baseVersion: 1, shift: DAY, officers: ['c-1', 'q-0'], reason: '熟悉该类货物 / knows these goods' },
    ]);
  });
});
