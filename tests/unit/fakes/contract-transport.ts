import {
  agencies,
  creditGrades,
  inspectionTypes,
  methods,
  openStatuses,
  taskStatuses,
  transportModes,
  type CallError,
  type EventName,
  type EventPayload,
  type FrameTransport,
  type GatewaySettings,
  type JournalEntry,
  type MethodName,
  type MethodOutput,
  type ParsedTaskFilter,
  type RequestFrame,
  type ResultSummary,
  type SyncStatus,
  type TaskRow,
} from '../../../shared/contract/index.js';

export type TaskFlag = MethodOutput<'flags:list'>['flags'][number];
export type ConnectionTest = MethodOutput<'settings:testConnection'>;

/**
 * What the fake core knows about sync, results, flags and settings. Tests set it up (or mutate it
 * between calls); the answers are computed from it the way the core does (views, filters, paging).
 */
export interface FakeSyncState {
  status: SyncStatus;
  results: ResultSummary[];
  flags: TaskFlag[];
  /** Any order; answered newest (highest id) first. */
  journal: JournalEntry[];
  gateway: GatewaySettings;
  /** The answer to settings:testConnection. */
  connectionTest: ConnectionTest;
}

export function defaultSyncState(): FakeSyncState {
  return {
    status: {
      mode: 'training',
      online: true,
      signedIn: true,
      gatewayUrl: null,
      lastSuccessAt: null,
      lastAttemptAt: null,
      caughtUp: true,
      pulling: false,
      pushing: false,
      resultsWaiting: 0,
      conflicts: 0,
      flags: 0,
      resultsParked: 0,
      paused: null,
      nextCycleAt: null,
      lastError: null,
    },
    results: [],
    flags: [],
    journal: [],
    gateway: { mode: 'training', gatewayUrl: null, operatorId: null, workstationId: 'ws-0123456789abcdef', hasPassword: false },
    connectionTest: {
      ok: true,
      operator: { id: 'op-1', name: '李明', roles: ['admin'], agency: 'customs', portCode: '8000' },
      error: null,
      durationMs: 85,
    },
  };
}

const ATTENTION_STATES: readonly ResultSummary['state'][] = ['conflict', 'rejected', 'waiting_attachment'];

/**
 * A fake channel to the core for renderer tests. It answers each request frame with a real
 * response frame, as JSON text like the WebSocket, computed from an in-memory array of task rows
 * (filtered and sliced the way the core does), so the client's input shapes and output validation
 * run for real. Inputs are parsed with the contract's schemas: a bad input gets `invalid_input`.
 */
export interface FakeTransport extends FrameTransport {
  /** The sync, results, flags and settings state the new calls answer from (mutable). */
  readonly sync: FakeSyncState;
  /** Every request frame sent, in order. */
  readonly requests: RequestFrame[];
  /** Inputs (as sent) of the requests to one method, in order. */
  inputsOf(method: MethodName): unknown[];
  /** From now on, answer `method` with this error (null: answer normally again). */
  failWith(method: MethodName, error: CallError | null): void;
  /** From now on, answer `method` with this value instead of the computed one (null: stop). */
  answerWith(method: MethodName, value: unknown): void;
  /** Hold answers until release() (to see loading states). */
  hold(): void;
  release(): void;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Simulates the channel closing (the client fails calls still waiting). */
  close(): void;
}

export interface FakeOptions {
  /** Answer delay in ms (0: next macrotask). */
  delayMs?: number;
  /** Overrides of the default sync state. */
  sync?: Partial<FakeSyncState>;
}

export function matches(row: TaskRow, filter: ParsedTaskFilter): boolean {
  if (filter.status === 'open') {
    if (!(openStatuses as readonly string[]).includes(row.status)) return false;
  } else if (filter.status !== 'all' && row.status !== filter.status) return false;
  if (filter.mode && row.mode !== filter.mode) return false;
  if (filter.agency && !row.agencies.includes(filter.agency)) return false;
  if (filter.priority && row.priority !== filter.priority) return false;
  if (filter.assignee && !row.assignedTo.includes(filter.assignee)) return false;
  if (filter.text) {
    const needle = filter.text.toLowerCase();
    const haystack = [...row.containerNos, row.declarationNo, row.consigneeName, row.goodsSummary];
    if (!haystack.some((value) => value.toLowerCase().includes(needle))) return false;
  }
  return true;
}

