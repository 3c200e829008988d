import { z } from 'zod';
import { callerRoleSchema } from './enums.js';

export const appInfoSchema = z.object({
  version: z.string(),
  /** training: the built-in single-window simulator on loopback; gateway: a configured gateway. */
  mode: z.enum(['training', 'gateway']),
  /** The caller's roles. */
  roles: z.array(callerRoleSchema),
  taskCount: z.number().int().nonnegative(),
});

export const emptyInputSchema = z.strictObject({}).default({});
