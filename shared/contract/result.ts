import { z } from 'zod';

/** Error codes the core answers with; nothing throws across the boundary. */
export const errorCodes = [
  'bad_frame',
  'frame_too_large',
  'unknown_method',
  'invalid_input',
  'forbidden',
  'not_found',
  'unavailable',
  'internal',
  /** The client's own: no answer within the call's time limit (the core may still finish it). */
  'timeout',
  /** settings:setGateway: results for the current gateway are unsettled (the message names them); park them or resolve them first. */
  'results_unresolved',
  /** The channel has not signed in (or signed out, or its account was disabled): only app:info and session:* answer. */
  'unauthenticated',
  /** The session is idle-locked: session:unlock with the same account's password opens it again. */
  'locked',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const errorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type CallError = z.infer<typeof errorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: CallError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, issues?: CallError['issues']): { ok: false; error: CallError } {
  return issues ? { ok: false, error: { code, message, issues } } : { ok: false, error: { code, message } };
}

/** Flattens zod issues into `path: message` pairs a person can read. */
export function issuesOf(error: z.ZodError): NonNullable<CallError['issues']> {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
