import { z } from 'zod';
import { agencySchema, roleSchema } from './enums.js';

/**
 * Local accounts and the session each channel signs in to (issue 8, point 1). A channel (a window's
 * MessagePort, a browser tab's WebSocket) starts signed out; the core answers only `app:info` and
 * the session calls until it signs in, and takes the caller's roles from the session at each call.
 */
export const MIN_PASSWORD_LENGTH = 10;

const operatorIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, underscore and hyphen only');
/** What a person typed: never trimmed (spaces may be part of it), bounded so hashing stays cheap. */
const typedPasswordSchema = z.string().min(1).max(256);
const newPasswordSchema = z.string().min(MIN_PASSWORD_LENGTH).max(256);
const nameSchema = z.string().trim().min(1).max(100);
const rolesSchema = z.array(roleSchema).min(1).max(3).refine((list) => new Set(list).size === list.length, 'each role once');

export const sessionStatusSchema = z.discriminatedUnion('signedIn', [
  z.object({
    signedIn: z.literal(false),
    /** No enabled real admin exists yet: the sign-in screen offers to create the first one. */
    firstRun: z.boolean(),
    mode: z.enum(['training', 'gateway']),
  }),
  z.object({
    signedIn: z.literal(true),
    operatorId: z.string(),
    name: z.string(),
    roles: z.array(roleSchema),
    agency: agencySchema,
    training: z.boolean(),
    /** Idle too long: every call but the session's own answers `locked` until session:unlock. */
    locked: z.boolean(),
    idleLockMinutes: z.number().int().positive(),
    mode: z.enum(['training', 'gateway']),
  }),
  /**
   * A wall display's channel (the headless host's wall token): signed in as the read-only `wall`
   * role with no account, so no name or operator id; it never locks and cannot sign in as anyone.
   */
  z.object({
    signedIn: z.literal('wall'),
    roles: z.array(z.literal('wall')),
    mode: z.enum(['training', 'gateway']),
  }),
]);
export type SessionStatus = z.infer<typeof sessionStatusSchema>;

export const signInInputSchema = z.strictObject({ operatorId: operatorIdSchema, password: typedPasswordSchema });
export const unlockInputSchema = z.strictObject({ password: typedPasswordSchema });

/** Why a password was not accepted; the UI says each in words. Unknown id and wrong password are one reason. */
export const refusalReasons = ['wrong_credentials', 'account_locked', 'training_only', 'disabled'] as const;
export const refusalSchema = z.object({
  reason: z.enum(refusalReasons),
  /** account_locked: when the account opens again (ISO 8601). */
  lockedUntil: z.string().optional(),
});
export type Refusal = z.infer<typeof refusalSchema>;

/** A sign-in or unlock answers its refusal as a value: a wrong password is an expected outcome, not a failed call. */
export const signInOutcomeSchema = z.union([
  z.object({ ok: z.literal(true), session: sessionStatusSchema }),
  z.object({ ok: z.literal(false), refusal: refusalSchema }),
]);

export const accountSchema = z.object({
  operatorId: z.string(),
  name: z.string(),
  roles: z.array(roleSchema),
  agency: agencySchema,
  disabled: z.boolean(),
  training: z.boolean(),
  /** Locked after too many wrong passwords, until then (ISO 8601); null when not locked. */
  lockedUntil: z.string().nullable(),
});
export type Account = z.infer<typeof accountSchema>;
export const accountListSchema = z.object({ accounts: z.array(accountSchema) });

export const firstAdminInputSchema = z.strictObject({
  operatorId: operatorIdSchema,
  name: nameSchema,
  agency: agencySchema,
  password: newPasswordSchema,
});
export const accountCreateInputSchema = z.strictObject({
  operatorId: operatorIdSchema,
  name: nameSchema,
  roles: rolesSchema,
  agency: agencySchema,
  password: newPasswordSchema,
});
export const accountUpdateInputSchema = z.strictObject({
  operatorId: operatorIdSchema,
  name: nameSchema.optional(),
  roles: rolesSchema.optional(),
  agency: agencySchema.optional(),
  disabled: z.boolean().optional(),
});
export const setPasswordInputSchema = z.strictObject({
  operatorId: operatorIdSchema,
  /** Required when changing one's own password; an admin resetting another account's leaves it out. */
  oldPassword: typedPasswordSchema.optional(),
  newPassword: newPasswordSchema,
});
export const accountIdInputSchema = z.strictObject({ operatorId: operatorIdSchema });
export const idleLockInputSchema = z.strictObject({ minutes: z.number().int().min(1).max(24 * 60) });
export const idleLockSchema = z.object({ minutes: z.number().int().positive() });
