import { useTranslation } from 'react-i18next';
import type { CallError } from '../../../shared/contract/index.js';

/**
 * A refused or failed dispatch call: what the code means in the reader's language, then the core's
 * own reason (the officer it refused, the agency nobody on duty covers), written in both languages
 * in one string as every text the core writes for people.
 */
export function CallFailure({ lead, error, testId }: { lead: string; error: CallError; testId: string }) {
  const { t } = useTranslation();
  return (
    <p className="settings-result__failed" role="alert" data-testid={testId} data-code={error.code}>
      {lead} {t(`callErrors.${error.code}`)} {error.message}
    </p>
  );
}
