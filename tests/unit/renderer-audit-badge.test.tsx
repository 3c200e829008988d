// @vitest-environment jsdom
import path from 'node:path';
import { cleanup, configure, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditRepository } from '../../electron/core/db/audit-repository.js';
import { openDatabase, sqliteHandle } from '../../electron/core/db/connection.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { ApiContext } from '../../renderer/api-context.js';
import { i18n } from '../../renderer/i18n/index.js';
import { AuditBadge } from '../../renderer/shell/AuditBadge.js';
import { tamper } from '../fixtures/audit-tamper.js';
import { startRealCore, type RealCore } from '../fixtures/real-core.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

configure({ asyncUtilTimeout: 5000 });

/**
 * The header's audit badge against the real core: its watcher walks the chains of the databases it
 * opened, and the badge shows the worst, with what broke in the officer's language.
 */
let real: RealCore | null = null;
const temp = makeTempDir('audit-badge-');

beforeEach(async () => {
  window.localStorage.clear();
  await i18n.changeLanguage('zh-CN');
});
afterEach(async () => {
  cleanup();
  await real?.close();
  real = null;
});
afterAll(() => {
  temp.remove();
});

/** A training database whose log has four entries, the second edited after it was written. */
function tamperedDatabase(): string {
  const file = path.join(temp.dir, `tampered-${Date.now()}.sqlite`);
  const db = openDatabase(file, { log: createLogger(nullSink) });
  const audit = new AuditRepository(sqliteHandle(db));
  sqliteHandle(db).transaction(() => {
    for (let step = 0; step < 4; step += 1) audit.append({ actor: 'op-8000-001', action: 'inspection.draft_saved', taskId: 'JI-8000-2026-000001', details: { step } });
  })();
  db.close();
  tamper(file, (raw) => raw.prepare("UPDATE audit_log SET details = '{\"step\":9}' WHERE seq = 2").run());
  return file;
}

function renderBadge(core: RealCore) {
  const connection = core.connectAs({ roles: ['inspector'] });
  render(
    <ApiContext value={connection.api}>
      <AuditBadge />
    </ApiContext>,
  );
  return connection;
}

describe('audit badge', () => {
  it('shows the chains intact, with their entries and last hash', async () => {
    real = await startRealCore();
    const connection = renderBadge(real);
    const badge = await screen.findByTestId('audit-badge');
    await waitFor(() => { expect(badge.getAttribute('data-state')).toBe('intact'); });
    expect(badge.textContent).toContain('审计链：完整');
    // The test accounts were made through the core: their creation is in the real database's chain.
    expect(badge.getAttribute('title')).toMatch(/正式库：\d+ 条记录完整，末条哈希 [0-9a-f]{12}…/);
    connection.dispose();
  });

  it('shows a broken chain and which entry broke, in zh-CN and in English', async () => {
    real = await startRealCore({ database: tamperedDatabase() });
    const connection = renderBadge(real);
    const badge = await screen.findByTestId('audit-badge');
    await waitFor(() => { expect(badge.getAttribute('data-state')).toBe('broken'); });
    expect(badge.textContent).toContain('审计链：已损坏');
    expect(badge.getAttribute('title')).toContain('训练库：第 2 条记录在写入后被改动');
    await i18n.changeLanguage('en');
    await waitFor(() => { expect(badge.getAttribute('title')).toContain('Training database: entry 2 was changed after it was written'); });
    expect(badge.textContent).toContain('Audit chain: broken');
    connection.dispose();
  });
});
