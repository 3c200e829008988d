import { z } from 'zod';
import { errorSchema } from './result.js';

/**
 * Frames on the message channel between renderer and core. The same frames travel over the
 * MessagePort (Electron) and the WebSocket (headless host, as JSON text).
 */
export const MAX_FRAME_BYTES = 1024 * 1024;

export const requestFrameSchema = z.object({
  type: z.literal('request'),
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  method: z.string().min(1).max(64),
  input: z.unknown(),
});
export type RequestFrame = z.infer<typeof requestFrameSchema>;

export const responseFrameSchema = z.object({
  type: z.literal('response'),
  /** null when the request could not be read far enough to know its id. */
  id: z.number().int().nonnegative().nullable(),
  result: z.union([
    z.object({ ok: z.literal(true), value: z.unknown() }),
    z.object({ ok: z.literal(false), error: errorSchema }),
  ]),
});
export type ResponseFrame = z.infer<typeof responseFrameSchema>;

export const eventFrameSchema = z.object({
  type: z.literal('event'),
  name: z.string().min(1).max(64),
  payload: z.unknown(),
});

export const serverFrameSchema = z.discriminatedUnion('type', [responseFrameSchema, eventFrameSchema]);
