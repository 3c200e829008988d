import type {
  ChangesPage,
  GatewayTask,
  Problem,
  ReferenceData,
  ResultSubmission,
  TokenResponse,
} from '../../../shared/contract/index.js';

/**
 * What can go wrong talking to the single window, as data. Every response body is size-capped and
 * validated before use: a truncated or malformed body is `invalid_body`, never partial data.
 */
export type GatewayFailure =
  | { kind: 'transport'; message: string } // refused, reset, closed mid-body
  | { kind: 'timeout'; message: string }
  | { kind: 'invalid_body'; status: number; message: string } // not JSON, truncated, or not the contract's shape
  | { kind: 'too_large'; status: number; message: string } // body above the cap, not read further
  | { kind: 'credentials'; message: string } // sign-in refused: wrong operator or password
  | { kind: 'http'; status: number; code: string; problem: Problem | null; retryAfterMs: number | null; message: string };

export class GatewayError extends Error {
  constructor(readonly failure: GatewayFailure) {
    super(failure.message);
    this.name = 'GatewayError';
  }
}

/** Failures worth trying again later with backoff; the others need a person or a change of data. */
export function isRetryable(failure: GatewayFailure): boolean {
  switch (failure.kind) {
    case 'transport':
    case 'timeout':
    case 'invalid_body':
      return true;
    case 'http':
      return failure.status >= 500 || failure.status === 429 || failure.status === 401;
    case 'too_large':
    case 'credentials':
      return false;
  }
}

/** The gateway gave no answer at all (refused, reset, closed mid-body, out of time): it is offline from here. */
export function isUnanswered(failure: GatewayFailure): boolean {
  return failure.kind === 'transport' || failure.kind === 'timeout';
}

export interface GatewayCredentials {
  operatorId: string;
  password: string;
  workstationId: string;
}

export type AttachmentPut = 'stored' | 'already_stored';
export interface ResultAccepted {
  /** 201 the first time, 200 when the gateway already had this resultId (a replay). */
  status: 201 | 200;
  task: GatewayTask;
}

/**
 * The single-window gateway as the sync code uses it (single-window-api.md). Implementations sign
 * in on first use, refresh the token on a 401 and retry that call once, keep at most 8 requests in
 * flight, honour Retry-After, and throw GatewayError for every failure.
 */
export interface Gateway {
  signIn(): Promise<TokenResponse>;
  changes(cursor: string | null, limit: number): Promise<ChangesPage>;
  /** The same call's 200 body, unparsed: the pull hands it to where pages are written (page-body.ts). */
  changesBody(cursor: string | null, limit: number): Promise<Uint8Array>;
  putAttachment(sha256: string, body: Buffer, mediaType: string): Promise<AttachmentPut>;
  /** 409 task_changed, 422 invalid_result and 424 attachment_missing arrive as GatewayError kind 'http'. */
  postResult(taskId: string, submission: ResultSubmission, idempotencyKey: string): Promise<ResultAccepted>;
  reference(etag: string | null): Promise<{ data: ReferenceData; etag: string | null } | 'not_modified'>;
}
