import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReference } from '../../electron/simulator/reference.js';
import { startRealCore, type RealCore } from '../fixtures/real-core.js';

/** reference:get through the real core's router: every role reads the cache of the active workspace, with its version or none. */
let real: RealCore;
beforeAll(async () => {
  real = await startRealCore();
});
afterAll(async () => {
  await real.close();
});

describe('reference:get', () => {
  it('says that no reference data is cached before a sync fetched it', async () => {
    const inspector = real.connectAs({ roles: ['inspector'] });
    expect(await inspector.api.client.call('reference:get', {})).toEqual({ ok: true, value: { version: null, ports: [], checklists: [], findingCodes: [] } });
    inspector.dispose();
  });

  it('answers every role from the cache, with the version it holds', async () => {
    const { data, etag } = buildReference();
    real.core.db.sync.reference.store(data, etag);
    const { version, ...lists } = data;
    for (const roles of [['inspector'], ['supervisor'], ['admin']] as const) {
      const connection = real.connectAs({ roles });
      expect(await connection.api.client.call('reference:get', {})).toEqual({ ok: true, value: { version, ...lists } });
      connection.dispose();
    }
  });

  it('refuses input it does not take', async () => {
    const connection = real.connectAs({ roles: ['inspector'] });
    const answer = await connection.api.client.call('reference:get', { version: 'x' } as unknown as Record<string, never>);
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    connection.dispose();
  });
});