export function createFakeTransport(rows: readonly TaskRow[], options: FakeOptions = {}): FakeTransport {
  const frameListeners = new Set<(frame: unknown) => void>();
  const closeListeners = new Set<() => void>();
  const requests: RequestFrame[] = [];
  const failures = new Map<MethodName, CallError>();
  const overrides = new Map<MethodName, unknown>();
  const filtered = new Map<string, TaskRow[]>();
  let held: (() => void)[] | null = null;
  const sync: FakeSyncState = { ...defaultSyncState(), ...options.sync };

  const select = (filter: ParsedTaskFilter): TaskRow[] => {
    const key = JSON.stringify(filter);
    let found = filtered.get(key);
    if (!found) {
      found = rows.filter((row) => matches(row, filter));
      filtered.set(key, found);
    }
    return found;
  };

  const compute = (method: MethodName, input: unknown): { ok: true; value: unknown } | { ok: false; error: CallError } => {
    const failure = failures.get(method);
    if (failure) return { ok: false, error: failure };
    if (overrides.has(method)) return { ok: true, value: overrides.get(method) };
    const parsed = methods[method].input.safeParse(input);
    if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: `invalid input for ${method}` } };
    switch (method) {
      case 'tasks:list': {
        const { filter, offset, limit } = methods['tasks:list'].input.parse(input);
        return { ok: true, value: { offset, rows: select(filter).slice(offset, offset + limit) } };
      }
      case 'tasks:count': {
        const { filter } = methods['tasks:count'].input.parse(input);
        return { ok: true, value: { total: select(filter).length } };
      }
      case 'tasks:get':
        return { ok: false, error: { code: 'not_found', message: 'the fake has no task details' } };
      case 'app:info':
        return { ok: true, value: { version: '0.0.0-test', mode: 'training', roles: ['inspector'], taskCount: rows.length } };
      case 'sync:status':
      case 'sync:now':
        return { ok: true, value: sync.status };
      case 'sync:journal': {
        const { outcome, call, beforeId, limit } = methods['sync:journal'].input.parse(input);
        const entries = [...sync.journal]
          .sort((a, b) => b.id - a.id)
          .filter((entry) => (outcome === undefined || entry.outcome === outcome) && (call === undefined || entry.call.includes(call)))
          .filter((entry) => beforeId === undefined || entry.id < beforeId)
          .slice(0, limit);
        return { ok: true, value: { entries } };
      }
      case 'results:list': {
        const { view, limit } = methods['results:list'].input.parse(input);
        const wanted = (result: ResultSummary): boolean =>
          view === 'all' || (view === 'parked' ? false : view === 'waiting' ? result.state === 'queued' : ATTENTION_STATES.includes(result.state));
        return { ok: true, value: { results: sync.results.filter(wanted).slice(0, limit) } };
      }
      case 'results:resolve': {
        const { resultId, action } = methods['results:resolve'].input.parse(input);
        const index = sync.results.findIndex((result) => result.resultId === resultId);
        const found = sync.results[index];
        if (!found) return { ok: false, error: { code: 'not_found', message: `no result ${resultId}` } };
        const next: ResultSummary =
          action === 'rebase'
            ? { ...found, state: 'queued', baseVersion: found.taskVersion ?? found.baseVersion, lastError: null, fieldErrors: [] }
            : action === 'retry'
              ? { ...found, state: 'queued', lastError: null }
              : action === 'edit'
                ? { ...found, state: 'draft' }
                : { ...found, state: 'withdrawn' };
        sync.results[index] = next;
        return { ok: true, value: next };
      }
      case 'results:exportParked':
        return { ok: true, value: { exportedAt: new Date(0).toISOString(), currentGateway: 'training', results: [] } };
      case 'flags:list':
        return { ok: true, value: { flags: sync.flags } };
      case 'flags:acknowledge': {
        const { taskId, kind } = methods['flags:acknowledge'].input.parse(input);
        sync.flags = sync.flags.filter((flag) => flag.taskId !== taskId || flag.kind !== kind);
        return { ok: true, value: { flags: sync.flags } };
      }
      case 'settings:getGateway':
        return { ok: true, value: sync.gateway };
      case 'settings:setGateway': {
        const { gatewayUrl, operatorId, password } = methods['settings:setGateway'].input.parse(input);
        sync.gateway = {
          ...sync.gateway,
          mode: gatewayUrl === null ? 'training' : 'gateway',
          gatewayUrl,
          operatorId,
          hasPassword: sync.gateway.hasPassword || password !== undefined,
        };
        return { ok: true, value: sync.gateway };
      }
      case 'settings:testConnection':
        return { ok: true, value: sync.connectionTest };
    }
  };

  const deliver = (text: string): void => {
    const run = (): void => {
      for (const listener of [...frameListeners]) listener(text);
    };
    if (held) held.push(run);
    else setTimeout(run, options.delayMs ?? 0);
  };

  return {
    sync,
    requests,
    send(frame) {
      requests.push(frame);
      const method = frame.method as MethodName;
      const result = Object.hasOwn(methods, method)
        ? compute(method, frame.input)
        : { ok: false, error: { code: 'unknown_method', message: `no method named ${frame.method}` } };
      deliver(JSON.stringify({ type: 'response', id: frame.id, result }));
    },
    onFrame(listener) {
      frameListeners.add(listener);
      return () => frameListeners.delete(listener);
    },
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    inputsOf(method) {
      return requests.filter((frame) => frame.method === method).map((frame) => frame.input);
    },
    failWith(method, error) {
      if (error) failures.set(method, error);
      else failures.delete(method);
    },
    answerWith(method, value) {
      if (value === null) overrides.delete(method);
      else overrides.set(method, value);
    },
    hold() {
      held ??= [];
    },
    release() {
      const waiting = held ?? [];
      held = null;
      for (const run of waiting) setTimeout(run, 0);
    },
    emit(event, payload) {
      deliver(JSON.stringify({ type: 'event', name: event, payload }));
    },
    close() {
      for (const listener of [...closeListeners]) listener();
    },
  };
}

