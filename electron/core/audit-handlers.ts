import type { AuditTimelineEntry } from '../../shared/contract/index.js';
import type { AccountRepository } from './db/account-repository.js';
import type { Database } from './db/connection.js';
import type { Handlers } from './router.js';

/**
 * Detail fields left out of the timeline. Hashes (a draft's, a bundle's) say nothing a person can
 * check by eye; the rest is a guard: no entry about a task is written with password or token
 * material today, and one written tomorrow is kept out by its name.
 */
const HIDDEN_KEY = /sha256|hash|password|passwd|secret|token|credential|key$/i;
/** A comment or a pusher's message is cut here: the timeline is a summary, the evidence bundle holds the entry whole. */
const MAX_VALUE_CHARS = 200;
const MAX_FIELDS = 8;

/**
 * audit:forTask (issue 10, point 4): the task's entries of the active workspace's audit chain in
 * chain order, each actor named from this workstation's accounts (kept in the real database whatever
 * the mode), and a short summary of each entry's details. Roles in the contract: supervisors.
 */
export function createAuditHandlers(db: Database, accounts: AccountRepository): Pick<Handlers, 'audit:forTask'> {
  return {
    'audit:forTask': ({ taskId }) => {
      const names = new Map<string, string | null>();
      const nameOf = (actor: string): string | null => {
        if (!names.has(actor)) names.set(actor, accounts.find(actor)?.name ?? null);
        return names.get(actor) ?? null;
      };
      const entries = db.audit.entriesFor(taskId).map(
        (entry): AuditTimelineEntry => ({
          seq: entry.seq,
          at: entry.at,
          actor: entry.actor,
          actorName: nameOf(entry.actor),
          action: entry.action,
          details: detailSummary(entry.details),
        }),
      );
      return { taskId, entries };
    },
  };
}

/**
 * The entry's top-level fields whose values are text, numbers or true/false, or lists of those (a
 * dispatch's officers, joined), in the order stored (canonical JSON: by key), long text cut. Other
 * nested values (a dispatch's candidates and draws, the identifiers officers typed) are left to the
 * evidence bundle: a timeline line cannot show them well.
 */
function detailSummary(details: string): { key: string; value: string }[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    // The chain's hash covers the text as stored; the badge reports an entry changed behind its back.
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return [];
  const shown: { key: string; value: string }[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (shown.length === MAX_FIELDS) break;
    if (HIDDEN_KEY.test(key)) continue;
    const text = isScalar(value) ? String(value) : Array.isArray(value) && value.length > 0 && value.every(isScalar) ? value.join(', ') : null;
    if (text === null) continue;
    shown.push({ key, value: text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text });
  }
  return shown;
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
