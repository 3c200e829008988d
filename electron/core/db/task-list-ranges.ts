import type { StatementCache } from './statement-cache.js';
import { transactionRunner, type TransactionRunner } from './transaction-runner.js';
import {
  DATA_VERSION_SQL,
  PRIORITY_RANKS,
  rangeRidsSql,
  RANGES,
  rankCountSql,
  shapeKey,
  type Direction,
  type ListRange,
  type ListShape,
} from './task-list-sql.js';

type Params = Record<string, string | number>;

/**
 * Per priority rank: how many rows the view holds, and how many of them were due before `now`.
 * Rows due before `now` only grow as the clock moves on, so a later `now` adds the count of the
 * short window [previous now, now) instead of counting the whole range again.
 */
interface RankCounts {
  now: number;
  total: number[];
  before: number[];
}

/** Pages ending within this many rows are read range by range without counts (see shallowPageRids). */
const SHALLOW_ROWS = 2000;

/** More views than an officer flips between in a shift; past it the cache starts afresh. */
const MAX_CACHED_VIEWS = 64;

/**
 * Pages of the unsearched list at any depth (see task-list-sql.ts for the four ranges). A page
 * costs the range counts (cached until any connection commits or this one changes a row) plus
 * OFFSET index steps inside one range, from its nearer end: the last page is as quick as the first.
 */
export class ListRanges {
  private version = '';
  private readonly counts = new Map<string, RankCounts>();
  /** One read transaction: counts and rows see one snapshot. */
  private readonly snapshot: TransactionRunner;

  constructor(
    private readonly statements: StatementCache,
    private readonly shallowRows = SHALLOW_ROWS,
  ) {
    this.snapshot = transactionRunner(statements.connection, 'deferred');
  }

  /** The rids of a page in list order. One read transaction, so counts and rows see one snapshot. */
  pageRids(shape: ListShape, params: Params, offset: number, limit: number): number[] {
    if (offset + limit <= this.shallowRows) return this.shallowPageRids(shape, params, offset, limit);
    return this.snapshot(() => {
      const sizes = this.sizes(shape, params);
      const rids: number[] = [];
      let start = offset;
      for (const range of RANGES) {
        const size = sizes.get(range) ?? 0;
        if (start >= size) {
          start -= size;
          continue;
        }
        const take = Math.min(limit - rids.length, size - start);
        rids.push(...this.rangeRids(shape, range, params, start, take, size));
        start = 0;
        if (rids.length >= limit) break;
      }
      return rids;
    });
  }

  /**
   * A page near the top (the list as it opens, and the page a sync's reload asks for) costs no
   * counts: each range is read in order up to offset + limit rows. During a sync every commit
   * invalidates the counts, and recounting the whole view for the first page held the event loop
   * for as long as the count took (O(rows), ~100 ms at 100k on a busy machine).
   */
  private shallowPageRids(shape: ListShape, params: Params, offset: number, limit: number): number[] {
    return this.snapshot(() => {
      const rids: number[] = [];
      let start = offset;
      for (const range of RANGES) {
        const sql = rangeRidsSql(shape, range, 'ASC');
        if (sql === null) continue;
        const read = this.statements.get(sql).pluck().all(Object.assign({}, params, { limit: start + limit - rids.length, offset: 0 })) as number[];
        if (read.length <= start) {
          start -= read.length;
          continue;
        }
        rids.push(...read.slice(start));
        start = 0;
        if (rids.length >= limit) break;
      }
      return rids;
    });
  }

  count(shape: ListShape, params: Params): number {
    return this.snapshot(() => {
      let total = 0;
      for (const size of this.sizes(shape, params).values()) total += size;
      return total;
    });
  }

  private rangeRids(shape: ListShape, range: ListRange, params: Params, start: number, take: number, size: number): number[] {
    // From the far end when that skips fewer rows: DESC with the mirrored offset, then reversed.
    const fromEnd = size - start - take < start;
    const direction: Direction = fromEnd ? 'DESC' : 'ASC';
    const sql = rangeRidsSql(shape, range, direction);
    if (sql === null) return [];
    const offset = fromEnd ? size - start - take : start;
    // Object.assign rather than a spread followed by new keys (README "Hot paths and the young generation").
    const rids = this.statements.get(sql).pluck().all(Object.assign({}, params, { limit: take, offset })) as number[];
    return fromEnd ? rids.reverse() : rids;
  }

  /** The size of each range of this view at params.now, in list order. */
  private sizes(shape: ListShape, params: Params): Map<ListRange, number> {
    const counts = this.rankCounts(shape, params);
    const sizes = new Map<ListRange, number>([['overdue', counts.before.reduce((sum, n) => sum + n, 0)]]);
    const notOverdue = (rank: number) => (counts.total[rank] ?? 0) - (counts.before[rank] ?? 0);
    sizes.set('urgent', notOverdue(0));
    sizes.set('high', notOverdue(1));
    sizes.set('normal', notOverdue(2));
    return sizes;
  }

  private rankCounts(shape: ListShape, params: Params): RankCounts {
    const now = Number(params.now);
    const version = this.statements.get(DATA_VERSION_SQL).pluck().get() as string;
    if (version !== this.version || this.counts.size > MAX_CACHED_VIEWS) {
      this.counts.clear();
      this.version = version;
    }
    const view: Params = { ...params };
    delete view.now;
    const key = `${shapeKey(shape)}|${JSON.stringify(view)}`;
    const ranks = PRIORITY_RANKS.filter((rank) => shape.priorityRank === null || rank === shape.priorityRank);
    const cached = this.counts.get(key);
    let counts: RankCounts;
    if (cached && cached.now <= now) {
      const since = cached.now;
      counts = {
        now,
        total: cached.total,
        before: PRIORITY_RANKS.map((rank) =>
          ranks.includes(rank) && since < now ? (cached.before[rank] ?? 0) + this.scalar(rankCountSql(shape, rank, 'since'), Object.assign({}, params, { since })) : (cached.before[rank] ?? 0),
        ),
      };
    } else {
      const count = (rank: number, window: 'any' | 'before') => (ranks.includes(rank) ? this.scalar(rankCountSql(shape, rank, window), params) : 0);
      counts = {
        now,
        total: PRIORITY_RANKS.map((rank) => count(rank, 'any')),
        before: PRIORITY_RANKS.map((rank) => count(rank, 'before')),
      };
    }
    this.counts.set(key, counts);
    return counts;
  }

  private scalar(sql: string, params: Params): number {
    return (this.statements.get(sql).pluck().get(params) as number | undefined) ?? 0;
  }
}
