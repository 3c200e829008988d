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
  /** Run sync with the single window (the configured gateway, or the training simulator). */
  sync: z.boolean(),
  appVersion: z.string().min(1).max(64),
  /**
   * Electron only: the data key main unwrapped with safeStorage, base64 of 32 bytes. Absent: the core
   * uses its key file `<dataDir>/keys/data.key` (headless host). Never logged.
   */
  dataKey: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'dataKey must be base64 of 32 bytes')
    .optional(),
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

/**
 * Core → parent: ready or fatal once after init; `map` just before ready and whenever an admin switches the
 * map between the offline basemap and Mapbox (Electron main opens app://'s CSP to Mapbox's hosts).
 */
export const coreStatusSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('fatal'), message: z.string() }),
  z.object({ type: z.literal('map'), mapbox: z.boolean() }),
]);
export type CoreStatus = z.infer<typeof coreStatusSchema>;

/** The exit code of a core that could not start; its parent must not restart it in a loop. */
export const FATAL_EXIT_CODE = 2;
