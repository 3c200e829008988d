import type { ChangesPage } from '../../shared/contract/gateway.js';
import type { AuthedContext } from './context.js';
import type { CursorCodec } from './cursor.js';
import { badRequest, json, problem, type HttpResponse } from './http-io.js';
import { Random } from './seed/random.js';
import type { TaskWorld } from './world.js';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const FEED_STREAM = 0xfeed;
/** How often a page comes back short (maybe empty) or starts again inside the previous one. */
const SHORT_PAGE_CHANCE = 0.08;
const REDELIVERY_CHANCE = 0.08;

/** Parses an optional integer query parameter; undefined when absent, null when invalid. */
export function intParam(params: URLSearchParams, name: string, min: number, max: number): number | undefined | null {
  const raw = params.get(name);
  if (raw === null) return undefined;
  if (!/^\d{1,9}$/.test(raw)) return null;
  const value = Number(raw);
  return value >= min && value <= max ? value : null;
}

/**
 * GET /v1/tasks/changes. Reads the compacted change log from the cursor's position; the quirks the
 * contract allows (short or empty pages with hasMore, re-delivered changes) happen now and then,
 * seeded, unless turned off.
 */
export class ChangeFeed {
  private epoch = 0;
  private readonly rng: Random;

  constructor(
    private readonly world: TaskWorld,
    private readonly codec: CursorCodec,
    private readonly quirks: boolean,
    seed: number,
  ) {
    this.rng = new Random(seed, FEED_STREAM);
  }

  /** Every cursor issued so far becomes older than the log's horizon (410 from now on). */
  expireAll(): void {
    this.epoch++;
  }

  handle(ctx: AuthedContext): HttpResponse {
    const params = ctx.url.searchParams;
    const limit = intParam(params, 'limit', 1, MAX_LIMIT);
    if (limit === null) return badRequest(`limit must be an integer in 1..${MAX_LIMIT}`);
    const pageLimit = limit ?? DEFAULT_LIMIT;
    const { log } = this.world;

    let after = 0;
    const cursor = params.get('cursor');
    if (cursor !== null) {
      const decoded = this.codec.decode(cursor);
      if (decoded === undefined || (decoded.instance === this.codec.instance && decoded.position > log.last)) {
        return badRequest('the cursor was not issued by this gateway');
      }
      if (decoded.instance !== this.codec.instance || decoded.epoch !== this.epoch || decoded.position < log.horizon) {
        return problem(410, 'cursor_expired', 'the change log no longer reaches back to this cursor: load from the beginning');
      }
      after = decoded.position;
    }

    let start = after;
    let take = pageLimit;
    if (this.quirks && cursor !== null && this.rng.chance(REDELIVERY_CHANCE)) {
      start = log.backUp(after, this.rng.int(1, Math.min(pageLimit, 20)));
    } else if (this.quirks && this.rng.chance(SHORT_PAGE_CHANCE)) {
      take = this.rng.int(0, pageLimit - 1);
    }

    const portCode = ctx.session.operator.portCode;
    const accept = (taskId: string): boolean => this.world.get(taskId)?.task.portCode === portCode;
    const page = log.read(start, take, accept);
    // A re-delivering page may end inside what the client already had; its cursor never goes back.
    const next = Math.max(after, page.next);
    const hasMore = page.next >= after ? page.hasMore : log.read(after, 0, accept).hasMore;
    const changes = page.taskIds.flatMap((taskId) => {
      const record = this.world.get(taskId);
      return record === undefined ? [] : [this.world.changeOf(record)];
    });
    const body: ChangesPage = { changes, nextCursor: this.codec.encode(this.epoch, next), hasMore };
    return json(200, body);
  }
}
