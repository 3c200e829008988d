import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { gatewayTaskSchema, type GatewayTask } from '../../shared/contract/gateway-task.js';
import { PRIOR_SHARE, upstreamNodeOf } from '../../electron/simulator/seed/prior-inspections.js';
import { generateTasks, laneOfTask } from '../../electron/simulator/seed/task-generator.js';

const NOW = Date.UTC(2026, 4, 12, 8, 30, 0);
const SEED = 7;
const COUNT = 20_000;
const tasks: GatewayTask[] = [...generateTasks(COUNT, { seed: SEED, now: NOW })];
const withUpstream = tasks.filter((_, index) => upstreamNodeOf(laneOfTask(SEED, index)) !== undefined);
const withPrior = tasks.filter((task) => task.priorInspections !== undefined);

describe('prior inspections in the generated tasks (通报通检通放)', () => {
  it('come on about PRIOR_SHARE of the cargo whose corridor has an earlier node, and on no other', () => {
    expect(withUpstream.length).toBeGreaterThan(COUNT / 2);
    const share = withPrior.length / withUpstream.length;
    expect(share).toBeGreaterThan(PRIOR_SHARE - 0.02);
    expect(share).toBeLessThan(PRIOR_SHARE + 0.02);
    expect(withPrior.every((task) => withUpstream.includes(task))).toBe(true);
  });

  it('name the entry node of the corridor, or the airport for air-inspected, rail-released cargo', () => {
    const sites = new Set(withPrior.map((task) => `${task.mode} ${task.priorInspections?.[0]?.siteId}`));
    expect(sites).toContain('rail alashankou');
    expect(sites).toContain('rail ckg');
    expect(sites).toContain('road pingxiang');
    expect(sites).toContain('river yangshan');
    expect([...sites].filter((site) => site.startsWith('air ')).every((site) => site === 'air ckg')).toBe(true);
  });

  it('are valid Task fields: a UUID result id, an inspection before the task last changed, agencies the task shares', () => {
    const ids = new Set<string>();
    for (const task of withPrior) {
      expect(gatewayTaskSchema.parse(task)).toEqual(task);
      for (const prior of task.priorInspections ?? []) {
        expect(z.uuid().safeParse(prior.resultId).success, prior.resultId).toBe(true);
        ids.add(prior.resultId);
        expect(Date.parse(prior.at)).toBeLessThan(Date.parse(task.updatedAt));
        expect(prior.agencies.every((agency) => task.inspection.agencies.includes(agency))).toBe(true);
      }
    }
    expect(ids.size).toBe(withPrior.length);
    const conform = withPrior.filter((task) => task.priorInspections?.[0]?.outcome === 'conform').length / withPrior.length;
    expect(conform).toBeGreaterThan(0.85);
    expect(conform).toBeLessThan(0.97);
  });

  it('are the same for the same seed, whether generated in one run or from a start index', () => {
    const again = [...generateTasks(500, { seed: SEED, now: NOW, startIndex: 1000 })];
    expect(again).toEqual(tasks.slice(1000, 1500));
    const other = [...generateTasks(500, { seed: SEED + 1, now: NOW, startIndex: 1000 })];
    expect(other.map((task) => task.priorInspections?.[0]?.resultId)).not.toEqual(tasks.slice(1000, 1500).map((task) => task.priorInspections?.[0]?.resultId));
  });
});
