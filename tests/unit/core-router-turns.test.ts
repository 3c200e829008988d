import { describe, expect, it } from 'vitest';
import { createRouter, type Handlers } from '../../electron/core/router.js';
import { createLogger, nullSink } from '../../electron/core/log.js';

/**
 * The list sends a page and its count together; the count of a common search term costs ten times
 * the page. The page's answer must leave before the count's work starts, or the officer waits for both.
 */
describe('frames that arrive together', () => {
  it('each is answered before the next one starts its work', async () => {
    const events: string[] = [];
    const handlers = {
      'tasks:list': () => {
        events.push('page computed');
        return { rows: [], offset: 0 };
      },
      'tasks:count': () => {
        events.push('count started');
        return { total: 0 };
      },
    } as unknown as Handlers;
    const router = createRouter(handlers, createLogger(nullSink));
    const caller = { roles: ['inspector'] as const };
    // Both handed to the router in the same turn, as a WebSocket delivers two frames read in one chunk.
    const page = router.handle(JSON.stringify({ type: 'request', id: 1, method: 'tasks:list', input: { filter: { status: 'open' } } }), caller).then(() => {
      events.push('page answered');
    });
    const count = router.handle(JSON.stringify({ type: 'request', id: 2, method: 'tasks:count', input: { filter: { status: 'open' } } }), caller).then(() => {
      events.push('count answered');
    });
    await Promise.all([page, count]);
    expect(events).toEqual(['page computed', 'page answered', 'count started', 'count answered']);
  });
});

describe('a failure before the handler', () => {
  it('is answered as internal, never left as a rejection', async () => {
    const router = createRouter({} as Handlers, createLogger(nullSink));
    // A channel whose session cannot be read, as when the database closed under a late frame.
    const closedChannel = {
      call: () => {
        throw new TypeError('The database connection is not open');
      },
    };
    const answer = await router.handle(JSON.stringify({ type: 'request', id: 7, method: 'tasks:list', input: {} }), closedChannel);
    expect(answer).toMatchObject({ id: 7, result: { ok: false, error: { code: 'internal' } } });
  });
});
