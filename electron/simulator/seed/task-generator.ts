import type { Agency, InspectionType, Priority, TaskStatus } from '../../../shared/contract/enums.js';
import type { GatewayTask } from '../../../shared/contract/gateway-task.js';
import { makeAirWaybill } from '../../../shared/domain/air-waybill.js';
import { makeDeclarationNo } from '../../../shared/domain/declaration-number.js';
import { makeContainerNo } from '../../../shared/domain/iso6346.js';
import { checklistIdFor } from './checklists.js';
import { createCompanies, type Company } from './companies.js';
import { goodsCatalog, type GoodsGroup, type GoodsItem } from './goods-catalog.js';
import { hubs } from './hubs.js';
import { lanes, type Lane } from './lanes.js';
import { priorInspectionsFor } from './prior-inspections.js';
import { Random, WeightedPicker } from './random.js';
import { CREDIT_REASONS, EXPORT_REASONS, GENERAL_REASONS, KIND_REASONS, RANDOM_SELECTION } from './risk-reasons.js';

/**
 * Deterministic inspection tasks for the simulator, tests and benchmarks. Task i depends only on
 * (seed, now, i): the generator re-seeds its PRNG per task, so a run split into chunks with
 * startIndex yields the same tasks as one run. Everything that does not vary per task is built
 * once at module load, because benchmarks generate millions of tasks.
 */

export interface GenerateTasksOptions {
  seed: number;
  /** Reference time in ms: due dates spread around it, update times precede it. */
  now: number;
  /** Index of the first task; its sequence number is startIndex + 1. Default 0. */
  startIndex?: number;
}

export const PORT_CODE = '8000';
const COMPANY_POOL_SIZE = 6000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const lanePicker = new WeightedPicker(lanes.map((lane) => [lane, lane.weight] as const));

interface GoodsEntry {
  readonly item: GoodsItem;
  readonly origins: readonly string[];
  /** Description variants: Chinese only, and Chinese followed by the English name. */
  readonly plain: readonly string[];
  readonly withEnglish: readonly string[];
}

interface GroupGoods {
  readonly all: WeightedPicker<GoodsEntry>;
  readonly reefer: WeightedPicker<GoodsEntry> | undefined;
  readonly dry: WeightedPicker<GoodsEntry> | undefined;
}

function entryFor(item: GoodsItem, origins: readonly string[]): GoodsEntry {
  const plain = [item.zh, ...(item.specs ?? []).map((spec) => `${item.zh}${spec}`)];
  return { item, origins, plain, withEnglish: plain.map((zh) => `${zh} ${item.en}`) };
}

const pickerOrUndefined = (entries: readonly GoodsEntry[]): WeightedPicker<GoodsEntry> | undefined =>
  entries.length === 0 ? undefined : new WeightedPicker(entries.map((e) => [e, e.item.weight] as const));

const goodsByGroup = new Map<GoodsGroup, GroupGoods>();
for (const lane of lanes) {
  if (goodsByGroup.has(lane.group)) continue;
  const entries = goodsCatalog.flatMap((item) => {
    const origins = item.origins[lane.group];
    return origins === undefined ? [] : [entryFor(item, origins)];
  });
  const all = pickerOrUndefined(entries);
  if (all === undefined) throw new Error(`no goods for group ${lane.group}`);
  goodsByGroup.set(lane.group, {
    all,
    reefer: pickerOrUndefined(entries.filter((e) => e.item.reefer)),
    dry: pickerOrUndefined(entries.filter((e) => !e.item.reefer)),
  });
}

const LINE_COUNTS = new WeightedPicker([[1, 55], [2, 30], [3, 15]] as const);
const CONTAINER_COUNTS = new WeightedPicker([[1, 45], [2, 30], [3, 15], [4, 10]] as const);
const DRY_SIZES = new WeightedPicker([['22G1', 30], ['42G1', 25], ['45G1', 45]] as const);
const REEFER_SIZES = new WeightedPicker([['45R1', 75], ['22R1', 25]] as const);
const OWNER_CODES = ['MSK', 'MRK', 'CSQ', 'CBH', 'CSN', 'TCN', 'TGH', 'CMA', 'CGM', 'OOL', 'OOC', 'EGH', 'EMC', 'TEM', 'HLX', 'HLB', 'MSC', 'MED', 'COS', 'SEG', 'TRH', 'BMO', 'FCI', 'GES', 'TCL'];
const SHIPPING_LINES = ['MAEU', 'COSU', 'CMDU', 'OOLU', 'EGLV', 'HLCU', 'MEDU', 'ONEY', 'YMLU'];
const AIRLINE_PREFIXES = ['784', '999', '880', '112', '020', '172', '160', '618'];

