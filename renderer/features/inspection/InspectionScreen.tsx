import { useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { keepFocusInside, useDialogFocus } from '../../shell/use-dialog-focus.js';
import { callErrorText } from './answer-text.js';
import { InspectionForm } from './InspectionForm.js';
import { SaveStatus } from './SaveStatus.js';
import { focusSection } from './sections.js';
import { shortcutKeys, shortcutOf } from './shortcuts.js';
import { ShortcutsHelp } from './ShortcutsHelp.js';
import { StartDialog } from './StartDialog.js';
import { useInspection, type Inspection } from './use-inspection.js';

interface Props {
  taskId: string;
  onClose: () => void;
}

/**
 * The inspection of one task, over the console: the start dialog when no draft exists, else the
 * form, saved as it is typed, with what is missing always beside it. Shortcuts act anywhere inside;
 * Esc closes the help first, then the inspection (the draft is saved already).
 */
export function InspectionScreen({ taskId, onClose }: Props) {
  const { t } = useTranslation();
  const inspection = useInspection(taskId);
  const root = useRef<HTMLDivElement>(null);
  const [help, setHelp] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);

  // Focus comes in when the screen opens and goes back to the button that opened it when it closes.
  useDialogFocus(root);

  const submit = (): void => {
    if (inspection.phase.kind !== 'draft' || submitting) return;
    setSubmitting(true);
    setSubmitError(null);
    void inspection.submit().then((error) => {
      setSubmitting(false);
      setSubmitError(error === null ? null : t('inspection.submit.failed', { reason: callErrorText(t, error) }));
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const shortcut = shortcutOf(event);
    if (shortcut === null) return;
    event.preventDefault();
    // The task detail under this screen closes on Esc too: the key stops here.
    event.stopPropagation();
    switch (shortcut.action) {
      case 'save':
        inspection.saveNow();
        return;
      case 'submit':
        submit();
        return;
      case 'help':
        setHelp((shown) => !shown);
        return;
      case 'close':
        if (help) setHelp(false);
        else onClose();
        return;
      case 'sections':
        focusSection(root.current, shortcut.section);
        return;
    }
  };

  const drafting = inspection.phase.kind === 'draft';
  return (
    <div
      ref={root}
      className="inspection"
      role="dialog"
      aria-modal="true"
      aria-label={t('inspection.title', { taskId })}
      data-testid="inspection"
      tabIndex={-1}
      onKeyDown={onKeyDown}
      onBlur={keepFocusInside}
    >
      <header className="inspection__header">
        <h2 className="inspection__title">{t('inspection.title', { taskId })}</h2>
        {drafting && <SaveStatus state={inspection.save} onSaveNow={inspection.saveNow} />}
        <button type="button" className="button button--secondary" aria-expanded={help} data-testid="inspection-shortcuts-toggle" onClick={() => setHelp((shown) => !shown)}>
          {t('inspection.shortcuts.button')} <kbd className="inspection__kbd">{shortcutKeys.help}</kbd>
        </button>
        <button type="button" className="button" data-testid="inspection-close" title={t('inspection.closeHint')} onClick={onClose}>
          {t('inspection.close')}
        </button>
      </header>
      {help && <ShortcutsHelp />}
      <Body inspection={inspection} root={root} onClose={onClose} submit={submit} submitting={submitting} submitError={submitError} />
    </div>
  );
}

interface BodyProps {
  inspection: Inspection;
  root: RefObject<HTMLDivElement | null>;
  onClose: () => void;
  submit: () => void;
  submitting: boolean;
  submitError: string | null;
}

function Body({ inspection, root, onClose, submit, submitting, submitError }: BodyProps) {
  const { t } = useTranslation();
  const { phase, task, reference } = inspection;
  switch (phase.kind) {
    case 'loading':
      return (
        <p className="inspection__message" role="status" data-testid="inspection-loading">
          {t('inspection.loading')}
        </p>
      );
    case 'failed':
      return (
        <div className="inspection__message" role="alert" data-testid="inspection-error" data-code={phase.error.code}>
          <p>{t('inspection.failed')}</p>
          <p>{callErrorText(t, phase.error)}</p>
          <button type="button" className="button" onClick={inspection.reload}>
            {t('inspection.retry')}
          </button>
        </div>
      );
    case 'start':
      return <StartDialog start={inspection.start} priors={task?.priorInspections ?? []} onCancel={onClose} />;
    case 'discarded':
      return (
        <p className="inspection__message" role="status" data-testid="inspection-discarded">
          {t('inspection.discard.done')}
        </p>
      );
    case 'submitted':
      return (
        <p className="inspection__message inspection__ok" role="status" data-testid="inspection-submitted">
          {t('inspection.submit.done', { resultId: phase.result.resultId })}
        </p>
      );
    case 'draft':
      if (task === null || reference === null) return null;
      return (
        <InspectionForm
          inspection={inspection}
          draft={phase.draft}
          task={task}
          reference={reference}
          onGoTo={(section) => focusSection(root.current, section)}
          submit={submit}
          submitting={submitting}
          submitError={submitError}
        />
      );
  }
}
