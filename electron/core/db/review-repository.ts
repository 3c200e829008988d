import type { Database as Sqlite } from 'better-sqlite3';
import type { Review } from '../../../shared/contract/review.js';
import type { dispositions, outcomes } from '../../../shared/contract/enums.js';
import { AuditRepository } from './audit-repository.js';
import { sqliteHandle, type Database } from './connection.js';
import { StatementCache } from './statement-cache.js';

/** States of a result whose inspection was submitted and stands (not withdrawn, not sent back to draft). */
const REVIEWABLE = ['queued', 'delivered', 'waiting_attachment', 'conflict', 'rejected'] as const;
const IN_REVIEWABLE = `(${REVIEWABLE.map((state) => `'${state}'`).join(', ')})`;

export type ReviewRefusal = 'not_found' | 'not_submitted' | 'own_inspection' | 'already_reviewed';

export class ReviewRefused extends Error {
  constructor(
    readonly refusal: ReviewRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'ReviewRefused';
  }
}

export interface PendingReview {
  resultId: string;
  taskId: string;
  outcome: (typeof outcomes)[number];
  disposition: (typeof dispositions)[number];
  officers: string[];
  findings: number;
  submittedAt: string;
}

const PENDING = `
  SELECT r.result_id AS resultId, r.task_id AS taskId, r.outcome, r.disposition, r.submitted_at AS submittedAt,
         (SELECT json_group_array(operator_id) FROM (SELECT operator_id FROM result_inspectors WHERE result_id = r.result_id ORDER BY seq)) AS officers,
         (SELECT count(*) FROM result_findings WHERE result_id = r.result_id) AS findings
  FROM results AS r
  WHERE r.state IN ${IN_REVIEWABLE} AND r.gateway = ? AND r.superseded_by IS NULL
    AND NOT EXISTS (SELECT 1 FROM result_reviews AS v WHERE v.result_id = r.result_id)
  ORDER BY r.submitted_at, r.result_id
  LIMIT ?`;
const REVIEW_COLUMNS = 'v.result_id AS resultId, v.decision, v.comment, v.reviewer, v.reviewed_at AS reviewedAt';

/**
 * Supervisors' reviews of submitted inspections (migration 013): the ones waiting for a review, a
 * decision with its audit entry in one transaction, and a task's reviews for its officers to read.
 */
export class ReviewRepository {
  private readonly statements: StatementCache;
  private readonly audit: AuditRepository;

  /** `clock`: the core's, so a decision's audit entry is timed like every other entry (a case replay lines them up). */
  constructor(
    private readonly connection: Sqlite,
    clock: () => number,
  ) {
    this.statements = new StatementCache(connection);
    this.audit = new AuditRepository(connection, clock);
  }

  /** Submitted inspections for `gateway` (the single window configured now) nobody has reviewed, oldest first. */
  pending(gateway: string, limit: number): PendingReview[] {
    const rows = this.statements.get(PENDING).all(gateway, limit) as (Omit<PendingReview, 'officers'> & { officers: string })[];
    return rows.map((row) => ({ ...row, officers: JSON.parse(row.officers) as string[] }));
  }

  /** Records `reviewer`'s decision, refused for a result they inspected, one not submitted, or one already reviewed. */
  decide(resultId: string, decision: Review['decision'], comment: string, reviewer: string, now: string): { review: Review; taskId: string } {
    return this.connection.transaction(() => {
      const result = this.statements.get('SELECT task_id AS taskId, state FROM results WHERE result_id = ?').get(resultId) as { taskId: string; state: string } | undefined;
      if (!result) throw new ReviewRefused('not_found', `no result ${resultId} on this workstation`);
      if (!(REVIEWABLE as readonly string[]).includes(result.state)) throw new ReviewRefused('not_submitted', `result ${resultId} is ${result.state}, not a submitted inspection`);
      const officers = this.statements.get('SELECT operator_id FROM result_inspectors WHERE result_id = ?').pluck().all(resultId) as string[];
      if (officers.includes(reviewer)) throw new ReviewRefused('own_inspection', `${reviewer} inspected result ${resultId} and cannot review it`);
      if (this.statements.get('SELECT 1 FROM result_reviews WHERE result_id = ?').get(resultId)) throw new ReviewRefused('already_reviewed', `result ${resultId} was reviewed already`);
      this.statements.get('INSERT INTO result_reviews (result_id, decision, comment, reviewer, reviewed_at) VALUES (?, ?, ?, ?, ?)').run(resultId, decision, comment, reviewer, now);
      this.audit.append({ actor: reviewer, action: 'result.reviewed', taskId: result.taskId, details: { resultId, decision, comment } });
      return { review: { resultId, decision, comment, reviewer, reviewedAt: now }, taskId: result.taskId };
    })();
  }

  /** The reviews of a task's results, newest first. */
  forTask(taskId: string): Review[] {
    return this.statements
      .get(`SELECT ${REVIEW_COLUMNS} FROM result_reviews AS v JOIN results AS r ON r.result_id = v.result_id WHERE r.task_id = ? ORDER BY v.reviewed_at DESC`)
      .all(taskId) as Review[];
  }
}

export function reviewRepository(db: Database, clock: () => number): ReviewRepository {
  return new ReviewRepository(sqliteHandle(db), clock);
}
