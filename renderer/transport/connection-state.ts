/** What the header shows about the channel to the core. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'signedOut';

/** A read-only, subscribable connection state (shaped for React's useSyncExternalStore). */
export interface ConnectionSource {
  readonly getState: () => ConnectionState;
  readonly subscribe: (listener: () => void) => () => void;
}

/** The writable cell behind a ConnectionSource. */
export class ConnectionCell implements ConnectionSource {
  private readonly listeners = new Set<() => void>();

  constructor(private state: ConnectionState) {}

  readonly getState = (): ConnectionState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(next: ConnectionState): void {
    if (next === this.state) return;
    this.state = next;
    for (const listener of [...this.listeners]) listener();
  }
}
