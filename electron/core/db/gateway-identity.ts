/**
 * Which single window a result is for. A result is sent only to the gateway it was made for: a
 * training result never reaches a real gateway, and a result made for one gateway or operator never
 * reaches another. Computed the same way here and in migration 003 (SQL), so keep them in step.
 */
export const TRAINING_IDENTITY = 'training';

/** Given to results written before schema 3 whose gateway cannot be known: it matches no gateway, so they are never sent. */
export const UNKNOWN_IDENTITY = 'unknown (written before schema 3)';

/** `training` with no gateway URL; otherwise the stored URL and operator, as typed by the admin. */
export function gatewayIdentity(gatewayUrl: string | null, operatorId: string | null): string {
  return gatewayUrl === null ? TRAINING_IDENTITY : `gateway ${gatewayUrl} operator ${operatorId ?? '(none)'}`;
}
