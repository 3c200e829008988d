// @vitest-environment jsdom
import { cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncStatus } from '../../shared/contract/index.js';
import { ApiContext } from '../../renderer/api-context.js';
import { App } from '../../renderer/App.js';
import { i18n } from '../../renderer/i18n/index.js';
import { startRealCore, type RealCore } from '../fixtures/real-core.js';
import { buildResultInput } from '../fixtures/result-input-builder.js';

configure({ asyncUtilTimeout: 5000 });

/**
 * What the officer and the admin are told about sync's trust rules, against the real core: a pause
 * after a refused password (zh-CN and en), and results parked for another single window, listed on
 * the Sync screen and saved as JSON.
 */
let real: RealCore;

beforeEach(async () => {
  window.localStorage.clear();
  await i18n.changeLanguage('zh-CN');
  real = await startRealCore();
});
afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  await real.close();
});

function renderConsole() {
  const connection = real.connect();
  return render(
    <ApiContext value={connection.api}>
      <App />
    </ApiContext>,
  );
}

async function emitStatus(change: Partial<SyncStatus>): Promise<void> {
  real.core.emit('sync:changed', { ...(await real.ask('sync:status', {})), ...change });
}

describe('sync trust rules on screen', () => {
  it('says that automatic sync is paused after a refused password, in zh-CN and in English', async () => {
    renderConsole();
    await screen.findByTestId('sync-signed-in');
    expect(screen.queryByTestId('sync-paused')).toBeNull();
    await emitStatus({ paused: 'credentials_refused', signedIn: false });
    const notice = await screen.findByTestId('sync-paused');
    expect(notice.textContent).toContain('自动同步已暂停');
    await i18n.changeLanguage('en');
    await waitFor(() => {
      expect(screen.getByTestId('sync-paused').textContent).toContain('Automatic sync paused');
    });
    await emitStatus({ paused: null });
    await waitFor(() => {
      expect(screen.queryByTestId('sync-paused')).toBeNull();
    });
  });

  it('lists results parked for another single window and saves them as JSON', async () => {
    // A result made for gateway A; the admin moves the console to gateway B and parks it.
    await real.ask('settings:setGateway', { gatewayUrl: 'https://a.sw.example.cn', operatorId: 'op-9', password: 'secret-pw' });
    const input = buildResultInput({ taskId: 'JI-8000-2026-000777', baseVersion: 2 });
    real.core.db.results.submit(input);
    await expect(real.ask('settings:setGateway', { gatewayUrl: 'https://sw.example.cn', operatorId: 'op-9', password: 'secret-pw' })).rejects.toThrow(
      new RegExp(input.resultId),
    );
    await real.ask('settings:setGateway', { gatewayUrl: 'https://sw.example.cn', operatorId: 'op-9', password: 'secret-pw', parkResults: true });
    const saved: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      void (blob as Blob).text().then((text) => saved.push(text));
      return 'blob:parked';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);

    renderConsole();
    await emitStatus({});
    await waitFor(() => {
      expect(screen.getByTestId('sync-parked').getAttribute('data-count')).toBe('1');
    });
    fireEvent.click(screen.getByTestId('nav-sync'));
    const row = await screen.findByTestId('parked-row');
    expect(row.getAttribute('data-result-id')).toBe(input.resultId);
    expect(row.textContent).toContain('JI-8000-2026-000777');
    fireEvent.click(screen.getByTestId('parked-export'));
    await waitFor(() => {
      expect(saved).toHaveLength(1);
    });
    const exported = JSON.parse(saved[0]!) as { currentGateway: string; results: { resultId: string; gateway: string }[] };
    expect(exported.currentGateway).toBe('gateway https://sw.example.cn operator op-9');
    expect(exported.results).toMatchObject([{ resultId: input.resultId, gateway: 'gateway https://a.sw.example.cn operator op-9' }]);
  });
});
