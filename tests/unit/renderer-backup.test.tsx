// @vitest-environment jsdom
import path from 'node:path';
import { cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/contract/index.js';
import { verifyBackup } from '../../electron/core/backup/verify-backup.js';
import { LATEST_SCHEMA_VERSION } from '../../electron/core/db/migrations/index.js';
import { ApiContext } from '../../renderer/api-context.js';
import { App } from '../../renderer/App.js';
import { SessionGate } from '../../renderer/features/session/SessionGate.js';
import { i18n } from '../../renderer/i18n/index.js';
import { startRealCore, type Connection, type RealCore } from '../fixtures/real-core.js';
import { signInInput, testOperatorId } from '../fixtures/sign-in-account.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

configure({ asyncUtilTimeout: 10_000 });

/** The admin's backup section against the real core: settings stored by it, a backup written and verified on disk. */
let real: RealCore;
let target: ReturnType<typeof makeTempDir>;
beforeEach(async () => {
  await i18n.changeLanguage('zh-CN');
  real = await startRealCore();
  target = makeTempDir('backup-ui-');
});
afterEach(async () => {
  cleanup();
  await real.close();
  target.remove();
});

async function openSettings(connection: Connection): Promise<void> {
  render(
    <ApiContext value={connection.api}>
      <App />
    </ApiContext>,
  );
  fireEvent.click(await screen.findByTestId('nav-settings'));
}

const type = (testId: string, value: string): void => {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
};

describe('backups in the settings', () => {
  it('lets an admin set the folder, back up now and see the verified backup listed', async () => {
    await openSettings(real.connectAs({ roles: ['admin'] }));
    await screen.findByTestId('backup-section');
    expect((await screen.findByTestId('backup-last')).textContent).toBe('尚未备份过。');
    type('backup-folder', 'relative/path');
    fireEvent.click(screen.getByTestId('backup-save'));
    // Refused by the core (not an absolute path), said in words; nothing stored.
    await waitFor(() => expect(screen.getByTestId('backup-outcome').dataset.code).toBe('invalid_input'));
    type('backup-folder', target.dir);
    type('backup-keep', '2');
    fireEvent.click(screen.getByTestId('backup-save'));
    await waitFor(() => expect(screen.getByTestId('backup-outcome').textContent).toBe('备份设置已保存。'));
    await waitFor(() => expect(screen.getByTestId<HTMLButtonElement>('backup-now').disabled).toBe(false));
    fireEvent.click(screen.getByTestId('backup-now'));
    await waitFor(() => expect(screen.getByTestId('backup-outcome').textContent).toContain('备份完成'));
    const listed = await screen.findByTestId('backup-list');
    const name = listed.querySelector('code')?.textContent ?? '';
    expect(name).toMatch(/^console-backup-\d{8}T\d{6}Z$/);
    expect(await verifyBackup(path.join(target.dir, name), LATEST_SCHEMA_VERSION)).toMatchObject({ ok: true });
    expect(screen.getByTestId('backup-last').dataset.ok).toBe('true');
  });

  it('is shown to an admin signed in through the session gate, and to no one else (the core refuses them anyway)', async () => {
    const roleSets: Role[][] = [['admin'], ['inspector', 'supervisor']];
    for (const roles of roleSets) {
      render(
        <ApiContext value={real.connect({ signedOut: true }).api}>
          <SessionGate pollMs={100}>
            <App />
          </SessionGate>
        </ApiContext>,
      );
      await screen.findByTestId('sign-in-screen');
      const operatorId = testOperatorId(roles);
      fireEvent.change(screen.getByTestId('sign-in-operator'), { target: { value: operatorId } });
      fireEvent.change(screen.getByTestId('sign-in-password'), { target: { value: signInInput(operatorId).password } });
      fireEvent.click(screen.getByTestId('sign-in-submit'));
      await screen.findByTestId('nav-tasks');
      if (roles.includes('admin')) {
        fireEvent.click(screen.getByTestId('nav-settings'));
        await screen.findByTestId('backup-section');
      } else {
        expect(screen.queryByTestId('nav-settings')).toBeNull();
        expect(screen.queryByTestId('backup-section')).toBeNull();
        expect(await real.connectAs({ roles }).api.client.call('backup:settings', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
      cleanup();
    }
  });
});