const STATUSES = new WeightedPicker<TaskStatus>([
  ['pending', 40],
  ['assigned', 25],
  ['in_progress', 10],
  ['completed', 10],
  ['released', 7],
  ['held', 5],
  ['cancelled', 3],
]);
/** Versions grow with each server change, so later statuses have seen more of them. */
const VERSION_RANGE: Readonly<Record<TaskStatus, readonly [number, number]>> = {
  pending: [1, 2],
  assigned: [2, 3],
  in_progress: [2, 4],
  completed: [3, 5],
  released: [3, 5],
  held: [3, 5],
  cancelled: [2, 5],
};
const PRIORITIES = new WeightedPicker<Priority>([
  ['urgent', 8],
  ['high', 22],
  ['normal', 70],
]);
const OPERATORS = Array.from({ length: 40 }, (_, i) => `op-${PORT_CODE}-${String(i + 1).padStart(3, '0')}`);

type Currency = 'USD' | 'EUR' | 'CNY' | 'JPY';
const USD_TO: Readonly<Record<Currency, number>> = { USD: 1, EUR: 0.92, CNY: 7.1, JPY: 150 };
const CURRENCIES_BY_GROUP: Readonly<Partial<Record<GoodsGroup, WeightedPicker<Currency>>>> = {
  europe: new WeightedPicker<Currency>([['EUR', 65], ['USD', 35]]),
  airImport: new WeightedPicker<Currency>([['USD', 75], ['EUR', 15], ['JPY', 10]]),
  exportRail: new WeightedPicker<Currency>([['USD', 85], ['CNY', 10], ['EUR', 5]]),
  exportAir: new WeightedPicker<Currency>([['USD', 90], ['CNY', 10]]),
  exportGeneral: new WeightedPicker<Currency>([['USD', 85], ['CNY', 15]]),
};
const DEFAULT_CURRENCIES = new WeightedPicker<Currency>([['USD', 95], ['CNY', 5]]);

// Inspection types as bits in contract order, so a combination indexes precomputed ids.
const DOC = 1;
const SCN = 2;
const OPN = 4;
const DEV = 8;
const SMP = 16;
const QT = 32;
const TYPE_BITS: readonly (readonly [number, InspectionType])[] = [
  [DOC, 'document'],
  [SCN, 'machine_scan'],
  [OPN, 'open_container'],
  [DEV, 'devanning'],
  [SMP, 'sampling'],
  [QT, 'quarantine_treatment'],
];
const TYPES_BY_MASK: readonly (readonly InspectionType[])[] = Array.from({ length: 64 }, (_, mask) =>
  TYPE_BITS.filter(([bit]) => (mask & bit) !== 0).map(([, type]) => type),
);
const CHECKLIST_BY_MASK: readonly string[] = TYPES_BY_MASK.map((types) => checklistIdFor(types));

let companyCache: { seed: number; now: number; companies: readonly Company[] } | undefined;

function companiesFor(seed: number, now: number): readonly Company[] {
  if (companyCache?.seed !== seed || companyCache.now !== now) {
    companyCache = { seed, now, companies: createCompanies(seed, now, COMPANY_POOL_SIZE) };
  }
  return companyCache.companies;
}

const iso = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString();
const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
const digits = (rng: Random, count: number): string => String(rng.int(0, 10 ** count - 1)).padStart(count, '0');

function billOfLading(rng: Random, lane: Lane, year: number): string {
  switch (lane.mode) {
    case 'air': {
      // Air waybill: airline prefix, 7-digit serial and its mod-7 check digit (the serial is drawn first).
      const serial = rng.int(0, 9_999_999);
      return makeAirWaybill(rng.pick(AIRLINE_PREFIXES), serial);
    }
    case 'rail':
      // Chongqing's railway bill of lading on the China-Europe trains; other trains use the consignment note.
      return lane.corridor.startsWith('yuxinou') ? `YXO${year}${digits(rng, 7)}` : `CRCT${digits(rng, 10)}`;
    case 'road':
      return `NPCB${String(year).slice(2)}${digits(rng, 8)}`;
    case 'river':
    case 'sea':
      return `${rng.pick(SHIPPING_LINES)}${digits(rng, 10)}`;
  }
}

