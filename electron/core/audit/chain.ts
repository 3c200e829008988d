import crypto from 'node:crypto';

/**
 * The hash chain of the audit log. Every entry carries the hash of the one before it (the first,
 * a fixed genesis value), and its own hash covers that link and all of its fields:
 *
 *   hash = hex(sha256(prev_hash ‖ canonical))
 *   canonical = JSON.stringify([seq, at, actor, action, task_id, details])
 *
 * where prev_hash is the 64 hex digits as ASCII, task_id is null when the action is not about one
 * task and details is the entry's canonical JSON text (canonical-json.ts) as stored. Anyone can
 * recompute it from the rows with any SHA-256 and JSON implementation.
 */
export const GENESIS_HASH = crypto.createHash('sha256').update('smart-port-console/audit-log/v1/genesis').digest('hex');

/** The fields an entry's hash covers, as stored. */
export interface ChainedFields {
  seq: number;
  at: string;
  actor: string;
  action: string;
  taskId: string | null;
  /** Canonical JSON text. */
  details: string;
}

export function canonicalEntry(fields: ChainedFields): string {
  return JSON.stringify([fields.seq, fields.at, fields.actor, fields.action, fields.taskId, fields.details]);
}

export function entryHash(prevHash: string, fields: ChainedFields): string {
  // One-shot: prev_hash is ASCII, so the joined text's UTF-8 is prev_hash's bytes then the entry's.
  // A Hash object per entry is a native object with a weak handle that the next scavenge must
  // process, a cost every audited write shared (issue 8 point 12, the draft save's p99).
  return crypto.hash('sha256', prevHash + canonicalEntry(fields), 'hex');
}

/** Action names: lower-case words joined by dots (`settings.gateway_changed`), so filters stay simple. */
export const ACTION_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
