import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { checkTypedIdentifier, type IdentifierKind, type TypedIdentifierCheck } from '../../../shared/domain/index.js';
import { currentLanguage } from '../../i18n/index.js';

interface Props {
  kind: IdentifierKind;
  label: string;
  value: string;
  /** The task's own identifiers of this kind: a well-formed value outside them is a warning. */
  known: readonly string[];
  /** Whether the officer confirmed this (well-formed) value although the task does not know it. */
  confirmed: (value: string) => boolean;
  onChange: (value: string) => void;
  onConfirm: (value: string) => void;
  testId: string;
}

/** The check of what was typed in the officer's language; an empty field is not yet an error (the missing list says it). */
export function useIdentifierCheck(kind: IdentifierKind, value: string, known: readonly string[]): TypedIdentifierCheck | null {
  useTranslation();
  if (value.trim() === '') return null;
  return checkTypedIdentifier(kind, value, known, currentLanguage());
}

/**
 * An identifier typed on the form (point 6), checked at each keystroke: a typo is said under the
 * field at once and blocks submitting; a well-formed value the task does not know is a warning with
 * a confirm button, and once confirmed it is recorded in the draft.
 */
export function IdentifierField({ kind, label, value, known, confirmed, onChange, onConfirm, testId }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const check = useIdentifierCheck(kind, value, known);
  const messageId = `${id}-message`;
  const error = check?.level === 'error' ? check : null;
  const warning = check?.level === 'warning' ? check : null;
  return (
    <div className="inspection__field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        data-testid={testId}
        className="inspection__code-input"
        value={value}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error !== null}
        aria-describedby={check && check.level !== 'ok' ? messageId : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error && (
        <p id={messageId} className="inspection__error" role="alert" data-testid={`${testId}-error`}>
          {error.message}
        </p>
      )}
      {warning && (
        <p id={messageId} className="inspection__warning" data-testid={`${testId}-warning`}>
          {warning.message}{' '}
          {confirmed(warning.value) ? (
            <span className="tag" data-testid={`${testId}-confirmed`}>
              {t('inspection.identifier.confirmed')}
            </span>
          ) : (
            <button type="button" className="button button--small" data-testid={`${testId}-confirm`} onClick={() => onConfirm(warning.value)}>
              {t('inspection.identifier.confirm')}
            </button>
          )}
        </p>
      )}
    </div>
  );
}
