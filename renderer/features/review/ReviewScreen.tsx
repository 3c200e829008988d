import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOpenTask } from '../../shell/open-task.js';
import { useTimeFormatters } from '../sync/time-format.js';
import { useReviewQueue, type PendingReview, type ReviewQueueState } from './use-review-queue.js';

/**
 * The supervisor's review (issue 10, point 2; the examiner-and-chief pattern of customs systems):
 * submitted inspections nobody has reviewed, oldest first; endorse, or return with a comment the
 * officers read on the task. One's own inspection is listed but cannot be decided (the core refuses).
 */
export function ReviewScreen() {
  const { t } = useTranslation();
  const queue = useReviewQueue();
  return (
    <section className="review" aria-labelledby="review-title" data-testid="review-screen">
      <h2 id="review-title">{t('review.title')}</h2>
      <p className="sync-section__message">{t('review.intro')}</p>
      {queue.error && (
        <p className="sync-section__error" role="alert" data-testid="review-load-error">
          {t('review.loadFailed')} {t(`callErrors.${queue.error.code}`)}
        </p>
      )}
      {queue.pending === null && !queue.error && <p className="sync-section__message">{t('review.loading')}</p>}
      {queue.pending?.length === 0 && (
        <p className="sync-section__message" data-testid="review-empty">
          {t('review.empty')}
        </p>
      )}
      {queue.pending && queue.pending.length > 0 && (
        <ul className="review__list" data-testid="review-list">
          {queue.pending.map((item) => (
            <ReviewItem key={item.resultId} item={item} queue={queue} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ReviewItem({ item, queue }: { item: PendingReview; queue: ReviewQueueState }) {
  const { t } = useTranslation();
  const id = useId();
  const time = useTimeFormatters().full;
  const openTask = useOpenTask();
  const [comment, setComment] = useState('');
  const [missingComment, setMissingComment] = useState(false);
  const busy = queue.busyId === item.resultId;
  const refusal = queue.refusal?.resultId === item.resultId ? queue.refusal.error : null;
  return (
    <li className="review__item" data-testid="review-item" data-result-id={item.resultId}>
      <p>
        <strong>{item.taskId}</strong> <span className="tag">{t(`taskDetail.outcome.${item.outcome}`)}</span> <span className="tag">{t(`taskDetail.disposition.${item.disposition}`)}</span>{' '}
        <span className="task-detail__muted">{t('review.submitted', { time: time(item.submittedAt), officers: item.officers.join(t('tasks.listSeparator')), findings: item.findings })}</span>{' '}
        {openTask && (
          <a
            href="#"
            data-testid="review-open-task"
            onClick={(event) => {
              event.preventDefault();
              openTask(item.taskId);
            }}
          >
            {t('review.openTask')}
          </a>
        )}
      </p>
      {item.ownInspection ? (
        <p className="task-detail__muted" data-testid="review-own">
          {t('review.own')}
        </p>
      ) : (
        <div className="review__decide">
          <label htmlFor={`${id}-comment`}>{t('review.comment')}</label>
          <textarea
            id={`${id}-comment`}
            className="text-input"
            data-testid="review-comment"
            maxLength={1000}
            rows={2}
            value={comment}
            aria-invalid={missingComment}
            onChange={(event) => {
              setComment(event.target.value);
              setMissingComment(false);
            }}
          />
          <button type="button" className="button" data-testid="review-endorse" disabled={busy} onClick={() => queue.decide(item.resultId, 'endorse', comment)}>
            {t('review.endorse')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            data-testid="review-return"
            disabled={busy}
            onClick={() => {
              // A return must tell the officers what to do: said here before the core refuses it.
              if (comment.trim().length < 2) setMissingComment(true);
              else queue.decide(item.resultId, 'return', comment);
            }}
          >
            {t('review.return')}
          </button>
          {missingComment && (
            <p className="settings-result__failed" role="alert" data-testid="review-comment-needed">
              {t('review.commentNeeded')}
            </p>
          )}
        </div>
      )}
      {refusal && (
        <p className="settings-result__failed" role="alert" data-testid="review-refused" data-code={refusal.code}>
          {t('review.refused', { reason: refusal.message })}
        </p>
      )}
    </li>
  );
}
