import type { Database as Sqlite } from 'better-sqlite3';
import type { ShiftKey } from '../../../shared/contract/dispatch.js';
import { AuditRepository } from './audit-repository.js';
import { sqliteHandle, type Database } from './connection.js';
import { StatementCache } from './statement-cache.js';

/** One shift's list as stored: operator ids in the order listed; who set it last. */
export interface StoredRoster {
  officers: string[];
  updatedBy: string | null;
  updatedAt: string | null;
}

const KEY_WHERE = 'port_code = @portCode AND shift_date = @date AND shift = @shift';

/**
 * The duty roster (migration 014): per site and shift, who is on duty. Replacing a shift's list
 * writes its audit entry in the same transaction; the accounts are checked by the caller (they may
 * be in another database file).
 */
export class RosterRepository {
  private readonly statements: StatementCache;
  private readonly audit: AuditRepository;

  constructor(
    private readonly connection: Sqlite,
    clock: () => number,
  ) {
    this.statements = new StatementCache(connection);
    this.audit = new AuditRepository(connection, clock);
  }

  get(key: ShiftKey): StoredRoster {
    const shift = this.statements.get(`SELECT updated_by AS updatedBy, updated_at AS updatedAt FROM roster_shifts WHERE ${KEY_WHERE}`).get(key) as
      | { updatedBy: string; updatedAt: string }
      | undefined;
    const officers = this.statements.get(`SELECT operator_id FROM roster_officers WHERE ${KEY_WHERE} ORDER BY seq`).pluck().all(key) as string[];
    return { officers, updatedBy: shift?.updatedBy ?? null, updatedAt: shift?.updatedAt ?? null };
  }

  /** Replaces the shift's list with `officers` (distinct ids, checked by the caller) and records who did it. */
  set(key: ShiftKey, officers: readonly string[], actor: string, now: string): StoredRoster {
    this.connection.transaction(() => {
      const before = this.get(key).officers;
      // The shift row goes with its officers (cascade) and comes back with the new list.
      this.statements.get(`DELETE FROM roster_shifts WHERE ${KEY_WHERE}`).run(key);
      this.statements
        .get('INSERT INTO roster_shifts (port_code, shift_date, shift, updated_by, updated_at) VALUES (@portCode, @date, @shift, @actor, @now)')
        .run({ ...key, actor, now });
      const insert = this.statements.get('INSERT INTO roster_officers (port_code, shift_date, shift, seq, operator_id) VALUES (@portCode, @date, @shift, @seq, @operatorId)');
      officers.forEach((operatorId, seq) => insert.run({ ...key, seq, operatorId }));
      this.audit.append({ actor, action: 'roster.set', details: { portCode: key.portCode, date: key.date, shift: key.shift, before, officers: [...officers] } });
    })();
    return this.get(key);
  }
}

export function rosterRepository(db: Database, clock: () => number): RosterRepository {
  return new RosterRepository(sqliteHandle(db), clock);
}
