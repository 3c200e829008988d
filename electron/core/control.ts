import path from 'node:path';
import { z } from 'zod';

/**
 * Control messages between the process that starts the core (Electron main, the tests, any Node
 * parent) and the core process entry (core/main.ts). They are not contract frames: they configure
 * the process and hand over channels; frames then travel inside them.
 */

export const initMessageSchema = z.object({
  type: z.literal('init'),
  /** The user-data folder; absolute, so that the core never depends on its working directory. */
  dataDir: z.string().min(1).max(4096).refine((dir) => path.isAbsolute(dir), 'dataDir must be an absolute path'),
  mode: z.enum(['training', 'gateway']),
  appVersion: z.string().min(1).max(64),
});
export type InitMessage = z.infer<typeof initMessageSchema>;

/** Electron main → core (utilityProcess): one MessagePortMain in `event.ports[0]` per window. */
export const connectMessageSchema = z.object({
  type: z.literal('connect'),
  windowId: z.number().int().nonnegative(),
});
export type ConnectMessage = z.infer<typeof connectMessageSchema>;

/** Node parent ↔ core (child_process.fork): one contract frame as JSON text, either way. */
export const frameMessageSchema = z.object({
  type: z.literal('frame'),
  data: z.string(),
});
export type FrameMessage = z.infer<typeof frameMessageSchema>;

export const parentMessageSchema = z.discriminatedUnion('type', [initMessageSchema, connectMessageSchema, frameMessageSchema]);
export type ParentMessage = z.infer<typeof parentMessageSchema>;

/** Core → parent, once after init. */
export const coreStatusSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('fatal'), message: z.string() }),
]);
export type CoreStatus = z.infer<typeof coreStatusSchema>;

/** The exit code of a core that could not start; its parent must not restart it in a loop. */
export const FATAL_EXIT_CODE = 2;
