import type { Database } from './db/connection.js';
import { reviewRepository, ReviewRefused, type ReviewRefusal } from './db/review-repository.js';
import { CallFailure, type Caller, type Handlers } from './router.js';
import type { ErrorCode } from '../../shared/contract/index.js';

type ReviewHandlers = Pick<Handlers, 'review:pending' | 'review:decide' | 'review:forTask'>;

const REFUSAL_CODES: Record<ReviewRefusal, { code: ErrorCode; text: string }> = {
  not_found: { code: 'not_found', text: '本工作台没有这条查验结果 / no such result on this workstation' },
  not_submitted: { code: 'invalid_input', text: '只能审核已提交的查验 / only a submitted inspection can be reviewed' },
  own_inspection: { code: 'forbidden', text: '不能审核本人参与的查验，请由其他科长审核 / you took part in this inspection: another supervisor reviews it' },
  already_reviewed: { code: 'invalid_input', text: '这次查验已经审核过 / this inspection was reviewed already' },
};

/** A supervisor's review of submitted inspections (roles in the contract: supervisors decide; officers read a task's reviews). */
export function createReviewHandlers(db: Database, clock: () => number, onReviewed: (taskId: string) => void): ReviewHandlers {
  const reviews = reviewRepository(db, clock);
  const operator = (caller: Caller): string => caller.operatorId ?? 'supervisor';
  return {
    'review:pending': ({ limit }, caller) => ({
      results: reviews.pending(db.results.currentGateway(), limit).map((pending) => ({ ...pending, ownInspection: pending.officers.includes(operator(caller)) })),
    }),
    'review:decide': ({ resultId, decision, comment }, caller) => {
      try {
        const { review, taskId } = reviews.decide(resultId, decision === 'endorse' ? 'endorsed' : 'returned', comment, operator(caller), new Date(clock()).toISOString());
        // The officers' open task detail shows the decision without a reload.
        onReviewed(taskId);
        return review;
      } catch (error) {
        if (!(error instanceof ReviewRefused)) throw error;
        const { code, text } = REFUSAL_CODES[error.refusal];
        throw new CallFailure(code, text);
      }
    },
    'review:forTask': ({ taskId }) => ({ reviews: reviews.forTask(taskId) }),
  };
}
