import { z } from 'zod';
import { roleSchema } from './enums.js';

export const appInfoSchema = z.object({
  version: z.string(),
  /** training: the built-in single-window simulator on loopback; gateway: a configured gateway. */
  mode: z.enum(['training', 'gateway']),
  roles: z.array(roleSchema),
  taskCount: z.number().int().nonnegative(),
});

export const emptyInputSchema = z.strictObject({}).default({});
