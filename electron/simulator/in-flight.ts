/**
 * Requests in flight per workstation (the workstationId its token was issued to). An open event
 * stream holds its slot until it closes, so it counts as one like any other request.
 */
export class InFlightLimiter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** A release function when there is room, undefined when the workstation is at its limit. */
  tryEnter(workstationId: string): (() => void) | undefined {
    const count = this.counts.get(workstationId) ?? 0;
    if (count >= this.max) return undefined;
    this.counts.set(workstationId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(workstationId) ?? 1) - 1;
      if (left <= 0) this.counts.delete(workstationId);
      else this.counts.set(workstationId, left);
    };
  }

  count(workstationId: string): number {
    return this.counts.get(workstationId) ?? 0;
  }
}
