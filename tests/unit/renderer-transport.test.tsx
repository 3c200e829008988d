// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContractClient, PRELOAD_GLOBAL, type PreloadBridge } from '../../shared/contract/index.js';
import { scrubTokenFromAddress } from '../../renderer/address.js';
import { bridgeUrl, createApi, signOutUrl } from '../../renderer/api.js';
import { createPreloadTransport } from '../../renderer/transport/preload-transport.js';
import { createWebSocketTransport } from '../../renderer/transport/websocket-transport.js';

/** Just enough of a WebSocket for the transport: the test drives open, message and close. */
class FakeSocket {
  static created: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  onopen: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.created.push(this);
  }
  send(text: string): void {
    this.sent.push(text);
  }
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close'));
  }
  receive(frame: unknown): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(frame) }));
  }
}

const createSocket = (url: string): WebSocket => new FakeSocket(url) as unknown as WebSocket;
const last = (): FakeSocket => FakeSocket.created.at(-1)!;

beforeEach(() => {
  FakeSocket.created = [];
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('WebSocket transport', () => {
  it('queues calls until open, answers them, and reports the state', async () => {
    const transport = createWebSocketTransport('ws://host/bridge', { createSocket });
    const client = new ContractClient(transport);
    expect(transport.connection.getState()).toBe('connecting');
    const answer = client.call('tasks:count', { filter: { status: 'open' } });
    expect(last().sent).toEqual([]);
    last().open();
    expect(transport.connection.getState()).toBe('connected');
    const frame = JSON.parse(last().sent[0]!) as { id: number; method: string; input: unknown };
    expect(frame).toMatchObject({ type: 'request', method: 'tasks:count', input: { filter: { status: 'open' } } });
    last().receive({ type: 'response', id: frame.id, result: { ok: true, value: { total: 7 } } });
    expect(await answer).toEqual({ ok: true, value: { total: 7 } });
    transport.dispose();
  });

  it('fails waiting calls on close and reconnects with backoff 0.5 s → 5 s, reset after an open', async () => {
    vi.useFakeTimers();
    const transport = createWebSocketTransport('ws://host/bridge', { createSocket });
    const client = new ContractClient(transport);
    const states: string[] = [];
    transport.connection.subscribe(() => states.push(transport.connection.getState()));
    last().open();
    const waiting = client.call('app:info', {});
    last().drop();
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(transport.connection.getState()).toBe('reconnecting');

    const delays: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const before = FakeSocket.created.length;
      let waited = 0;
      while (FakeSocket.created.length === before) {
        vi.advanceTimersByTime(100);
        waited += 100;
      }
      delays.push(waited);
      last().drop();
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
    expect(transport.connection.getState()).toBe('reconnecting');

    vi.advanceTimersByTime(5000);
    last().open();
    expect(transport.connection.getState()).toBe('connected');
    last().drop();
    const before = FakeSocket.created.length;
    vi.advanceTimersByTime(500);
    expect(FakeSocket.created.length).toBe(before + 1);
    expect(states).toEqual(['connected', 'reconnecting', 'connected', 'reconnecting']);

    transport.dispose();
    last().drop();
    vi.advanceTimersByTime(10_000);
    expect(FakeSocket.created.length).toBe(before + 1);
  });

  it('delivers events pushed by the core', () => {
    const transport = createWebSocketTransport('ws://host/bridge', { createSocket });
    const client = new ContractClient(transport);
    const seen: unknown[] = [];
    client.on('tasks:changed', (payload) => seen.push(payload));
    last().open();
    last().receive({ type: 'event', name: 'tasks:changed', payload: { taskIds: ['T1'], reloadAll: false } });
    expect(seen).toEqual([{ taskIds: ['T1'], reloadAll: false }]);
    transport.dispose();
  });
});

describe('preload transport', () => {
  function fakeBridge() {
    const frames = new Set<(frame: string) => void>();
    const closes = new Set<() => void>();
    const sent: string[] = [];
    const bridge: PreloadBridge = {
      send: (frame) => {
        sent.push(frame);
      },
      onFrame: (listener) => {
        frames.add(listener);
        return () => frames.delete(listener);
      },
      onClose: (listener) => {
        closes.add(listener);
        return () => closes.delete(listener);
      },
    };
    return {
      bridge,
      sent,
      push: (frame: unknown) => {
        for (const listener of frames) listener(JSON.stringify(frame));
      },
      close: () => {
        for (const listener of closes) listener();
      },
    };
  }

  it('sends frames as JSON text, reads JSON text, and follows the port closing', async () => {
    const fake = fakeBridge();
    const transport = createPreloadTransport(fake.bridge);
    const client = new ContractClient(transport);
    expect(transport.connection.getState()).toBe('connected');
    const answer = client.call('tasks:count', {});
    const frame = JSON.parse(fake.sent[0]!) as { id: number };
    fake.push({ type: 'response', id: frame.id, result: { ok: true, value: { total: 3 } } });
    expect(await answer).toEqual({ ok: true, value: { total: 3 } });

    const pending = client.call('app:info', {});
    fake.close();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(transport.connection.getState()).toBe('reconnecting');
    fake.push({ type: 'event', name: 'tasks:changed', payload: { taskIds: [], reloadAll: true } });
    expect(transport.connection.getState()).toBe('connected');
  });

  it('createApi picks the preload bridge when window.portConsole exists, and probes it after a close', async () => {
    vi.useFakeTimers();
    const fake = fakeBridge();
    vi.stubGlobal(PRELOAD_GLOBAL, fake.bridge);
    const socket = vi.fn();
    vi.stubGlobal('WebSocket', socket);
    const api = createApi(window);
    expect(socket).not.toHaveBeenCalled();
    expect(api.connection.getState()).toBe('connected');
    fake.close();
    expect(api.connection.getState()).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(500);
    const probe = JSON.parse(fake.sent.at(-1)!) as { id: number; method: string };
    expect(probe.method).toBe('app:info');
    fake.push({ type: 'response', id: probe.id, result: { ok: true, value: { version: '1', mode: 'training', roles: [], taskCount: 0 } } });
    expect(api.connection.getState()).toBe('connected');
  });
});

describe('bridge selection and address', () => {
  it("uses the host WebSocket and sign-out beside the page, under the host's secret path, when there is no preload", async () => {
    expect(bridgeUrl({ href: 'http://127.0.0.1:4173/c/AbC_-123/' })).toBe('ws://127.0.0.1:4173/c/AbC_-123/bridge');
    expect(bridgeUrl({ href: 'https://wall.local:8443/c/AbC_-123/index.html?view=wall#tasks' })).toBe('wss://wall.local:8443/c/AbC_-123/bridge');
    expect(signOutUrl({ href: 'http://127.0.0.1:4173/c/AbC_-123/' })).toBe('http://127.0.0.1:4173/c/AbC_-123/session/sign-out');
    const urls: string[] = [];
    vi.stubGlobal(
      'WebSocket',
      vi.fn(function (this: unknown, url: string) {
        urls.push(url);
        return new FakeSocket(url);
      }),
    );
    const posts: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string | URL | Request) => {
        posts.push(typeof url === 'string' ? url : url instanceof URL ? url.href : url.url);
        return Promise.resolve(new Response(null, { status: 204 }));
      }),
    );
    const before = window.location.href;
    window.history.replaceState(null, '', '/c/Secret-Prefix_0123456789/');
    try {
      const api = createApi(window);
      expect(urls).toEqual([`ws://${window.location.host}/c/Secret-Prefix_0123456789/bridge`]);
      expect(api.connection.getState()).toBe('connecting');
      await api.signOut?.();
      expect(posts).toEqual([`${window.location.origin}/c/Secret-Prefix_0123456789/session/sign-out`]);
    } finally {
      window.history.replaceState(null, '', before);
    }
  });

  it('removes ?token= from the address bar and keeps everything else', () => {
    window.history.replaceState(null, '', '/index.html?token=s3cr3t&view=wall#tasks');
    scrubTokenFromAddress(window.location, window.history);
    expect(window.location.search).toBe('?view=wall');
    expect(window.location.hash).toBe('#tasks');
    expect(window.location.href).not.toContain('s3cr3t');

    window.history.replaceState(null, '', '/?token=abc');
    scrubTokenFromAddress(window.location, window.history);
    expect(window.location.search).toBe('');
    expect(window.location.pathname).toBe('/');
  });
});
