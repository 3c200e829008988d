import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Position, positionsPageSchema } from '../../shared/contract/gateway.js';
import type { AuthedContext } from './context.js';
import { intParam } from './feed.js';
import { badRequest, json, type Delivery, type HttpResponse } from './http-io.js';
import type { PositionLog } from './position-log.js';
import { iso } from './world.js';

const DEFAULT_POSITIONS_LIMIT = 1000;
const MAX_POSITIONS_LIMIT = 10_000;
const HEARTBEAT_MS = 15_000;
/** A stream whose reader fell this far behind is closed; it resumes with Last-Event-ID. */
const MAX_STREAM_BACKLOG_BYTES = 8 * 1024 * 1024;
const isoTime = z.iso.datetime({ offset: true });

/** GET /v1/cargo/positions?since=&limit= */
export function positionsPage(ctx: AuthedContext, log: PositionLog, now: number): HttpResponse {
  const params = ctx.url.searchParams;
  const limit = intParam(params, 'limit', 1, MAX_POSITIONS_LIMIT);
  if (limit === null) return badRequest(`limit must be an integer in 1..${MAX_POSITIONS_LIMIT}`);
  const since = params.get('since');
  if (since !== null && !isoTime.safeParse(since).success) return badRequest('since must be an RFC 3339 time');
  const body: z.infer<typeof positionsPageSchema> = {
    positions: log.since(since === null ? undefined : Date.parse(since), limit ?? DEFAULT_POSITIONS_LIMIT),
    serverTime: iso(now),
  };
  return json(200, body);
}

const eventText = (p: Position): string => `id: ${p.eventId}\nevent: position\ndata: ${JSON.stringify(p)}\n\n`;

/**
 * GET /v1/cargo/stream (text/event-stream). Resumes after Last-Event-ID when the buffer still
 * holds it; otherwise starts with the newest position of every cargo. Then live, with a comment
 * line every 15 s so proxies and clients can tell a quiet stream from a dead one.
 */
export class CargoStreams {
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly log: PositionLog) {}

  get count(): number {
    return this.open.size;
  }

  start(ctx: AuthedContext, delivery: Delivery): void {
    const { res } = ctx;
    const header = ctx.req.headers['last-event-id'];
    const lastEventId = typeof header === 'string' && header.trim() !== '' ? header.trim() : undefined;
    const backlog = (lastEventId === undefined ? undefined : this.log.after(lastEventId)) ?? this.log.latest();

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    for (const position of backlog) res.write(eventText(position));
    if (delivery !== 'intact') {
      // A stream cut off mid-event (or at once): the client must drop the partial event and resume.
      if (delivery === 'truncate') res.write('id: cut\nevent: position\ndata: {"eventId":');
      res.destroy();
      return;
    }

    this.open.add(res);
    const unsubscribe = this.log.subscribe((position) => {
      res.write(eventText(position));
      if (res.writableLength > MAX_STREAM_BACKLOG_BYTES) res.destroy();
    });
    const heartbeat = setInterval(() => {
      res.write(': heartbeat\n\n');
    }, HEARTBEAT_MS);
    heartbeat.unref();
    res.once('close', () => {
      unsubscribe();
      clearInterval(heartbeat);
      this.open.delete(res);
    });
  }

  closeAll(): void {
    for (const res of this.open) res.destroy();
    this.open.clear();
  }
}
