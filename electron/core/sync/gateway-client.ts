import {
  assignmentResponseSchema,
  changesPageSchema,
  positionsPageSchema,
  problemSchema,
  referenceDataSchema,
  resultAcceptedSchema,
  sha256Schema,
  tokenResponseSchema,
  type ChangesPage,
  type GatewayTask,
  type JournalMessage,
  type Operator,
  type PositionsPage,
  type Problem,
  type ReferenceData,
  type ResultSubmission,
  type TokenResponse,
} from '../../../shared/contract/index.js';
import type { Logger } from '../log.js';
import { GatewayError, type AttachmentPut, type Gateway, type GatewayCredentials, type ResultAccepted } from './gateway.js';
import { parseRetryAfter } from './backoff.js';
import { HttpClient, parseJsonBody, type HttpRequest, type HttpResponse } from './http.js';
import { failureMessage } from './failure-message.js';
import type { Journal } from './journal.js';
import type { RequestLimiter } from './limiter.js';

export interface GatewayClientOptions {
  /** e.g. `https://gateway.example` or the simulator's `http://127.0.0.1:<port>`; paths go under /v1. */
  baseUrl: string;
  credentials: GatewayCredentials;
  log: Logger;
  /** Per request, body included (default 15 s). */
  timeoutMs?: number;
  /** Largest response body read (default 25 MiB). */
  maxBodyBytes?: number;
  /** Tests only; production uses Node's global fetch. */
  fetch?: typeof fetch;
  /** ms since epoch; decides when a cached token is too old to use. */
  clock?: () => number;
  /** Share one limiter between clients of the same workstation (default: the client's own). */
  limiter?: RequestLimiter;
  /** Sign-ins are recorded here; the pull and the pusher record their own calls. */
  journal?: Journal;
  /** After every call, the cargo stream's too: whether the gateway answered (see HttpOptions.onReach). */
  onReach?: (answered: boolean) => void;
}

/** What a listener gets after each sign-in, to keep it (encrypted) across restarts. */
export interface GatewayToken {
  accessToken: string;
  expiresAt: string;
  operator: Operator;
}

/** A cached token is not used in its last 10 % of life (at most 30 s), so it does not expire in flight. */
const MAX_EXPIRY_MARGIN_MS = 30_000;

interface HeldToken extends GatewayToken {
  /** Local clock time after which the token is not offered any more. */
  useUntil: number;
}

/**
 * The single-window gateway over HTTP (single-window-api.md). Signs in on first use and keeps the
 * token until shortly before it expires; a 401 on any call signs in again and retries that call
 * once, and a second 401 fails it. Every body is validated against the shared contract; every
 * failure is a GatewayError. Neither the token nor the password ever reaches a log line.
 */
export class GatewayClient implements Gateway {
  readonly baseUrl: string;
  private readonly http: HttpClient;
  private readonly fetchImpl: typeof fetch;
  private readonly log: Logger;
  private readonly clock: () => number;
  private readonly credentials: GatewayCredentials;
  private readonly journal: Journal | undefined;
  private readonly onReach: (answered: boolean) => void;
  private token: HeldToken | null = null;
  private signingIn: Promise<TokenResponse> | null = null;
  private readonly listeners = new Set<(token: GatewayToken) => void>();

