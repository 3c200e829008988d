// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWebSocketTransport } from '../../renderer/transport/websocket-transport.js';
import { HOST_CLOSE_SESSION_ENDED as CLOSE_SESSION_ENDED } from '../../shared/contract/index.js';

/** Just enough of a WebSocket for the transport: the test drives open and close. */
class FakeSocket {
  static created: FakeSocket[] = [];
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.created.push(this);
  }
  send(): void {}
  close(): void {
    this.closed = true;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  drop(code: number): void {
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close', { code }));
  }
}

const createSocket = (url: string): WebSocket => new FakeSocket(url) as unknown as WebSocket;

afterEach(() => {
  vi.useRealTimers();
  FakeSocket.created = [];
});

describe('WebSocket transport: the host session ends', () => {
  it('stops reconnecting and says "signed out" when the host closes with 4401', () => {
    vi.useFakeTimers();
    const transport = createWebSocketTransport('ws://host/bridge', { createSocket });
    FakeSocket.created[0]?.open();
    expect(transport.connection.getState()).toBe('connected');
    FakeSocket.created[0]?.drop(CLOSE_SESSION_ENDED);
    expect(transport.connection.getState()).toBe('signedOut');
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.created).toHaveLength(1);
    expect(() => transport.send({ type: 'request', id: 1, method: 'app:info', input: {} })).toThrow(/not open/);
  });

  it('still reconnects after any other close', () => {
    vi.useFakeTimers();
    const transport = createWebSocketTransport('ws://host/bridge', { createSocket });
    FakeSocket.created[0]?.open();
    FakeSocket.created[0]?.drop(1006);
    expect(transport.connection.getState()).toBe('reconnecting');
    vi.advanceTimersByTime(1000);
    expect(FakeSocket.created).toHaveLength(2);
  });

  it('signs out with a same-origin POST to the host, then stays signed out', async () => {
    vi.useFakeTimers();
    const calls: { url: string; init: RequestInit | undefined }[] = [];
    const fakeFetch = (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
      calls.push({ url: typeof url === 'string' ? url : url instanceof URL ? url.href : url.url, init });
      return Promise.resolve(new Response(null, { status: 204 }));
    };
    const transport = createWebSocketTransport('ws://host/bridge', { createSocket, fetch: fakeFetch });
    FakeSocket.created[0]?.open();
    await transport.signOut();
    // Relative: it resolves against the page's address, under the host's secret path.
    expect(calls).toEqual([{ url: 'session/sign-out', init: { method: 'POST', credentials: 'same-origin' } }]);
    expect(transport.connection.getState()).toBe('signedOut');
    expect(FakeSocket.created[0]?.closed).toBe(true);
    FakeSocket.created[0]?.drop(CLOSE_SESSION_ENDED);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.created).toHaveLength(1);
  });

  it('keeps the session when the host refuses the sign-out', async () => {
    const failing = (): Promise<Response> => Promise.resolve(new Response('no', { status: 403 }));
    const transport = createWebSocketTransport('ws://host/bridge', { createSocket, fetch: failing });
    FakeSocket.created[0]?.open();
    await expect(transport.signOut()).rejects.toThrow(/403/);
    expect(transport.connection.getState()).toBe('connected');
    transport.dispose();
  });
});
