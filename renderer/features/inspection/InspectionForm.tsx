import { useTranslation } from 'react-i18next';
import type { InspectionDraft, TaskDetail } from '../../../shared/contract/index.js';
import { AttachmentsSection } from './AttachmentsSection.js';
import { ChecklistSection } from './ChecklistSection.js';
import { CountersignSection } from './CountersignSection.js';
import { DiscardDraft } from './DiscardDraft.js';
import { DispositionSection } from './DispositionSection.js';
import { withConfirmed } from './draft-edits.js';
import { FindingsSection } from './FindingsSection.js';
import { MissingPanel } from './MissingPanel.js';
import { OfficersSection } from './OfficersSection.js';
import { SamplesSection } from './SamplesSection.js';
import { SealsSection } from './SealsSection.js';
import { shortcutKeys } from './shortcuts.js';
import type { SectionName } from './sections.js';
import { SignaturesSection } from './SignaturesSection.js';
import type { CachedReference, Inspection } from './use-inspection.js';

interface Props {
  inspection: Inspection;
  draft: InspectionDraft;
  task: TaskDetail;
  reference: CachedReference;
  onGoTo: (section: SectionName) => void;
  submit: () => void;
  submitting: boolean;
  submitError: string | null;
}

/** The draft's sections in the order of the work, and beside them what is missing and the submit. */
export function InspectionForm({ inspection, draft, task, reference, onGoTo, submit, submitting, submitError }: Props) {
  const { t } = useTranslation();
  const props = { draft, task, reference, edit: inspection.edit };
  return (
    <div className="inspection__body">
      <div className="inspection__form">
        <OfficersSection {...props} />
        <ChecklistSection {...props} />
        <FindingsSection {...props} />
        <SealsSection {...props} />
        <SamplesSection {...props} />
        <AttachmentsSection {...props} />
        <DispositionSection {...props} />
        <CountersignSection {...props} />
        <SignaturesSection {...props} sign={inspection.sign} />
      </div>
      <aside className="inspection__side">
        <MissingPanel
          issues={inspection.issues}
          refused={inspection.refusedSubmit}
          onGoTo={onGoTo}
          onConfirm={(key) => inspection.edit((content) => withConfirmed(content, key))}
        />
        <button type="button" className="button inspection__submit" data-testid="inspection-submit" disabled={submitting} onClick={submit}>
          {submitting ? t('inspection.submit.submitting') : t('inspection.submit.button')} <kbd className="inspection__kbd">{shortcutKeys.submit}</kbd>
        </button>
        {submitError !== null && (
          <p className="inspection__error" role="alert" data-testid="inspection-submit-error">
            {submitError}
          </p>
        )}
        <DiscardDraft discard={inspection.discard} />
      </aside>
    </div>
  );
}
