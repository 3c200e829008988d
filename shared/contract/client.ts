import type { RequestFrame } from './frames.js';
import { serverFrameSchema } from './frames.js';
import {
  events,
  methods,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodOutput,
} from './methods.js';
import { fail, issuesOf, type Result } from './result.js';

/** A message channel to the core: the preload's MessagePort in Electron, the WebSocket in the headless host. */
export interface FrameTransport {
  send(frame: RequestFrame): void;
  /** Subscribes to frames from the core; returns an unsubscribe function. */
  onFrame(listener: (frame: unknown) => void): () => void;
  /** Called when the channel closes; calls still waiting then fail with `unavailable`. */
  onClose(listener: () => void): () => void;
}

type Pending = { method: MethodName; resolve: (result: Result<unknown>) => void; timer: ReturnType<typeof setTimeout> };

/** How long a call waits for its answer unless told otherwise. */
export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

export interface ContractClientOptions {
  /** Default time limit of a call in ms (default 30 s). */
  timeoutMs?: number;
}

export interface CallOptions {
  /** This call's time limit in ms, for a call known to take longer (or shorter) than the default. */
  timeoutMs?: number;
}

/**
 * The typed client of the contract. Every answer is checked against the method's output schema, so
 * a core that drifts from the contract is reported as an error instead of flowing into the UI.
 * Every call ends: with the answer, `unavailable` when the channel closes, or `timeout` when no
 * answer came within its time limit (a core that is stuck or lost the request must not leave a
 * screen waiting forever; an answer arriving later is dropped).
 */
export class ContractClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();

  private readonly timeoutMs: number;

  constructor(
    private readonly transport: FrameTransport,
    options: ContractClientOptions = {},
  ) {
    this.timeoutMs = validTimeout(options.timeoutMs) ?? DEFAULT_CALL_TIMEOUT_MS;
    transport.onFrame((frame) => this.receive(frame));
    transport.onClose(() => this.failAll());
  }

  call<M extends MethodName>(method: M, input: MethodInput<M>, options: CallOptions = {}): Promise<Result<MethodOutput<M>>> {
    const id = this.nextId++;
    const limitMs = validTimeout(options.timeoutMs) ?? this.timeoutMs;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (!this.pending.delete(id)) return;
        resolve(fail('timeout', `no answer to ${method} within ${Math.round(limitMs / 100) / 10} s`));
      }, limitMs);
      this.pending.set(id, { method, resolve: resolve as Pending['resolve'], timer });
      try {
        this.transport.send({ type: 'request', id, method, input });
      } catch (error) {
        this.settle(id);
        resolve(fail('unavailable', `the core cannot be reached: ${String(error)}`));
      }
    });
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  private receive(raw: unknown): void {
    const parsed = serverFrameSchema.safeParse(typeof raw === 'string' ? safeJson(raw) : raw);
    if (!parsed.success) return;
    const frame = parsed.data;
    if (frame.type === 'event') {
      this.emit(frame.name, frame.payload);
      return;
    }
    if (frame.id === null) return;
    const waiting = this.settle(frame.id);
    if (!waiting) return;
    if (!frame.result.ok) {
      waiting.resolve(frame.result);
      return;
    }
    const output = methods[waiting.method].output.safeParse(frame.result.value);
    waiting.resolve(
      output.success
        ? { ok: true, value: output.data }
        : fail('internal', `answer to ${waiting.method} does not match the contract`, issuesOf(output.error)),
    );
  }

  private emit(name: string, payload: unknown): void {
    if (!Object.hasOwn(events, name)) return;
    const event = name as EventName;
    const parsed = events[event].safeParse(payload);
    if (!parsed.success) return;
    for (const listener of this.listeners.get(event) ?? []) listener(parsed.data as never);
  }

  private failAll(): void {
    for (const id of [...this.pending.keys()]) {
      this.settle(id)?.resolve(fail('unavailable', 'the connection to the core closed'));
    }
  }

  /** Takes a call out of the waiting list and stops its timer; undefined when it already ended. */
  private settle(id: number): Pending | undefined {
    const waiting = this.pending.get(id);
    if (!waiting) return undefined;
    this.pending.delete(id);
    clearTimeout(waiting.timer);
    return waiting;
  }
}

/** A usable time limit (a positive finite number of ms, at most setTimeout's 2^31-1), or undefined. */
function validTimeout(ms: number | undefined): number | undefined {
  return ms !== undefined && Number.isFinite(ms) && ms > 0 ? Math.min(ms, 2_147_483_647) : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
