import { useTranslation } from 'react-i18next';
import { checklistAnswers } from '../../../shared/contract/index.js';
import { currentLanguage } from '../../i18n/index.js';
import { withChecklistAnswer } from './draft-edits.js';
import { DocumentsCheck } from './DocumentsCheck.js';
import { Section } from './Section.js';
import type { SectionProps } from './section-props.js';

/**
 * The task's checklist from the reference data: each item yes / no / n.a. with a note; required
 * items marked. A document check adds the numbers read from the papers.
 */
export function ChecklistSection(props: SectionProps) {
  const { draft, task, reference, edit } = props;
  const { t } = useTranslation();
  const checklist = reference.checklists.find((candidate) => candidate.checklistId === task.checklistId);
  const english = currentLanguage() === 'en';
  return (
    <Section name="checklist">
      {checklist === undefined ? (
        <p className="inspection__error" role="alert" data-testid="checklist-missing">
          {t('inspection.noChecklist', { checklistId: task.checklistId })}
        </p>
      ) : (
        <ol className="inspection__checklist">
          {checklist.items.map((item) => {
            const given = draft.checklist.find((answer) => answer.itemId === item.itemId);
            return (
              <li key={item.itemId} className="inspection__item" data-testid={`checklist-${item.itemId}`}>
                <fieldset>
                  <legend>
                    <span className="inspection__code">{item.itemId}</span> {english ? item.textEn : item.text}{' '}
                    {item.required && <span className="tag tag--required">{t('inspection.checklist.required')}</span>}
                  </legend>
                  <div className="inspection__choices">
                    {checklistAnswers.map((answer) => (
                      <label key={answer} className="inspection__choice">
                        <input
                          type="radio"
                          name={`checklist-${item.itemId}`}
                          data-testid={`checklist-${item.itemId}-${answer}`}
                          checked={given?.answer === answer}
                          onChange={() => edit((content) => withChecklistAnswer(content, item.itemId, { answer }))}
                        />
                        {t(`inspection.checklist.answer.${answer}`)}
                      </label>
                    ))}
                  </div>
                  <label className="inspection__note">
                    {t('inspection.checklist.note')}
                    <input
                      data-testid={`checklist-${item.itemId}-note`}
                      value={given?.note ?? ''}
                      onChange={(event) => {
                        const note = event.target.value;
                        edit((content) => withChecklistAnswer(content, item.itemId, { note }));
                      }}
                    />
                  </label>
                </fieldset>
              </li>
            );
          })}
        </ol>
      )}
      {task.types.includes('document') && <DocumentsCheck {...props} />}
    </Section>
  );
}