const consignees = [
  '重庆长安国际贸易有限公司',
  '重庆果园港物流有限公司',
  'Chongqing Sino-Euro Trading Co., Ltd.',
  '西部陆海新通道供应链有限公司',
  '重庆两路寸滩保税港区进出口有限公司',
];
const goods = ['汽车零部件', '笔记本电脑', '冷冻牛肉', '原木', '咖啡豆', 'Industrial machinery parts', '榴莲', '葡萄酒'];
const areas = ['果园港 3号查验区', '团结村铁路口岸 查验平台', '南彭公路物流基地 查验场', '江北机场 货站查验区'];
const owners = ['MSKU', 'CSNU', 'TGHU', 'OOLU', 'CMAU'];

/**
 * Deterministic task rows for tests: index i has taskId `CQ` + i (6 digits), statuses cycle over
 * all seven (so 3/7 are open), modes over all five, every 11th row is urgent, every 13th overdue.
 */
export function generateTaskRows(count: number): TaskRow[] {
  const base = Date.UTC(2025, 4, 12, 1, 0, 0);
  const rows: TaskRow[] = [];
  for (let i = 0; i < count; i++) {
    const containerCount = i % 4;
    const containerNos = Array.from(
      { length: containerCount },
      (_, k) => `${owners[(i + k) % owners.length]!}${String((i * 7 + k) % 10_000_000).padStart(7, '0')}`,
    );
    rows.push({
      taskId: `CQ${String(i).padStart(6, '0')}`,
      version: 1,
      status: taskStatuses[i % taskStatuses.length]!,
      mode: transportModes[i % transportModes.length]!,
      priority: i % 11 === 0 ? 'urgent' : i % 4 === 0 ? 'high' : 'normal',
      dueAt: new Date(base + (i % 500) * 600_000).toISOString(),
      overdue: i % 13 === 0,
      declarationNo: `5000${String(2025_0000_0000_00 + i).padStart(14, '0')}`,
      consigneeName: consignees[i % consignees.length]!,
      creditGrade: creditGrades[i % creditGrades.length]!,
      containerNos,
      goodsSummary: goods[i % goods.length]!,
      agencies: i % 3 === 0 ? [agencies[0], agencies[1]] : [agencies[i % agencies.length]!],
      types: [inspectionTypes[i % inspectionTypes.length]!],
      area: areas[i % areas.length]!,
      assignedTo: i % 2 === 0 ? ['officer-01', 'officer-02'] : [],
      cargoId: `CARGO-${i}`,
    });
  }
  return rows;
}
