import { useTranslation } from 'react-i18next';
import type { InspectionContent } from '../../../shared/contract/index.js';
import { validateContainerNo } from '../../../shared/domain/index.js';
import { confirmKey, removeAt, replaceAt, withConfirmed } from './draft-edits.js';
import { IdentifierField } from './IdentifierField.js';
import { Section } from './Section.js';
import type { SectionProps } from './section-props.js';
import { StringList } from './StringList.js';

type SealEntry = InspectionContent['seals'][number];
const EMPTY_ENTRY: SealEntry = { containerNo: '', removed: [], applied: [], broken: false, complete: false };

/**
 * Seals per container: the declared seals beside what the officers typed (removed, applied), a
 * broken seal, and "all removed seals entered", after which the core compares them with the
 * declared seals and proposes a finding on a mismatch.
 */
export function SealsSection({ draft, task, edit }: SectionProps) {
  const { t } = useTranslation();
  const containers = task.containers.map((container) => container.containerNo);
  const change = (index: number, patch: Partial<SealEntry>): void => {
    edit((content) => {
      const entry = content.seals[index];
      return entry === undefined ? content : { ...content, seals: replaceAt(content.seals, index, { ...entry, ...patch }) };
    });
  };
  const declaredFor = (typed: string): readonly string[] | null => {
    const checked = validateContainerNo(typed);
    const value = checked.ok ? checked.value : typed.trim().toUpperCase();
    return task.containers.find((container) => container.containerNo === value)?.sealNos ?? null;
  };

  return (
    <Section name="seals">
      {draft.seals.length === 0 && <p className="inspection__muted">{t('inspection.seals.empty')}</p>}
      <ul className="inspection__rows">
        {draft.seals.map((entry, index) => {
          const declared = entry.containerNo.trim() === '' ? null : declaredFor(entry.containerNo);
          return (
            // Entries have no id of their own: the position is what the draft keeps.
            <li key={index} className="inspection__row" data-testid={`seal-${index}`}>
              <IdentifierField
                kind="containerNo"
                label={t('inspection.seals.container')}
                testId={`seal-${index}-container`}
                value={entry.containerNo}
                known={containers}
                confirmed={(value) => draft.confirmedWarnings.includes(confirmKey('containerNo', value))}
                onChange={(containerNo) => change(index, { containerNo })}
                onConfirm={(value) => edit((content) => withConfirmed(content, confirmKey('containerNo', value)))}
              />
              {entry.containerNo.trim() !== '' && (
                <p className="inspection__muted" data-testid={`seal-${index}-declared`}>
                  {declared === null
                    ? t('inspection.seals.unknownContainer')
                    : declared.length === 0
                      ? t('inspection.seals.noDeclared')
                      : t('inspection.seals.declared', { seals: declared.join(t('tasks.listSeparator')) })}
                </p>
              )}
              <StringList
                label={t('inspection.seals.removed')}
                itemLabel={t('inspection.seals.sealNo')}
                addLabel={t('inspection.seals.addRemoved')}
                removeLabel={t('inspection.seals.removeSeal')}
                testId={`seal-${index}-removed`}
                values={entry.removed}
                onChange={(removed) => change(index, { removed })}
              />
              <StringList
                label={t('inspection.seals.applied')}
                itemLabel={t('inspection.seals.sealNo')}
                addLabel={t('inspection.seals.addApplied')}
                removeLabel={t('inspection.seals.removeSeal')}
                testId={`seal-${index}-applied`}
                values={entry.applied}
                onChange={(applied) => change(index, { applied })}
              />
              <label className="inspection__check">
                <input type="checkbox" data-testid={`seal-${index}-complete`} checked={entry.complete} onChange={(event) => change(index, { complete: event.target.checked })} />
                {t('inspection.seals.complete')}
              </label>
              <label className="inspection__check">
                <input type="checkbox" data-testid={`seal-${index}-broken`} checked={entry.broken} onChange={(event) => change(index, { broken: event.target.checked })} />
                {t('inspection.seals.broken')}
              </label>
              <button type="button" className="button button--small button--secondary" onClick={() => edit((content) => ({ ...content, seals: removeAt(content.seals, index) }))}>
                {t('inspection.seals.remove')}
              </button>
            </li>
          );
        })}
      </ul>
      <button type="button" className="button" data-testid="seal-add" onClick={() => edit((content) => ({ ...content, seals: [...content.seals, EMPTY_ENTRY] }))}>
        {t('inspection.seals.add')}
      </button>
    </Section>
  );
}
