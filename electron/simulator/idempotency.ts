import type { HttpResponse } from './http-io.js';

export interface Outcome<T> {
  readonly response: HttpResponse;
  /** Set when the request succeeded: kept and replayed for every later request with its key. */
  readonly stored?: T;
}

/**
 * Idempotency keys: the first successful answer is stored and replayed; failures are not stored,
 * so a corrected retry with the same key is judged afresh. A request that finds its key in flight
 * waits for that attempt and then looks again: two racing requests create one result, one 201 and
 * one replayed 200.
 */
export class IdempotencyKeys<T> {
  private readonly done = new Map<string, T>();
  private readonly pending = new Map<string, Promise<Outcome<T>>>();

  get(key: string): T | undefined {
    return this.done.get(key);
  }

  values(): T[] {
    return [...this.done.values()];
  }

  async run(key: string, replay: (stored: T) => HttpResponse, attempt: () => Promise<Outcome<T>>): Promise<HttpResponse> {
    for (;;) {
      const stored = this.done.get(key);
      if (stored !== undefined) return replay(stored);
      const pending = this.pending.get(key);
      if (pending === undefined) break;
      await pending.catch(() => undefined);
    }
    // No await between the checks above and the reservation below, so on the single event loop
    // nothing can slip in between: the key is reserved atomically.
    const running = attempt();
    this.pending.set(key, running);
    try {
      const outcome = await running;
      if (outcome.stored !== undefined) this.done.set(key, outcome.stored);
      return outcome.response;
    } finally {
      this.pending.delete(key);
    }
  }
}

/** Time a real gateway spends making an accepted write durable; the key stays reserved meanwhile. */
export const durableWrite = (): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, 5);
  });
