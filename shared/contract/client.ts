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

type Pending = { method: MethodName; resolve: (result: Result<unknown>) => void };

/**
 * The typed client of the contract. Every answer is checked against the method's output schema, so
 * a core that drifts from the contract is reported as an error instead of flowing into the UI.
 */
export class ContractClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();

  constructor(private readonly transport: FrameTransport) {
    transport.onFrame((frame) => this.receive(frame));
    transport.onClose(() => this.failAll());
  }

  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { method, resolve: resolve as Pending['resolve'] });
      try {
        this.transport.send({ type: 'request', id, method, input });
      } catch (error) {
        this.pending.delete(id);
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
    const waiting = this.pending.get(frame.id);
    if (!waiting) return;
    this.pending.delete(frame.id);
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
    for (const [id, waiting] of this.pending) {
      this.pending.delete(id);
      waiting.resolve(fail('unavailable', 'the connection to the core closed'));
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
