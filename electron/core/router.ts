import {
  fail,
  isMethodName,
  issuesOf,
  MAX_FRAME_BYTES,
  methods,
  ok,
  requestFrameSchema,
  type ErrorCode,
  type MethodName,
  type MethodOutput,
  type ParsedInput,
  type ResponseFrame,
  type Result,
  type CallerRole,
} from '../../shared/contract/index.js';
import type { ChannelSession } from './auth/channel-session.js';
import type { Logger } from './log.js';

/** Who sent a frame: the account signed in on the channel at the time of the call. */
export interface Caller {
  readonly roles: readonly CallerRole[];
  readonly operatorId?: string;
  /** The channel's session, for the session's own calls; absent when a test or bench passes a fixed caller. */
  readonly channel?: ChannelSession;
}

/**
 * Decides the caller at each call (a channel's session, auth/channel-session.ts): it may refuse
 * (`unauthenticated`, `locked`) or run the call as the account signed in now.
 */
export interface CallerSource {
  call(method: MethodName, run: (caller: Caller) => Promise<Result<unknown>>): Promise<Result<unknown>>;
}

export type Handlers = {
  [M in MethodName]: (input: ParsedInput<M>, caller: Caller) => MethodOutput<M> | Promise<MethodOutput<M>>;
};

/** A failure a handler reports on purpose (not found, forbidden…); anything else thrown is `internal`. */
export class CallFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface Router {
  /**
   * Takes one raw frame (JSON text from a WebSocket, or a structured-clone object from a MessagePort).
   * Channels pass their session; tests and benches may pass a fixed caller, treated as signed in.
   */
  handle(raw: unknown, from: Caller | CallerSource): Promise<ResponseFrame>;
}

export function createRouter(handlers: Handlers, log: Logger): Router {
  const answer = (id: number | null, result: Result<unknown>): ResponseFrame => ({ type: 'response', id, result });

  const route = async (raw: unknown, from: Caller | CallerSource): Promise<ResponseFrame> => {
    const decoded = decode(raw);
    if (!decoded.ok) return answer(null, decoded);
    const frame = requestFrameSchema.safeParse(decoded.value);
    if (!frame.success) {
      return answer(idOf(decoded.value), fail('bad_frame', 'frame is not a request', issuesOf(frame.error)));
    }
    const { id, method, input } = frame.data;
    if (!isMethodName(method)) return answer(id, fail('unknown_method', `no method named ${method}`));
    const spec = methods[method];
    const run = async (caller: Caller): Promise<Result<unknown>> => {
      if (!spec.signedOut && !spec.roles.some((role) => caller.roles.includes(role))) {
        log.warn('call refused: role', { method, roles: caller.roles });
        return fail('forbidden', `${method} is not allowed for this account`);
      }
      const parsed = spec.input.safeParse(input);
      if (!parsed.success) return fail('invalid_input', `invalid input for ${method}`, issuesOf(parsed.error));
      try {
        const handler = handlers[method] as (input: unknown, caller: Caller) => unknown;
        return ok(await handler(parsed.data, caller));
      } catch (error) {
        if (error instanceof CallFailure) return fail(error.code, error.message);
        log.error('handler failed', { method, error });
        return fail('internal', `${method} failed inside the core; see the core log`);
      }
    };
    try {
      return answer(id, 'call' in from ? await from.call(method, run) : await run(from));
    } catch (error) {
      // Outside the handler: the channel's session could not be read (the database closed under a
      // frame that arrived while the core was stopping). Answered, never a rejection nobody handles.
      log.error('call failed before its handler', { method, error });
      return answer(id, fail('internal', `${method} failed inside the core; see the core log`));
    }
  };

  // Frames handed in but not yet answered. A frame that arrives while another is still open waits
  // for the next turn of the event loop: frames that arrive together (a page and its count, sent in
  // one go by the list) would otherwise run back to back before any answer is sent, and the page's
  // answer, ready in 4 ms, waited behind the count's 50 ms of SQL. A frame on its own starts at once:
  // the turn costs a list page ~5% of its time for nothing to let through.
  let open = 0;

  return {
    async handle(raw, from) {
      open++;
      try {
        if (open > 1) await new Promise<void>((resolve) => setImmediate(resolve));
        return await route(raw, from);
      } finally {
        open--;
      }
    },
  };
}

function decode(raw: unknown): Result<unknown> {
  if (typeof raw !== 'string') return ok(raw);
  // A UTF-16 code unit is at most 3 bytes of UTF-8: a frame this short is under the limit without
  // counting its bytes (a scan of the whole text, half what parsing a draft typed in Chinese cost).
  if (raw.length * 3 > MAX_FRAME_BYTES && Buffer.byteLength(raw, 'utf8') > MAX_FRAME_BYTES) {
    return fail('frame_too_large', `frame is larger than ${MAX_FRAME_BYTES} bytes`);
  }
  try {
    return ok(JSON.parse(raw) as unknown);
  } catch {
    return fail('bad_frame', 'frame is not valid JSON');
  }
}

function idOf(value: unknown): number | null {
  if (typeof value !== 'object' || value === null || !('id' in value)) return null;
  const { id } = value;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}