function goodsLines(rng: Random, lane: Lane, currency: Currency, items: GoodsItem[]): GatewayTask['goods'] {
  const group = goodsByGroup.get(lane.group);
  if (group === undefined) throw new Error(`no goods for group ${lane.group}`);
  const count = LINE_COUNTS.pick(rng);
  const first = group.all.pick(rng);
  // Further lines travel in the same containers, so they share the first line's temperature.
  const rest = (first.item.reefer ? group.reefer : group.dry) ?? group.all;
  const fx = USD_TO[currency];
  const lines: GatewayTask['goods'] = [];
  let previous: GoodsEntry | undefined;
  for (let line = 1; line <= count; line++) {
    let entry = line === 1 ? first : rest.pick(rng);
    if (entry === previous) entry = rest.pick(rng);
    previous = entry;
    const { item } = entry;
    items.push(item);
    const quantity = item.unit === '立方米' ? round(rng.real(item.quantity[0], item.quantity[1]), 3) : rng.int(item.quantity[0], item.quantity[1]);
    lines.push({
      line,
      hsCode: item.hsCode,
      description: rng.chance(0.3) ? rng.pick(entry.withEnglish) : rng.pick(entry.plain),
      quantity,
      unit: item.unit,
      originCountry: rng.pick(entry.origins),
      declaredValue: round(quantity * rng.real(item.price[0], item.price[1]) * fx, 2),
      currency,
    });
  }
  return lines;
}

function containers(rng: Random, lane: Lane, reefer: boolean): GatewayTask['containers'] {
  let count: number;
  if (lane.mode === 'air') count = 0;
  else if (lane.mode === 'road') count = rng.chance(0.25) ? 0 : rng.chance(0.15) ? 2 : 1;
  else count = CONTAINER_COUNTS.pick(rng);
  if (count === 0) return [];
  // A consignment usually travels in one carrier's boxes with nearby serial numbers.
  const owner = rng.pick(OWNER_CODES);
  const base = rng.int(0, 999_000);
  const step = rng.int(1, 7);
  const sizes = reefer ? REEFER_SIZES : DRY_SIZES;
  const sizeType = sizes.pick(rng);
  const result: GatewayTask['containers'] = [];
  for (let k = 0; k < count; k++) {
    const sealNos = [rng.chance(0.6) ? `${owner}${digits(rng, 7)}` : `CN${digits(rng, 8)}`];
    if (rng.chance(0.2)) sealNos.push(`CQ${digits(rng, 8)}`);
    result.push({ containerNo: makeContainerNo(owner, 'U', base + k * step), sizeType, sealNos });
  }
  return result;
}

function inspectionMask(rng: Random, hasContainers: boolean, goods: readonly GoodsItem[]): number {
  const food = goods.some((g) => g.quarantine && g.kind !== 'wood');
  const wood = goods.some((g) => g.kind === 'wood');
  const fruit = goods.some((g) => g.kind === 'fruit');
  let mask = 0;
  if (rng.chance(0.55)) mask |= DOC;
  if (rng.chance(hasContainers ? 0.5 : 0.25)) mask |= SCN;
  if (hasContainers && rng.chance(0.35)) mask |= OPN;
  if (hasContainers && rng.chance(0.07)) mask |= DEV;
  if (rng.chance(food ? 0.35 : 0.05)) mask |= SMP;
  if (rng.chance(wood ? 0.3 : fruit ? 0.05 : 0.005)) mask |= QT;
  if (mask === 0) mask = hasContainers && rng.chance(0.5) ? OPN : DOC;
  let bits = popcount(mask);
  while (bits > 3) {
    const bit = 1 << rng.int(0, 5);
    if ((mask & bit) !== 0) {
      mask &= ~bit;
      bits--;
    }
  }
  return mask;
}

function popcount(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}

function agenciesFor(rng: Random, lane: Lane, goods: readonly GoodsItem[], mask: number): Agency[] {
  const agencies: Agency[] = ['customs'];
  const quarantineRequired = goods.some((g) => g.quarantine) || (mask & (SMP | QT)) !== 0;
  // Quarantine also joins for packaging and vehicle checks on goods that are not themselves regulated.
  if (quarantineRequired || rng.chance(0.05)) agencies.push('quarantine');
  if (rng.chance(lane.mode === 'road' || lane.mode === 'air' ? 0.03 : 0.01)) agencies.push('border');
  if ((lane.mode === 'river' || lane.mode === 'sea') && rng.chance(0.04)) agencies.push('maritime');
  return agencies;
}

