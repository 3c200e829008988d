// @vitest-environment jsdom
import { act, cleanup, configure, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContractClient, DEFAULT_CALL_TIMEOUT_MS, type FrameTransport } from '../../shared/contract/client.js';
import type { RequestFrame } from '../../shared/contract/index.js';
import { ApiContext } from '../../renderer/api-context.js';
import { App } from '../../renderer/App.js';
import { i18n } from '../../renderer/i18n/index.js';
import { ConnectionCell } from '../../renderer/transport/connection-state.js';

configure({ asyncUtilTimeout: 5000 });

/** A channel to a core that takes every request and never answers (stuck, or the request was lost). */
function silentTransport(): FrameTransport & { sent: RequestFrame[]; answer: (frame: unknown) => void } {
  const sent: RequestFrame[] = [];
  const listeners = new Set<(frame: unknown) => void>();
  return {
    sent,
    send: (frame) => {
      sent.push(frame);
    },
    onFrame: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onClose: () => () => undefined,
    answer: (frame) => {
      for (const listener of listeners) listener(frame);
    },
  };
}

describe('contract client time limit (the client\'s own timer)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ends a call with no answer after 30 s with a timeout error, not before', async () => {
    expect(DEFAULT_CALL_TIMEOUT_MS).toBe(30_000);
    const client = new ContractClient(silentTransport());
    let settled: unknown = null;
    void client.call('tasks:count', { filter: {} }).then((result) => (settled = result));
    await vi.advanceTimersByTimeAsync(29_999);
    expect(settled).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toEqual({ ok: false, error: { code: 'timeout', message: 'no answer to tasks:count within 30 s' } });
  });

  it('takes its limit from the constructor and from the call', async () => {
    const client = new ContractClient(silentTransport(), { timeoutMs: 2_000 });
    const short = client.call('tasks:count', { filter: {} });
    const long = client.call('tasks:count', { filter: {} }, { timeoutMs: 120_000 });
    let longSettled = false;
    void long.then(() => (longSettled = true));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await short).toMatchObject({ ok: false, error: { code: 'timeout' } });
    await vi.advanceTimersByTimeAsync(100_000);
    expect(longSettled).toBe(false);
    await vi.advanceTimersByTimeAsync(18_000);
    expect(await long).toMatchObject({ ok: false, error: { code: 'timeout', message: 'no answer to tasks:count within 120 s' } });
  });

  it('an answer in time stops the timer; an answer after the limit is dropped', async () => {
    const transport = silentTransport();
    const client = new ContractClient(transport, { timeoutMs: 1_000 });
    const first = client.call('tasks:count', { filter: {} });
    transport.answer({ type: 'response', id: transport.sent[0]!.id, result: { ok: true, value: { total: 7 } } });
    expect(await first).toEqual({ ok: true, value: { total: 7 } });
    expect(vi.getTimerCount()).toBe(0);

    const second = client.call('tasks:count', { filter: {} });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await second).toMatchObject({ ok: false, error: { code: 'timeout' } });
    // Late: nothing waits for it any more, and nothing throws.
    transport.answer({ type: 'response', id: transport.sent[1]!.id, result: { ok: true, value: { total: 8 } } });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('a timed-out call in the UI', () => {
  beforeEach(async () => {
    window.localStorage.clear();
    await i18n.changeLanguage('zh-CN');
  });
  afterEach(() => {
    cleanup();
  });

  it('says so in zh-CN and in English, with the code in the details', async () => {
    const api = { client: new ContractClient(silentTransport(), { timeoutMs: 200 }), connection: new ConnectionCell('connected') };
    render(
      <ApiContext value={api}>
        <App />
      </ApiContext>,
    );
    const alert = await screen.findByTestId('task-error');
    expect(alert.getAttribute('data-code')).toBe('timeout');
    expect(alert.textContent).toContain('本机服务未在规定时间内响应，请重试；如反复出现请重启工作台。');
    expect(alert.querySelector('code')?.textContent).toMatch(/^timeout: no answer to tasks:\w+ within 0\.2 s$/);
    await act(async () => {
      await i18n.changeLanguage('en');
    });
    expect(screen.getByTestId('task-error').textContent).toContain('The local service did not answer in time. Retry; if it keeps happening, restart the console.');
  });
});
