import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GatewaySettings, MethodInput } from '../../../shared/contract/index.js';
import { useHasRole } from '../session/session-context.js';
import { AccountsSection } from './AccountsSection.js';
import { BackupSection } from './BackupSection.js';
import { MapEngineSection } from './MapEngineSection.js';
import { SettingsResult } from './SettingsResult.js';
import { saveInput, testInput, type InvalidReason } from './settings-validation.js';
import { useGatewaySettings, type GatewaySettingsState } from './use-gateway-settings.js';

/** The admin's gateway settings: training mode or a gateway, operator, password, connection test. */
export function SettingsScreen() {
  const { t } = useTranslation();
  const state = useGatewaySettings();
  const { settings, loadError, forbidden } = state;
  const admin = useHasRole('admin');
  return (
    <section className="settings" aria-label={t('settings.title')}>
      <h2>{t('settings.title')}</h2>
      {forbidden && (
        <p className="settings__forbidden" role="alert" data-testid="settings-forbidden">
          {t('settings.adminRequired')}
        </p>
      )}
      {loadError && !forbidden && (
        <p className="sync-section__error" role="alert" data-testid="settings-load-error" title={`${loadError.code}: ${loadError.message}`}>
          {t(`callErrors.${loadError.code}`)}
        </p>
      )}
      {settings === null && !loadError && <p className="sync-section__message">{t('settings.loading')}</p>}
      {/* A new answer from the core (load, save) starts the form again from the stored values. */}
      <SettingsForm key={settings ? JSON.stringify(settings) : 'none'} settings={settings} state={state} />
      {admin && !forbidden && <AccountsSection />}
      {admin && !forbidden && <BackupSection />}
      {admin && !forbidden && <MapEngineSection />}
    </section>
  );
}

function SettingsForm({ settings, state }: { settings: GatewaySettings | null; state: GatewaySettingsState }) {
  const { t } = useTranslation();
  const id = useId();
  const [url, setUrl] = useState(settings?.gatewayUrl ?? '');
  const [operator, setOperator] = useState(settings?.operatorId ?? '');
  const [password, setPassword] = useState('');
  /** Park the current gateway's unsettled results so the gateway can change (the core refuses otherwise). */
  const [park, setPark] = useState(false);
  const [invalid, setInvalid] = useState<InvalidReason | null>(null);
  const disabled = state.forbidden || settings === null || state.busy !== null;
  const modeText = settings ? (settings.mode === 'training' ? t('settings.modeTraining') : t('settings.modeGateway')) : null;

  const send = <T,>(checked: { ok: true; input: T } | { ok: false; reason: InvalidReason }, action: (input: T) => void): void => {
    if (!checked.ok) {
      state.clearOutcome();
      setInvalid(checked.reason);
      return;
    }
    setInvalid(null);
    action(checked.input);
  };
  const draft = { url, operator, password };
  const switchToTraining = (): void => {
    const operatorId = operator.trim();
    const input: MethodInput<'settings:setGateway'> = { gatewayUrl: null, operatorId: operatorId === '' ? null : operatorId };
    setInvalid(null);
    state.save(input);
  };

  return (
    <form
      className="settings__form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        send(saveInput(draft, settings), (input) => {
          state.save(park ? { ...input, parkResults: true } : input);
        });
      }}
    >
      <fieldset disabled={disabled} className="settings__fields">
        <p className="settings__mode" data-testid="settings-mode" data-mode={settings?.mode ?? ''}>
          <span className="field__label">{t('settings.mode')}</span>{' '}
          {modeText}
        </p>
        <label className="field" htmlFor={`${id}-url`}>
          <span className="field__label">{t('settings.url')}</span>
          <input
            id={`${id}-url`}
            type="url"
            className="text-input"
            data-testid="settings-url"
            value={url}
            maxLength={500}
            placeholder={t('settings.urlPlaceholder')}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => {
              setUrl(event.target.value);
            }}
          />
        </label>
        <label className="field" htmlFor={`${id}-operator`}>
          <span className="field__label">{t('settings.operator')}</span>
          <input
            id={`${id}-operator`}
            className="text-input"
            data-testid="settings-operator"
            value={operator}
            maxLength={64}
            autoComplete="username"
            spellCheck={false}
            onChange={(event) => {
              setOperator(event.target.value);
            }}
          />
        </label>
        <label className="field" htmlFor={`${id}-password`}>
          <span className="field__label">{t('settings.password')}</span>
          <input
            id={`${id}-password`}
            type="password"
            className="text-input"
            data-testid="settings-password"
            value={password}
            maxLength={256}
            placeholder={settings?.hasPassword ? t('settings.passwordKeep') : t('settings.passwordNone')}
            autoComplete="new-password"
            onChange={(event) => {
              setPassword(event.target.value);
            }}
          />
        </label>
        {settings && (
          <p className="settings__workstation">
            <span className="field__label">{t('settings.workstation')}</span> <code data-testid="settings-workstation">{settings.workstationId}</code>
          </p>
        )}
        <label className="field field--inline" htmlFor={`${id}-park`}>
          <input
            id={`${id}-park`}
            type="checkbox"
            data-testid="settings-park"
            checked={park}
            onChange={(event) => {
              setPark(event.target.checked);
            }}
          />{' '}
          <span>{t('settings.parkResults')}</span>
        </label>
        <div className="settings__actions">
          <button
            type="button"
            className="button button--secondary"
            data-testid="settings-test"
            onClick={() => {
              send(testInput(draft, settings), state.test);
            }}
          >
            {t('settings.test')}
          </button>
          <button type="submit" className="button" data-testid="settings-save">
            {t('settings.save')}
          </button>
          <button type="button" className="button button--secondary" data-testid="settings-training" onClick={switchToTraining}>
            {t('settings.useTraining')}
          </button>
        </div>
      </fieldset>
      <SettingsResult invalid={invalid} outcome={state.outcome} busy={state.busy} />
    </form>
  );
}