  constructor(options: GatewayClientOptions) {
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    this.credentials = options.credentials;
    this.log = options.log;
    this.clock = options.clock ?? Date.now;
    this.journal = options.journal;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.onReach = options.onReach ?? (() => undefined);
    this.http = new HttpClient({
      onReach: this.onReach,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.limiter ? { limiter: options.limiter } : {}),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.maxBodyBytes === undefined ? {} : { maxBytes: options.maxBodyBytes }),
    });
  }

  get limiter(): RequestLimiter {
    return this.http.limiter;
  }

  /** The operator of the current token, or null before the first sign-in. */
  get operator(): Operator | null {
    return this.token?.operator ?? null;
  }

  /** Holds a token that is not (nearly) expired. */
  get signedIn(): boolean {
    return this.token !== null && this.token.useUntil > this.clock();
  }

  /** Called after every successful sign-in; returns the unsubscribe function. */
  onToken(listener: (token: GatewayToken) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Always asks for a new token (concurrent callers share one request). */
  signIn(): Promise<TokenResponse> {
    this.signingIn ??= this.requestToken().finally(() => {
      this.signingIn = null;
    });
    return this.signingIn;
  }

  async changes(cursor: string | null, limit: number): Promise<ChangesPage> {
    return parseJsonBody({ status: 200, body: await this.changesBody(cursor, limit) }, changesPageSchema, 'GET /v1/tasks/changes');
  }

  async changesBody(cursor: string | null, limit: number): Promise<Buffer> {
    const query = new URLSearchParams();
    if (cursor !== null) query.set('cursor', cursor);
    query.set('limit', String(limit));
    const call = 'GET /v1/tasks/changes';
    const response = await this.authorized(call, (token) => ({ method: 'GET', url: this.url(`/v1/tasks/changes?${query.toString()}`), headers: jsonHeaders(token) }));
    if (response.status !== 200) throw failure(call, response);
    return response.body;
  }

  async putAttachment(sha256: string, body: Buffer, mediaType: string): Promise<AttachmentPut> {
    if (!sha256Schema.safeParse(sha256).success) throw new TypeError('putAttachment needs a lower-case hex sha256');
    const call = 'PUT /v1/attachments';
    const response = await this.authorized(call, (token) => ({
      method: 'PUT',
      url: this.url(`/v1/attachments/${sha256}`),
      headers: { authorization: `Bearer ${token}`, 'content-type': mediaType, accept: 'application/json, application/problem+json' },
      body,
    }));
    if (response.status === 201) return 'stored';
    if (response.status === 200) return 'already_stored';
    throw failure(call, response);
  }

  async postResult(taskId: string, submission: ResultSubmission, idempotencyKey: string): Promise<ResultAccepted> {
    const call = 'POST /v1/tasks/{taskId}/results';
    const body = JSON.stringify(submission);
    const response = await this.authorized(call, (token) => ({
      method: 'POST',
      url: this.url(`/v1/tasks/${encodeURIComponent(taskId)}/results`),
      headers: { ...jsonHeaders(token), 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body,
    }));
    if (response.status !== 201 && response.status !== 200) throw failure(call, response);
    const accepted = parseJsonBody(response, resultAcceptedSchema, call);
    return { status: response.status, task: accepted.task };
  }

  /** Supervisors: sets the task's assignees (not part of the Gateway interface the sync code uses). */
  async assign(taskId: string, assignedTo: readonly string[], baseVersion: number, idempotencyKey: string): Promise<GatewayTask> {
    const call = 'POST /v1/tasks/{taskId}/assignment';
    const body = JSON.stringify({ assignedTo, baseVersion });
    const response = await this.authorized(call, (token) => ({
      method: 'POST',
      url: this.url(`/v1/tasks/${encodeURIComponent(taskId)}/assignment`),
      headers: { ...jsonHeaders(token), 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body,
    }));
    if (response.status !== 200) throw failure(call, response);
    return parseJsonBody(response, assignmentResponseSchema, call).task;
  }

  async reference(etag: string | null): Promise<{ data: ReferenceData; etag: string | null } | 'not_modified'> {
    const call = 'GET /v1/reference';
    const response = await this.authorized(call, (token) => ({
      method: 'GET',
      url: this.url('/v1/reference'),
      headers: { ...jsonHeaders(token), ...(etag === null ? {} : { 'if-none-match': etag }) },
    }));
    if (response.status === 304) return 'not_modified';
    if (response.status !== 200) throw failure(call, response);
    return { data: parseJsonBody(response, referenceDataSchema, call), etag: response.headers.get('etag') };
  }

  /** GET /v1/cargo/positions: positions whose `at` is after `since` (null: from the oldest held), oldest first. */
  async positions(since: string | null, limit: number): Promise<PositionsPage> {
    const query = new URLSearchParams();
    if (since !== null) query.set('since', since);
    query.set('limit', String(limit));
    const call = 'GET /v1/cargo/positions';
    const response = await this.authorized(call, (token) => ({ method: 'GET', url: this.url(`/v1/cargo/positions?${query.toString()}`), headers: jsonHeaders(token) }));
    if (response.status !== 200) throw failure(call, response);
    return parseJsonBody(response, positionsPageSchema, call);
  }

  /**
   * GET /v1/cargo/stream: hands each piece of the event stream's text to `onText` until the gateway
   * ends it (resolves) or `signal` aborts it. The open stream holds one of the workstation's 8
   * request slots, as the contract counts it. A refusal (any status but 200) is a GatewayError 'http'
   * after one fresh sign-in for a 401; a connection lost mid-stream is 'transport'.
   */
  async cargoStream(lastEventId: string | null, signal: AbortSignal, onText: (text: string) => void): Promise<void> {
    const call = 'GET /v1/cargo/stream';
    const open = async (token: string): Promise<Response> => {
      const response = await this.fetchImpl(this.url('/v1/cargo/stream'), {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...(lastEventId === null ? {} : { 'last-event-id': lastEventId }) },
        signal,
        redirect: 'error',
      });
      this.onReach(true);
      return response;
    };
    await this.http.limiter.run(async () => {
      try {
        const first = await this.validToken();
        let response = await open(first);
        if (response.status === 401) {
          await response.body?.cancel();
          if (this.token?.accessToken === first) this.token = null;
          response = await open(await this.validToken());
        }
        if (response.status !== 200 || response.body === null) {
          const body = Buffer.from(await response.arrayBuffer());
          throw failure(call, { status: response.status, headers: response.headers, body, durationMs: 0, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), Date.now()) });
        }
        const decoder = new TextDecoder();
        // The body of a fetch Response is bytes; the typings leave its chunks untyped.
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        // Stopping must end a pending read whatever state the body is in: cancel it outright.
        const cancel = (): void => {
          reader.cancel().catch(() => undefined);
        };
        signal.addEventListener('abort', cancel, { once: true });
        try {
          for (;;) {
            if (signal.aborted) throw new GatewayError({ kind: 'transport', message: `${call}: stopped` });
            const { done, value } = await reader.read();
            if (done) break;
            onText(decoder.decode(value, { stream: true }));
          }
        } finally {
          signal.removeEventListener('abort', cancel);
        }
      } catch (error) {
        if (error instanceof GatewayError || signal.aborted) throw error;
        // Refused or cut off: the stream is usually the first to know the gateway went away.
        this.onReach(false);
        throw new GatewayError({ kind: 'transport', message: `${call}: ${error instanceof Error ? error.message : String(error)}` });
      }
    });
  }

  /**
   * Sends a call with a valid token. On a 401 the token is dropped, a new one obtained (unless a
   * concurrent call already did) and the call sent once more; the second answer is final.
   */
  private async authorized(call: string, build: (token: string) => HttpRequest): Promise<HttpResponse> {
    const first = await this.validToken();
    const response = await this.http.request(build(first));
    this.log.debug('gateway call', { call, status: response.status, durationMs: response.durationMs });
    if (response.status !== 401) return response;

    this.log.info('token refused; signing in again', { call });
    if (this.token?.accessToken === first) this.token = null;
    const second = await this.validToken();
    const retried = await this.http.request(build(second));
    this.log.debug('gateway call (after sign-in)', { call, status: retried.status, durationMs: retried.durationMs });
    return retried;
  }

  private async validToken(): Promise<string> {
    if (this.token && this.token.useUntil > this.clock()) return this.token.accessToken;
    return (await this.signIn()).accessToken;
  }

  private async requestToken(): Promise<TokenResponse> {
    const call = 'POST /v1/auth/token';
    const body = JSON.stringify(this.credentials);
    let response: HttpResponse;
    try {
      response = await this.http.request({
        method: 'POST',
        url: this.url('/v1/auth/token'),
        headers: { 'content-type': 'application/json', accept: 'application/json, application/problem+json' },
        body,
      });
    } catch (error) {
      this.record(call, 'error', null, 0, { key: 'signIn.failed', params: { reason: failureMessage(error) } });
      throw error;
    }
    if (response.status === 401) {
      const problem = readProblem(response);
      const { operatorId } = this.credentials;
      const message = `the gateway refused the sign-in of operator ${operatorId}${problem ? `: ${problem.title}` : ''}`;
      this.log.warn('sign-in refused', { operatorId, status: 401 });
      this.record(call, 'error', 401, response.durationMs, problem ? { key: 'signIn.refusedWithReason', params: { operatorId, reason: problem.title } } : { key: 'signIn.refused', params: { operatorId } });
      throw new GatewayError({ kind: 'credentials', message });
    }
    if (response.status !== 200) {
      const error = failure(call, response);
      this.record(call, 'error', response.status, response.durationMs, { key: 'signIn.failed', params: { reason: failureMessage(error) } });
      throw error;
    }
    let token: TokenResponse;
    try {
      token = parseJsonBody(response, tokenResponseSchema, call);
    } catch (error) {
      this.record(call, 'error', response.status, response.durationMs, { key: 'signIn.failed', params: { reason: failureMessage(error) } });
      throw error;
    }
    this.token = hold(token, this.clock());
    this.log.info('signed in', { operatorId: token.operator.id, portCode: token.operator.portCode, expiresAt: token.expiresAt });
    this.record(call, 'ok', 200, response.durationMs, { key: 'signIn.ok', params: { operatorId: token.operator.id, until: token.expiresAt } });
    for (const listener of this.listeners) {
      try {
        listener({ accessToken: token.accessToken, expiresAt: token.expiresAt, operator: token.operator });
      } catch (error) {
        this.log.error('token listener failed', { error });
      }
    }
    return token;
  }

  private record(call: string, outcome: 'ok' | 'error', status: number | null, durationMs: number, message: JournalMessage): void {
    this.journal?.record({ call, outcome, status, durationMs, message });
  }

  private url(pathAndQuery: string): string {
    return `${this.baseUrl}${pathAndQuery}`;
  }
}

