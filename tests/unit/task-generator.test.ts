import { describe, expect, it } from 'vitest';
import { gatewayTaskSchema, type GatewayTask } from '../../shared/contract/gateway-task.js';
import { inspectionTypes } from '../../shared/contract/enums.js';
import { validateContainerNo, validateDeclarationNo, validateHsCode, validateUscc } from '../../shared/domain/index.js';
import { checklistIdFor } from '../../electron/simulator/seed/checklists.js';
import { CREDIT_GRADE_SHARES, createCompanies } from '../../electron/simulator/seed/companies.js';
import { goodsCatalog } from '../../electron/simulator/seed/goods-catalog.js';
import { hubs } from '../../electron/simulator/seed/hubs.js';
import { Random, WeightedPicker } from '../../electron/simulator/seed/random.js';
import { generateTasks, laneOfTask } from '../../electron/simulator/seed/task-generator.js';

const NOW = Date.UTC(2026, 4, 12, 8, 30, 0);
const DAY = 86_400_000;
const ITEMS = new Map(goodsCatalog.map((item) => [item.hsCode, item]));
const gen = (count: number, seed = 7, startIndex = 0): GatewayTask[] => [...generateTasks(count, { seed, now: NOW, startIndex })];

const share = <T>(tasks: readonly T[], predicate: (t: T) => boolean): number => tasks.filter(predicate).length / tasks.length;

describe('seeded random', () => {
  it('repeats for the same seed and stream, and differs otherwise', () => {
    const draw = (seed: number, stream: number) => {
      const rng = new Random(seed, stream);
      return Array.from({ length: 5 }, () => rng.uint32());
    };
    expect(draw(1, 0)).toEqual(draw(1, 0));
    expect(draw(1, 0)).not.toEqual(draw(2, 0));
    expect(draw(1, 0)).not.toEqual(draw(1, 1));
    expect(draw(2 ** 40, 0)).not.toEqual(draw(0, 0));
  });

  it('keeps int() within its bounds and reaches both ends', () => {
    const rng = new Random(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = rng.int(-2, 2);
      expect(v).toBeGreaterThanOrEqual(-2);
      expect(v).toBeLessThanOrEqual(2);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2]);
  });

  it('picks by weight and never picks a zero weight', () => {
    const picker = new WeightedPicker([['a', 1], ['b', 0], ['c', 3]] as const);
    const rng = new Random(5);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 40_000; i++) counts[picker.pick(rng)]++;
    expect(counts.b).toBe(0);
    expect(counts.c / counts.a).toBeGreaterThan(2.7);
    expect(counts.c / counts.a).toBeLessThan(3.3);
    expect(() => new WeightedPicker([['x', 0]])).toThrow(RangeError);
  });
});

describe('company pool', () => {
  it('has thousands of distinct names and valid, distinct USCCs', () => {
    const companies = createCompanies(11, NOW, 6000);
    expect(new Set(companies.map((c) => c.name)).size).toBe(6000);
    expect(new Set(companies.map((c) => c.uscc)).size).toBe(6000);
    for (const c of companies) {
      expect(validateUscc(c.uscc).ok, c.uscc).toBe(true);
      expect(c.uscc).toMatch(/^91500\d{3}/);
      expect(c.name).toMatch(/^(重庆|.+（重庆）).+公司$/);
      expect(c.creditAsOf < new Date(NOW).toISOString().slice(0, 10)).toBe(true);
    }
    for (const [grade, expected] of Object.entries(CREDIT_GRADE_SHARES)) {
      expect(Math.abs(share(companies, (c) => c.creditGrade === grade) - expected)).toBeLessThan(0.015);
    }
  });
});

