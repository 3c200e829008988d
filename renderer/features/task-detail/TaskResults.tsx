import { useTranslation } from 'react-i18next';
import { dispositionSchema, outcomeSchema, type ResultSummary, type Review } from '../../../shared/contract/index.js';
import { useHasRole } from '../session/session-context.js';
import { EvidenceExport } from '../sync/EvidenceExport.js';
import type { DetailFormatters } from './detail-format.js';
import { useTaskResults } from './use-task-results.js';
import { useTaskReviews } from './use-task-reviews.js';

/**
 * The task's results on this workstation, each with its state, and for an officer the evidence
 * bundle of any submitted one (issue 8, point 8): a delivered result is what a dispute asks about,
 * and its bundle is exported from the task rather than looked for on the sync screen, which lists
 * only results that need attention. A draft is not evidence (the core refuses it), so it offers none.
 */
export function TaskResults({ taskId, formatters }: { taskId: string; formatters: DetailFormatters }) {
  const { t } = useTranslation();
  const { results, error } = useTaskResults(taskId);
  const reviews = useTaskReviews(taskId);
  // Exporting is an officer's (results:exportEvidence): hidden from an admin-only session, refused by the core anyway.
  const officer = useHasRole('inspector', 'supervisor');
  return (
    <section className="task-detail__section" aria-labelledby="task-detail-results">
      <h3 id="task-detail-results">{t('taskDetail.results')}</h3>
      {error && (
        <p className="task-detail__message" role="alert" data-testid="task-results-error" data-code={error.code}>
          {t('taskDetail.resultsFailed')}
          {t('tasks.fieldSeparator')}
          {t(`callErrors.${error.code}`)}
        </p>
      )}
      {results === null ? (
        !error && (
          <p className="task-detail__muted" role="status">
            {t('taskDetail.resultsLoading')}
          </p>
        )
      ) : results.length === 0 ? (
        <p className="task-detail__muted" data-testid="task-results-empty">
          {t('taskDetail.noResults')}
        </p>
      ) : (
        <ul className="task-detail__list" data-testid="task-results">
          {results.map((result) => (
            <ResultItem key={result.resultId} result={result} review={reviews.get(result.resultId)} formatters={formatters} exportable={officer && result.state !== 'draft'} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ResultItem({ result, review, formatters, exportable }: { result: ResultSummary; review: Review | undefined; formatters: DetailFormatters; exportable: boolean }) {
  const { t } = useTranslation();
  // The summary carries them as stored text; only the contract's values have words.
  const outcome = outcomeSchema.safeParse(result.outcome).data;
  const disposition = dispositionSchema.safeParse(result.disposition).data;
  return (
    <li data-testid="task-result" data-result-id={result.resultId} data-state={result.state} aria-label={t('taskDetail.resultLabel', { resultId: result.resultId })}>
      <p>
        <span className={`tag tag--state-${result.state}`}>{t(`sync.resultState.${result.state}`)}</span>{' '}
        {outcome && <span className="tag">{t(`taskDetail.outcome.${outcome}`)}</span>}{' '}
        {disposition && <span className="tag">{t(`taskDetail.disposition.${disposition}`)}</span>}{' '}
        <span className="task-detail__muted">{t('taskDetail.resultUpdated', { time: formatters.dateTime(result.updatedAt) })}</span>
      </p>
      <p className="task-detail__code">{result.resultId}</p>
      {review && (
        <p className={`task-detail__review task-detail__review--${review.decision}`} data-testid="task-result-review" data-decision={review.decision} role={review.decision === 'returned' ? 'alert' : undefined}>
          {t(`review.decision.${review.decision}`, { reviewer: review.reviewer, time: formatters.dateTime(review.reviewedAt) })}
          {review.comment !== '' && <>{t('tasks.fieldSeparator')}{review.comment}</>}
        </p>
      )}
      {exportable && <EvidenceExport resultId={result.resultId} />}
    </li>
  );
}
