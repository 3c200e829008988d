import { useTranslation } from 'react-i18next';
import type { InspectionContent } from '../../../shared/contract/index.js';
import { confirmKey, withConfirmed } from './draft-edits.js';
import { IdentifierField } from './IdentifierField.js';
import type { SectionProps } from './section-props.js';

type Documents = NonNullable<InspectionContent['documents']>;
const NONE_TYPED: Documents = { declarationNo: '', consigneeUscc: '' };

/**
 * The document check's numbers (inspection type document), typed as printed on the papers the
 * consignee presented and checked against the task's declaration as they are typed: a typo is said
 * at once, a well-formed number that differs from the declaration is a warning to confirm.
 */
export function DocumentsCheck({ draft, task, edit }: SectionProps) {
  const { t } = useTranslation();
  const documents = draft.documents ?? NONE_TYPED;
  const change = (patch: Partial<Documents>): void => {
    edit((content) => ({ ...content, documents: { ...(content.documents ?? NONE_TYPED), ...patch } }));
  };
  const confirmed = (kind: string) => (value: string) => draft.confirmedWarnings.includes(confirmKey(kind, value));
  const confirm = (kind: string) => (value: string) => edit((content) => withConfirmed(content, confirmKey(kind, value)));
  return (
    <fieldset className="inspection__documents" data-testid="documents-check">
      <legend>{t('inspection.documents.title')}</legend>
      <p className="inspection__muted">{t('inspection.documents.intro')}</p>
      <IdentifierField
        kind="declarationNo"
        label={t('inspection.documents.declarationNo')}
        testId="documents-declaration"
        value={documents.declarationNo}
        known={[task.declarationNo]}
        confirmed={confirmed('declarationNo')}
        onChange={(declarationNo) => change({ declarationNo })}
        onConfirm={confirm('declarationNo')}
      />
      <IdentifierField
        kind="uscc"
        label={t('inspection.documents.consigneeUscc')}
        testId="documents-uscc"
        value={documents.consigneeUscc}
        known={[task.consigneeUscc]}
        confirmed={confirmed('uscc')}
        onChange={(consigneeUscc) => change({ consigneeUscc })}
        onConfirm={confirm('uscc')}
      />
    </fieldset>
  );
}
