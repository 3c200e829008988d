import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_GATEWAY_BODY_BYTES, MAX_IN_FLIGHT, tokenRequestSchema } from '../../shared/contract/gateway.js';
import type { AssignmentEndpoint } from './assignment.js';
import type { AttachmentStore } from './attachments.js';
import { positionsPage, type CargoStreams } from './cargo-http.js';
import type { AuthedContext, RequestContext } from './context.js';
import type { FaultInjector } from './faults.js';
import type { ChangeFeed } from './feed.js';
import { badRequest, ClientGone, HttpError, json, problem, readJson, send, tooLarge, type Delivery, type HttpResponse } from './http-io.js';
import type { InFlightLimiter } from './in-flight.js';
import type { PositionLog } from './position-log.js';
import { matchesEtag, type Reference } from './reference.js';
import { zodErrors } from './result-rules.js';
import type { ResultsEndpoint } from './results.js';
import type { TokenStore } from './tokens.js';
import type { TaskRecord, TaskWorld } from './world.js';

export interface RouterDeps {
  readonly tokens: TokenStore;
  readonly inFlight: InFlightLimiter;
  readonly faults: FaultInjector;
  readonly world: TaskWorld;
  readonly feed: ChangeFeed;
  readonly results: ResultsEndpoint;
  readonly assignment: AssignmentEndpoint;
  readonly attachments: AttachmentStore;
  readonly reference: Reference;
  readonly positions: PositionLog;
  readonly streams: CargoStreams;
  readonly now: () => number;
}

type Answer = HttpResponse | 'streamed';
type Route =
  | { readonly method: string; readonly path: RegExp; readonly auth: false; handle(ctx: RequestContext): Promise<HttpResponse> }
  | { readonly method: string; readonly path: RegExp; readonly auth: true; handle(ctx: AuthedContext, delivery: Delivery): Answer | Promise<Answer> };

const RETRY_AFTER_SECONDS = '1';

function routes(deps: RouterDeps): Route[] {
  /** The task named in the path, within the operator's port; 404 otherwise. */
  const taskOf = (ctx: AuthedContext): TaskRecord => {
    const taskId = ctx.params[0] ?? '';
    const record = deps.world.get(taskId);
    if (record?.task.portCode !== ctx.session.operator.portCode) throw new HttpError(problem(404, 'not_found', `no task ${taskId}`));
    return record;
  };
  return [
    {
      method: 'POST',
      path: /^\/v1\/auth\/token$/,
      auth: false,
      async handle(ctx) {
        const parsed = tokenRequestSchema.safeParse(await readJson(ctx.req));
        if (!parsed.success) return problem(400, 'bad_request', 'operatorId, password and workstationId are all required', { errors: zodErrors(parsed.error) });
        const issued = deps.tokens.issue(parsed.data);
        return issued === undefined ? problem(401, 'invalid_credentials', 'unknown operator or wrong password') : json(200, issued);
      },
    },
    { method: 'GET', path: /^\/v1\/tasks\/changes$/, auth: true, handle: (ctx) => deps.feed.handle(ctx) },
    { method: 'POST', path: /^\/v1\/tasks\/([^/]+)\/results$/, auth: true, handle: (ctx) => deps.results.handle(ctx, taskOf(ctx)) },
    { method: 'POST', path: /^\/v1\/tasks\/([^/]+)\/assignment$/, auth: true, handle: (ctx) => deps.assignment.handle(ctx, taskOf(ctx)) },
    { method: 'PUT', path: /^\/v1\/attachments\/([^/]+)$/, auth: true, handle: (ctx) => deps.attachments.put(ctx.req, ctx.params[0] ?? '') },
    {
      method: 'GET',
      path: /^\/v1\/reference$/,
      auth: true,
      handle(ctx) {
        const { etag, body } = deps.reference;
        const headers = { etag, 'cache-control': 'no-cache' };
        if (matchesEtag(ctx.req.headers['if-none-match'], etag)) return { status: 304, headers, body: '' };
        return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body };
      },
    },
    { method: 'GET', path: /^\/v1\/cargo\/positions$/, auth: true, handle: (ctx) => positionsPage(ctx, deps.positions, deps.now()) },
    {
      method: 'GET',
      path: /^\/v1\/cargo\/stream$/,
      auth: true,
      handle(ctx, delivery) {
        deps.streams.start(ctx, delivery);
        return 'streamed';
      },
    },
  ];
}