function riskReasons(rng: Random, lane: Lane, company: Company, goods: readonly GoodsItem[]): string[] {
  const reasons: string[] = [];
  const credit = CREDIT_REASONS[company.creditGrade];
  if (credit !== undefined) reasons.push(credit);
  if (rng.chance(0.25)) {
    reasons.push(RANDOM_SELECTION);
    return reasons;
  }
  const byKind = KIND_REASONS[rng.pick(goods).kind];
  if (byKind !== undefined && rng.chance(0.5)) reasons.push(rng.pick(byKind));
  if (reasons.length === 0 || rng.chance(0.35)) {
    const general = rng.pick(lane.direction === 'export' && rng.chance(0.4) ? EXPORT_REASONS : GENERAL_REASONS);
    if (!reasons.includes(general)) reasons.push(general);
  }
  return reasons;
}

function dueAt(rng: Random, now: number): number {
  return rng.chance(0.15) ? now - rng.int(MINUTE, 2 * DAY) : now + rng.int(MINUTE, 5 * DAY);
}

function assignees(rng: Random): string[] {
  const first = rng.int(0, OPERATORS.length - 1);
  const second = (first + rng.int(1, OPERATORS.length - 1)) % OPERATORS.length;
  return [OPERATORS[first] ?? '', OPERATORS[second] ?? ''];
}

/** Sequence number of a declaration: a bijection of the index, so declarations never repeat. */
const declarationSequence = (index: number): number => (index * 7919 + 104_729) % 1_000_000_000;

/**
 * The lane (hub, mode, corridor) of task `index` without generating it, e.g. for placing its cargo
 * on the right corridor. Relies on the lane being the first draw after re-seeding.
 */
export function laneOfTask(seed: number, index: number): Lane {
  return lanePicker.pick(new Random(seed, index));
}

export function* generateTasks(count: number, options: GenerateTasksOptions): Generator<GatewayTask> {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer: ${count}`);
  const { seed, now } = options;
  const startIndex = options.startIndex ?? 0;
  if (!Number.isInteger(startIndex) || startIndex < 0) throw new RangeError(`startIndex must be a non-negative integer: ${startIndex}`);
  if (!Number.isFinite(now)) throw new RangeError('now must be a time in ms');
  const companies = companiesFor(seed, now);
  const year = new Date(now).getUTCFullYear();
  const rng = new Random(seed);

  for (let index = startIndex; index < startIndex + count; index++) {
    rng.reseed(seed, index);
    const lane = lanePicker.pick(rng);
    const hub = hubs[lane.hub];
    const sequence = String(index + 1).padStart(6, '0');
    const company = companies[rng.int(0, companies.length - 1)] ?? companies[0];
    if (company === undefined) throw new Error('no companies');
    const currency = (CURRENCIES_BY_GROUP[lane.group] ?? DEFAULT_CURRENCIES).pick(rng);
    const items: GoodsItem[] = [];
    const goods = goodsLines(rng, lane, currency, items);
    const reefer = items[0]?.reefer ?? false;
    const boxes = containers(rng, lane, reefer);
    const mask = inspectionMask(rng, boxes.length > 0, items);
    const status = STATUSES.pick(rng);
    const [minVersion, maxVersion] = VERSION_RANGE[status];
    const declarationYear = rng.chance(0.04) ? year - 1 : year;

    const task: GatewayTask = {
      taskId: `JI-${PORT_CODE}-${year}-${sequence}`,
      version: rng.int(minVersion, maxVersion),
      portCode: PORT_CODE,
      declarationNo: makeDeclarationNo(PORT_CODE, declarationYear, lane.direction, declarationSequence(index)),
      billOfLading: billOfLading(rng, lane, year),
      mode: lane.mode,
      containers: boxes,
      consignee: {
        name: company.name,
        uscc: company.uscc,
        creditGrade: company.creditGrade,
        creditAsOf: company.creditAsOf,
      },
      goods,
      inspection: {
        types: [...(TYPES_BY_MASK[mask] ?? [])],
        agencies: agenciesFor(rng, lane, items, mask),
        riskReasons: riskReasons(rng, lane, company, items),
        priority: PRIORITIES.pick(rng),
        location: {
          area: rng.pick(hub.areas),
          lon: round(hub.lon + rng.real(-0.008, 0.008), 6),
          lat: round(hub.lat + rng.real(-0.006, 0.006), 6),
        },
        dueAt: iso(dueAt(rng, now)),
        checklistId: CHECKLIST_BY_MASK[mask] ?? checklistIdFor(['document']),
      },
      assignedTo: status === 'pending' ? [] : assignees(rng),
      status,
      cargoId: `CG-${PORT_CODE}-${year}-${sequence}`,
      updatedAt: iso(now - rng.int(MINUTE, 3 * DAY)),
    };
    const prior = priorInspectionsFor(rng, lane, task.inspection.agencies, task.updatedAt);
    if (prior !== undefined) task.priorInspections = prior;
    yield task;
  }
}