function hold(token: GatewayToken, now: number): HeldToken {
  const expires = Date.parse(token.expiresAt);
  const lifetime = expires - now;
  // Clocks differ between workstation and gateway; a token that looks expired on arrival is still
  // tried (a 401 will tell), for at most a minute.
  const useUntil = lifetime > 0 ? expires - Math.min(MAX_EXPIRY_MARGIN_MS, lifetime / 10) : now + 60_000;
  return { accessToken: token.accessToken, expiresAt: token.expiresAt, operator: token.operator, useUntil };
}

function jsonHeaders(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}`, accept: 'application/json, application/problem+json' };
}

/** A trailing slash or a trailing /v1 in the configured address would double up in the paths. */
function normalizeBaseUrl(value: string): string {
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`the gateway address must be http(s), got ${url.protocol}`);
  return url.href.replace(/\/+$/, '').replace(/\/v1$/, '');
}

function readProblem(response: HttpResponse): Problem | null {
  try {
    const parsed = problemSchema.safeParse(JSON.parse(response.body.toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A non-2xx answer as data: the problem document when there is one, code 'unknown' when not. */
function failure(call: string, response: HttpResponse): GatewayError {
  const problem = readProblem(response);
  const code = problem?.code ?? 'unknown';
  const title = problem ? `: ${problem.title}` : '';
  return new GatewayError({
    kind: 'http',
    status: response.status,
    code,
    problem,
    retryAfterMs: response.retryAfterMs,
    message: `${call} answered ${response.status} ${code}${title}`,
  });
}
