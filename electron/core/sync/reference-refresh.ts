import { performance } from 'node:perf_hooks';
import type { ReferenceRepository } from '../db/reference-repository.js';
import type { Logger } from '../log.js';
import { failureMessage } from './failure-message.js';
import { GatewayError, type Gateway } from './gateway.js';
import type { Journal } from './journal.js';

const CALL = 'GET /v1/reference';

/** 'stored': a new version is cached; 'unchanged': 304, the cached one is current; 'failed': journalled, the cache as it was. */
export type ReferenceRefresh = { outcome: 'stored' | 'unchanged'; version: string | null } | { outcome: 'failed'; error: unknown };

export interface ReferenceRefreshDeps {
  gateway: Pick<Gateway, 'reference'>;
  reference: ReferenceRepository;
  journal: Journal;
  log: Logger;
}

/**
 * Fetches the reference data with the cached ETag, once per sync cycle. It never throws: checklists
 * and finding codes already cached serve the inspector offline, so a failure here is journalled and
 * the cycle's pull and push go on.
 */
export async function refreshReference(deps: ReferenceRefreshDeps): Promise<ReferenceRefresh> {
  const started = performance.now();
  const elapsed = (): number => performance.now() - started;
  try {
    const cached = deps.reference.stamp();
    const answer = await deps.gateway.reference(cached.etag);
    if (answer === 'not_modified') {
      const { version } = cached;
      deps.journal.record({ call: CALL, outcome: 'ok', status: 304, durationMs: elapsed(), message: version === null ? { key: 'reference.unchangedNoVersion', params: {} } : { key: 'reference.unchanged', params: { version } } });
      return { outcome: 'unchanged', version };
    }
    const { data, etag } = answer;
    deps.reference.store(data, etag);
    deps.journal.record({
      call: CALL,
      outcome: 'ok',
      status: 200,
      durationMs: elapsed(),
      message: { key: 'reference.stored', params: { version: data.version, ports: data.ports.length, checklists: data.checklists.length, findingCodes: data.findingCodes.length } },
    });
    deps.log.info('reference data stored', { version: data.version });
    return { outcome: 'stored', version: data.version };
  } catch (error) {
    const status = error instanceof GatewayError && 'status' in error.failure ? error.failure.status : null;
    const message = error instanceof Error ? error.message : String(error);
    deps.journal.record({ call: CALL, outcome: 'error', status, durationMs: elapsed(), message: { key: 'reference.failed', params: { reason: failureMessage(error) } } });
    deps.log.warn('reference data not refreshed', { error: message });
    return { outcome: 'failed', error };
  }
}
