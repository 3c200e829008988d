import { z } from 'zod';

/**
 * Training mode under Electron: the core runs in a utility process, which cannot start processes of
 * its own without running Electron as Node (ELECTRON_RUN_AS_NODE, a fuse the package turns off). So
 * the core asks main, over the same control channel as its init and status messages, to start the
 * simulator as another utility process, and main answers with its URL. These are those messages.
 */

/** Sizes the core may ask for: the training world is small, and main never starts an unbounded one. */
const count = (max: number) => z.number().int().min(0).max(max);

/** Core → main. `requestId` names the request; a started simulator is then known by it. */
export const trainingRequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('training:start'),
    requestId: z.number().int().positive(),
    seed: count(Number.MAX_SAFE_INTEGER),
    tasks: count(20_000),
    cargo: count(5_000),
  }),
  z.object({ type: z.literal('training:stop'), requestId: z.number().int().positive() }),
]);
export type TrainingRequest = z.infer<typeof trainingRequestSchema>;

/** The simulator's URL as main reports it: loopback only, so a confused main can never send the core elsewhere. */
export const TRAINING_URL = /^http:\/\/127\.0\.0\.1:\d{1,5}$/;

/** Main → core. */
export const trainingReplySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('training:started'), requestId: z.number().int().positive(), url: z.string().regex(TRAINING_URL) }),
  z.object({ type: z.literal('training:failed'), requestId: z.number().int().positive(), message: z.string().max(2000) }),
  z.object({ type: z.literal('training:stopped'), requestId: z.number().int().positive() }),
]);
export type TrainingReply = z.infer<typeof trainingReplySchema>;
