import { Random } from './seed/random.js';

/**
 * Random failures (--faults), seeded like everything else. Some strike before the request is
 * handled (500, 503 with Retry-After: 1, a reset), others after the work was done (the response is
 * lost, or its body cut short of its Content-Length), because "the gateway did it but the answer
 * never arrived" is what idempotency keys exist for. Every routed request can fail, sign-in
 * included: the contract says any call may, and a client must survive a failed sign-in too. Only
 * unknown paths (404) and methods (405) are never faulted. An event stream that draws a late fault
 * is cut after its backlog (mid-event when truncated).
 */
export type Fault = 'none' | 'status_500' | 'status_503' | 'reset_before' | 'reset_after' | 'truncate';

const KINDS: readonly Exclude<Fault, 'none'>[] = ['status_500', 'status_503', 'reset_before', 'reset_after', 'truncate'];
const FAULT_STREAM = 0xfa017;

export class FaultInjector {
  private readonly rng: Random;

  constructor(
    private readonly share: number,
    seed: number,
  ) {
    this.rng = new Random(seed, FAULT_STREAM);
  }

  next(): Fault {
    if (this.share <= 0) return 'none';
    if (!this.rng.chance(this.share)) return 'none';
    return this.rng.pick(KINDS);
  }
}