describe('task generator', () => {
  const tasks = gen(2000);

  it('produces tasks that are exactly the contract shape', () => {
    for (const task of tasks) expect(gatewayTaskSchema.parse(task)).toEqual(task);
  });

  it('produces identifiers that pass the domain validators', () => {
    for (const task of tasks) {
      expect(task.taskId).toMatch(/^JI-8000-2026-\d{6,}$/);
      expect(task.portCode).toBe('8000');
      expect(task.cargoId).toMatch(/^CG-/);
      expect(validateDeclarationNo(task.declarationNo, { minYear: 2025, maxYear: 2026 }).ok, task.declarationNo).toBe(true);
      expect(task.declarationNo.startsWith('8000')).toBe(true);
      expect(validateUscc(task.consignee.uscc).ok).toBe(true);
      for (const box of task.containers) {
        expect(validateContainerNo(box.containerNo), box.containerNo).toEqual({ ok: true, value: box.containerNo });
        expect(box.sealNos.length).toBeGreaterThanOrEqual(1);
        expect(box.sealNos.length).toBeLessThanOrEqual(2);
      }
      for (const line of task.goods) expect(validateHsCode(line.hsCode).ok, line.hsCode).toBe(true);
    }
  });

  it('keeps each task internally consistent', () => {
    for (const task of tasks) {
      const items = task.goods.map((g) => ITEMS.get(g.hsCode));
      expect(items.every((i) => i !== undefined)).toBe(true);
      expect(task.goods.map((g) => g.line)).toEqual(task.goods.map((_, i) => i + 1));
      expect(task.goods.length).toBeLessThanOrEqual(3);
      expect(task.containers.length).toBeLessThanOrEqual(4);
      if (task.mode === 'air') expect(task.containers).toEqual([]);
      if (items[0]?.reefer === true) for (const box of task.containers) expect(box.sizeType).toMatch(/R1$/);
      if (items[0]?.reefer === false) for (const box of task.containers) expect(box.sizeType).toMatch(/G1$/);
      const exported = task.declarationNo.charAt(8) === '0';
      for (const g of task.goods) if (exported) expect(g.originCountry).toBe('CN');

      const { inspection } = task;
      expect(inspection.types.length).toBeGreaterThanOrEqual(1);
      expect(inspection.types.length).toBeLessThanOrEqual(3);
      expect(inspection.types).toEqual(inspectionTypes.filter((t) => inspection.types.includes(t)));
      expect(inspection.checklistId).toBe(checklistIdFor(inspection.types));
      expect(inspection.agencies[0]).toBe('customs');
      expect(new Set(inspection.agencies).size).toBe(inspection.agencies.length);
      if (items.some((i) => i?.quarantine === true)) expect(inspection.agencies).toContain('quarantine');
      expect(inspection.riskReasons.length).toBeGreaterThanOrEqual(1);
      if (task.consignee.creditGrade === 'dishonest') expect(inspection.riskReasons).toContain('企业信用等级：失信企业');

      const due = Date.parse(inspection.dueAt);
      expect(due).toBeGreaterThanOrEqual(NOW - 2 * DAY);
      expect(due).toBeLessThanOrEqual(NOW + 5 * DAY);
      expect(Date.parse(task.updatedAt)).toBeLessThan(NOW);
      expect(task.version).toBeGreaterThanOrEqual(1);
      expect(task.version).toBeLessThanOrEqual(5);

      if (task.status === 'pending') expect(task.assignedTo).toEqual([]);
      else {
        expect(task.assignedTo).toHaveLength(2);
        expect(task.assignedTo[0]).not.toBe(task.assignedTo[1]);
        for (const op of task.assignedTo) expect(op).toMatch(/^op-8000-0[0-4]\d$/);
      }
    }
  });

  it('places tasks at the hubs, with a mode that fits the hub', () => {
    const hubList = Object.values(hubs);
    for (const task of tasks) {
      const { area, lon, lat } = task.inspection.location;
      const hub = hubList.find((h) => h.areas.includes(area));
      expect(hub, area).toBeDefined();
      expect(Math.abs(lon - hub!.lon)).toBeLessThan(0.02);
      expect(Math.abs(lat - hub!.lat)).toBeLessThan(0.02);
      const allowed: Record<string, readonly string[]> = {
        river_port: ['river', 'sea'],
        rail_hub: ['rail', 'sea'],
        road_hub: ['road'],
        airport: ['air'],
        bonded_zone: ['rail', 'air', 'road'],
      };
      expect(allowed[hub!.kind], `${hub!.id} ${task.mode}`).toContain(task.mode);
    }
    expect(new Set(tasks.map((t) => t.mode))).toEqual(new Set(['rail', 'river', 'road', 'air', 'sea']));
  });

  it('tells the lane of a task without generating it', () => {
    tasks.slice(0, 300).forEach((task, index) => {
      const lane = laneOfTask(7, index);
      expect(task.mode).toBe(lane.mode);
      expect(hubs[lane.hub].areas).toContain(task.inspection.location.area);
      expect(task.declarationNo.charAt(8)).toBe(lane.direction === 'import' ? '1' : '0');
    });
  });

  it('is deterministic per seed, and chunks agree with one run', () => {
    expect(gen(300)).toEqual(tasks.slice(0, 300));
    expect(gen(300, 8)).not.toEqual(tasks.slice(0, 300));
    expect(gen(100, 7, 250)).toEqual(tasks.slice(250, 350));
  });

  it('gives unique task ids and declaration numbers', () => {
    const many = gen(20_000, 3);
    expect(new Set(many.map((t) => t.taskId)).size).toBe(many.length);
    expect(new Set(many.map((t) => t.declarationNo.slice(9))).size).toBe(many.length);
    const late = gen(1, 3, 1_234_567)[0]!;
    expect(late.taskId).toBe('JI-8000-2026-1234568');
  });

  it('follows the specified distributions', () => {
    const many = gen(20_000, 5);
    const close = (actual: number, expected: number, tolerance = 0.02) => {
      expect(Math.abs(actual - expected)).toBeLessThan(tolerance);
    };
    const statuses = { pending: 0.4, assigned: 0.25, in_progress: 0.1, completed: 0.1, released: 0.07, held: 0.05, cancelled: 0.03 };
    for (const [status, expected] of Object.entries(statuses)) close(share(many, (t) => t.status === status), expected);
    close(share(many, (t) => t.inspection.priority === 'urgent'), 0.08);
    close(share(many, (t) => t.inspection.priority === 'high'), 0.22);
    for (const [grade, expected] of Object.entries(CREDIT_GRADE_SHARES)) close(share(many, (t) => t.consignee.creditGrade === grade), expected);
    close(share(many, (t) => Date.parse(t.inspection.dueAt) < NOW), 0.15);
    const quarantine = share(many, (t) => t.inspection.agencies.includes('quarantine'));
    expect(quarantine).toBeGreaterThan(0.5);
    expect(quarantine).toBeLessThan(0.75);
    expect(share(many, (t) => t.inspection.agencies.includes('border'))).toBeLessThan(0.05);
    expect(share(many, (t) => t.inspection.agencies.includes('maritime'))).toBeLessThan(0.05);
    expect(share(many, (t) => t.declarationNo.charAt(8) === '1')).toBeGreaterThan(0.6);
    expect(share(many, (t) => t.declarationNo.slice(4, 8) === '2026')).toBeGreaterThan(0.9);
    const noBoxes = share(many, (t) => t.containers.length === 0);
    expect(noBoxes).toBeGreaterThan(0.05);
    expect(noBoxes).toBeLessThan(0.35);
    const english = many.flatMap((t) => t.goods).filter((g) => /[A-Za-z]/.test(g.description)).length;
    close(english / many.flatMap((t) => t.goods).length, 0.3, 0.05);
  });

  it('makes the rare goods rare but present', () => {
    let lines = 0;
    const hits = { 燕窝: 0, 沉香: 0, 藏红花: 0, 鱼子酱: 0, 榴莲: 0 };
    const terms = Object.keys(hits) as (keyof typeof hits)[];
    const rare = terms.slice(0, 4);
    const leaks: string[] = [];
    for (const task of generateTasks(70_000, { seed: 9, now: NOW })) {
      for (const { description } of task.goods) {
        lines++;
        for (const term of terms) if (description.includes(term)) hits[term]++;
      }
      // Benchmarks count hits on these terms: nothing but goods lines may contain them.
      const elsewhere = `${task.consignee.name}${task.inspection.riskReasons.join('')}${task.inspection.location.area}`;
      for (const term of rare) if (elsewhere.includes(term)) leaks.push(`${task.taskId}: ${term}`);
    }
    expect(leaks).toEqual([]);
    expect(lines).toBeGreaterThan(100_000);
    for (const term of rare) {
      expect(hits[term], term).toBeGreaterThan(0);
      expect(hits[term] / lines, term).toBeLessThan(0.002);
    }
    expect(hits.榴莲 / lines).toBeGreaterThan(0.01);
  });
});
