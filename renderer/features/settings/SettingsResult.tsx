import { useTranslation } from 'react-i18next';
import type { InvalidReason } from './settings-validation.js';
import type { ConnectionTest, SettingsOutcome } from './use-gateway-settings.js';

const knownConnectionErrors = ['credentials', 'unreachable', 'invalid_url', 'invalid_response', 'no_password', 'failed'] as const;

/** The test's failure in words: known codes translated, http_<status> with its status, anything else generic. */
function useConnectionErrorText(): (code: string) => string {
  const { t } = useTranslation();
  return (code) => {
    const known = knownConnectionErrors.find((candidate) => candidate === code);
    if (known) return t(`settings.connectionError.${known}`);
    const http = /^http_(\d{3})$/.exec(code);
    if (http) return t('settings.connectionError.http', { status: http[1] });
    return t('settings.connectionError.failed');
  };
}

function TestText({ test }: { test: ConnectionTest }) {
  const { t } = useTranslation();
  const errorText = useConnectionErrorText();
  if (test.ok && test.operator) {
    const roles = test.operator.roles.map((role) => t(`role.${role}`)).join(t('settings.roleSeparator'));
    return (
      <p className="settings-result__ok" data-outcome="ok">
        {t('settings.testOk', { name: test.operator.name, roles, ms: test.durationMs })}
      </p>
    );
  }
  const code = test.error?.code ?? 'failed';
  return (
    <div className="settings-result__failed" data-outcome="failed" data-code={code}>
      <p>{t('settings.testFailed', { reason: errorText(code), ms: test.durationMs })}</p>
      {test.error && (
        <details>
          <summary>{t('sync.details')}</summary>
          <code>
            {test.error.code}: {test.error.message}
          </code>
        </details>
      )}
    </div>
  );
}

const BUSY_TEST = 'test';

function OutcomeText({ outcome }: { outcome: SettingsOutcome }) {
  const { t } = useTranslation();
  switch (outcome.kind) {
    case 'tested':
      return <TestText test={outcome.test} />;
    case 'saved': {
      const text = outcome.settings.mode === 'training' ? t('settings.savedTraining') : t('settings.saved');
      return (
        <p className="settings-result__ok" data-outcome="saved">
          {text}
        </p>
      );
    }
    case 'failed': {
      const { code, message } = outcome.error;
      const text = isForbidden(code) ? t('settings.adminRequired') : t(`callErrors.${code}`);
      return (
        <p className="settings-result__failed" data-outcome="error" data-code={code} title={message}>
          {text}
        </p>
      );
    }
  }
}

function isForbidden(code: string): boolean {
  return code === 'forbidden';
}

interface Props {
  invalid: InvalidReason | null;
  outcome: SettingsOutcome | null;
  busy: 'test' | 'save' | null;
}

/** Under the form: what the last test or save said, or what must be filled in first. */
export function SettingsResult({ invalid, outcome, busy }: Props) {
  const { t } = useTranslation();
  const body = busy ? (
    <p>{busy === BUSY_TEST ? t('settings.testing') : t('settings.saving')}</p>
  ) : invalid ? (
    <p className="settings-result__failed" data-outcome="invalid">
      {t(`settings.invalid.${invalid}`)}
    </p>
  ) : outcome ? (
    <OutcomeText outcome={outcome} />
  ) : null;
  return (
    <div className="settings-result" data-testid="settings-result" role="status" aria-live="polite">
      {body}
    </div>
  );
}