type Match = { route: Route; params: string[] } | { allow: string } | undefined;

function match(table: readonly Route[], method: string, pathname: string): Match {
  const allowed: string[] = [];
  for (const route of table) {
    const m = route.path.exec(pathname);
    if (m === null) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }
    // decodeURIComponent throws on a malformed escape: that is the client's bad input (400).
    return { route, params: m.slice(1).map((p) => decodeURIComponent(p)) };
  }
  return allowed.length > 0 ? { allow: allowed.join(', ') } : undefined;
}

/**
 * The request pipeline: route (404/405), random fault, sign-in check (401), in-flight limit per
 * workstation (429), declared size (413), handler, then the response with the fault's delivery.
 * Nothing a client sends can make it answer 5xx; only a bug (or a simulated fault) does.
 */
export function createRequestHandler(deps: RouterDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const table = routes(deps);

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    let found: Match;
    try {
      url = new URL(req.url ?? '/', 'http://simulator.invalid');
      found = match(table, req.method ?? 'GET', url.pathname);
    } catch {
      send(res, badRequest('the request target is not a valid URL'));
      return;
    }
    if (found === undefined) {
      send(res, problem(404, 'not_found', `no such path: ${url.pathname}`));
      return;
    }
    if (!('route' in found)) {
      send(res, problem(405, 'method_not_allowed', `use ${found.allow}`, {}, { allow: found.allow }));
      return;
    }

    const fault = deps.faults.next();
    switch (fault) {
      case 'status_500':
        send(res, problem(500, 'internal', 'simulated failure'));
        return;
      case 'status_503':
        send(res, problem(503, 'unavailable', 'simulated outage', {}, { 'retry-after': RETRY_AFTER_SECONDS }));
        return;
      case 'reset_before':
        req.socket.destroy();
        return;
      default:
    }
    const delivery: Delivery = fault === 'reset_after' ? 'reset' : fault === 'truncate' ? 'truncate' : 'intact';

    if (Number(req.headers['content-length'] ?? 0) > MAX_GATEWAY_BODY_BYTES) {
      send(res, tooLarge());
      return;
    }
    const ctx: RequestContext = { req, res, url, params: found.params };
    const { route } = found;
    if (!route.auth) {
      send(res, await route.handle(ctx), delivery);
      return;
    }

    const session = deps.tokens.verify(req.headers.authorization);
    if (session === undefined) {
      send(res, problem(401, 'unauthorized', 'the access token is missing, expired or revoked: sign in again', {}, { 'www-authenticate': 'Bearer' }));
      return;
    }
    const release = deps.inFlight.tryEnter(session.workstationId);
    if (release === undefined) {
      send(res, problem(429, 'too_many_requests', `at most ${MAX_IN_FLIGHT} requests in flight per workstation`, {}, { 'retry-after': RETRY_AFTER_SECONDS }));
      return;
    }
    res.once('close', release);
    const answer = await route.handle({ ...ctx, session }, delivery);
    if (answer !== 'streamed') send(res, answer, delivery);
  }

  return (req, res) => {
    dispatch(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) send(res, error.response);
      else if (error instanceof ClientGone) res.destroy();
      else {
        process.stderr.write(`simulator: ${req.method ?? '?'} ${req.url ?? '?'} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        send(res, problem(500, 'internal', 'the simulator failed; see its log'));
      }
    });
  };
}
