import { useTranslation } from 'react-i18next';
import type { TaskDetail } from '../../../shared/contract/index.js';
import type { DetailFormatters } from './detail-format.js';
import { placeName } from './places.js';

/** The same goods inspected at an earlier node of the corridor (通报通检通放); nothing when there were none. */
export function PriorInspections({ task, formatters }: { task: TaskDetail; formatters: DetailFormatters }) {
  const { t, i18n } = useTranslation();
  if (task.priorInspections.length === 0) return null;
  const english = (i18n.resolvedLanguage ?? i18n.language) === 'en';
  return (
    <section className="task-detail__section" aria-labelledby="task-detail-prior">
      <h3 id="task-detail-prior">{t('taskDetail.priorInspections')}</h3>
      <ul className="task-detail__list" data-testid="prior-inspections">
        {task.priorInspections.map((prior) => (
          <li key={prior.resultId}>
            <p>{t('taskDetail.priorAt', { site: placeName(prior.siteId, english), port: prior.portCode, time: formatters.dateTime(prior.at) })}</p>
            <p>
              <span className="tag">{t(`taskDetail.outcome.${prior.outcome}`)}</span>{' '}
              <span className="tag">{t(`taskDetail.disposition.${prior.disposition}`)}</span>{' '}
              {prior.agencies.map((agency) => t(`agency.${agency}`)).join(t('tasks.listSeparator'))}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
