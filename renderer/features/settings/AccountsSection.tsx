import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { agencies, MIN_PASSWORD_LENGTH, roles as allRoles, type Account, type Agency, type Role } from '../../../shared/contract/index.js';
import { useSignedIn } from '../session/session-context.js';
import { useAccounts, type AccountsOutcome, type AccountsState } from './use-accounts.js';

const DEFAULT_IDLE_MINUTES = 15;

/**
 * Local accounts (admins only: Settings shows it to an admin session; the core refuses the calls to
 * anyone else): the list with roles, state and actions, a new account, and the idle-lock time.
 */
export function AccountsSection() {
  const { t } = useTranslation();
  const state = useAccounts();
  return (
    <section className="accounts" aria-label={t('session.accounts.title')} data-testid="accounts-section">
      <h2>{t('session.accounts.title')}</h2>
      <IdleLockForm state={state} />
      {state.loadError && (
        <p className="sync-section__error" role="alert" title={`${state.loadError.code}: ${state.loadError.message}`}>
          {t(`callErrors.${state.loadError.code}`)}
        </p>
      )}
      {state.accounts === null && !state.loadError && <p className="sync-section__message">{t('session.accounts.loading')}</p>}
      {state.accounts && <AccountsTable accounts={state.accounts} state={state} />}
      <Outcome outcome={state.outcome} />
      <CreateAccountForm state={state} />
    </section>
  );
}

function Outcome({ outcome }: { outcome: AccountsOutcome | null }) {
  const { t } = useTranslation();
  if (!outcome) return null;
  return outcome.ok ? (
    <p className="settings-result__ok" role="status" data-testid="accounts-outcome" data-outcome="ok">
      {t(`session.accounts.${outcome.key}`, outcome.values)}
    </p>
  ) : (
    <p className="settings-result__failed" role="alert" data-testid="accounts-outcome" data-outcome="failed" data-code={outcome.error.code}>
      {t('session.accounts.failed', { reason: `${t(`callErrors.${outcome.error.code}`)} ${outcome.error.message}` })}
    </p>
  );
}

function IdleLockForm({ state }: { state: AccountsState }) {
  const { t } = useTranslation();
  const id = useId();
  const session = useSignedIn();
  const [minutes, setMinutes] = useState(String(session?.status.idleLockMinutes ?? DEFAULT_IDLE_MINUTES));
  return (
    <form
      className="accounts__idle"
      onSubmit={(event) => {
        event.preventDefault();
        const value = Number(minutes);
        if (Number.isInteger(value) && value >= 1) state.setIdleLock(value);
      }}
    >
      <label htmlFor={`${id}-idle`}>{t('session.accounts.idleLock')}</label>
      <input id={`${id}-idle`} className="text-input" type="number" min={1} max={1440} data-testid="idle-lock-minutes" value={minutes} onChange={(event) => setMinutes(event.target.value)} />
      <button type="submit" disabled={state.busy} data-testid="idle-lock-save">
        {t('session.accounts.idleLockSave')}
      </button>
    </form>
  );
}

function AccountsTable({ accounts, state }: { accounts: Account[]; state: AccountsState }) {
  const { t } = useTranslation();
  return (
    <table className="accounts__table" data-testid="accounts-table">
      <thead>
        <tr>
          <th scope="col">{t('session.accounts.operatorId')}</th>
          <th scope="col">{t('session.accounts.name')}</th>
          <th scope="col">{t('session.accounts.roles')}</th>
          <th scope="col">{t('session.accounts.agency')}</th>
          <th scope="col">{t('session.accounts.state')}</th>
          <th scope="col">{t('session.accounts.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {accounts.map((account) => (
          <AccountRow key={account.operatorId} account={account} state={state} />
        ))}
      </tbody>
    </table>
  );
}

function AccountRow({ account, state }: { account: Account; state: AccountsState }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const toggleRole = (role: Role, on: boolean): void => {
    const next = on ? [...account.roles, role] : account.roles.filter((held) => held !== role);
    if (next.length > 0) state.update({ operatorId: account.operatorId, roles: next });
  };
  const stateText = [
    account.disabled ? t('session.accounts.disabled') : t('session.accounts.enabled'),
    account.lockedUntil === null ? null : t('session.accounts.lockedUntil', { until: new Date(account.lockedUntil).toLocaleString() }),
    account.training ? t('session.accounts.training') : null,
  ].filter((text) => text !== null);
  return (
    <tr data-testid="account-row" data-operator-id={account.operatorId}>
      <td>{account.operatorId}</td>
      <td>{account.name}</td>
      <td>
        {allRoles.map((role) => (
          <label key={role} className="accounts__role">
            <input
              type="checkbox"
              data-testid={`account-role-${role}`}
              checked={account.roles.includes(role)}
              disabled={state.busy}
              onChange={(event) => toggleRole(role, event.target.checked)}
            />
            {t(`session.roles.${role}`)}
          </label>
        ))}
      </td>
      <td>{t(`session.agencies.${account.agency}`)}</td>
      <td data-testid="account-state">{stateText.join(' · ')}</td>
      <td className="accounts__actions">
        <button type="button" data-testid="account-toggle" disabled={state.busy} onClick={() => state.update({ operatorId: account.operatorId, disabled: !account.disabled })}>
          {account.disabled ? t('session.accounts.enable') : t('session.accounts.disable')}
        </button>
        {account.lockedUntil !== null && (
          <button type="button" data-testid="account-unlock" disabled={state.busy} onClick={() => state.unlock(account.operatorId)}>
            {t('session.accounts.unlock')}
          </button>
        )}
        <input
          type="password"
          className="text-input"
          aria-label={t('session.accounts.newPassword', { min: MIN_PASSWORD_LENGTH })}
          placeholder={t('session.accounts.newPassword', { min: MIN_PASSWORD_LENGTH })}
          autoComplete="new-password"
          data-testid="account-new-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <button
          type="button"
          data-testid="account-reset-password"
          disabled={state.busy || password.length < MIN_PASSWORD_LENGTH}
          onClick={() => {
            void state.resetPassword(account.operatorId, password).then((done) => {
              if (done) setPassword('');
            });
          }}
        >
          {t('session.accounts.resetPassword')}
        </button>
      </td>
    </tr>
  );
}

function CreateAccountForm({ state }: { state: AccountsState }) {
  const { t } = useTranslation();
  const id = useId();
  const [operatorId, setOperatorId] = useState('');
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<Role[]>(['inspector']);
  const [agency, setAgency] = useState<Agency>('customs');
  const [password, setPassword] = useState('');
  const ready = operatorId.trim() !== '' && name.trim() !== '' && chosen.length > 0 && password.length >= MIN_PASSWORD_LENGTH;
  return (
    <form
      className="accounts__create"
      data-testid="account-create-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!ready) return;
        void state.create({ operatorId: operatorId.trim(), name: name.trim(), roles: chosen, agency, password }).then((done) => {
          if (!done) return;
          setOperatorId('');
          setName('');
          setPassword('');
        });
      }}
    >
      <h3>{t('session.accounts.create')}</h3>
      <label htmlFor={`${id}-operator`}>{t('session.accounts.operatorId')}</label>
      <input id={`${id}-operator`} className="text-input" data-testid="account-create-operator" value={operatorId} onChange={(event) => setOperatorId(event.target.value)} />
      <label htmlFor={`${id}-name`}>{t('session.accounts.name')}</label>
      <input id={`${id}-name`} className="text-input" data-testid="account-create-name" value={name} onChange={(event) => setName(event.target.value)} />
      <fieldset className="accounts__roles">
        <legend>{t('session.accounts.roles')}</legend>
        {allRoles.map((role) => (
          <label key={role} className="accounts__role">
            <input
              type="checkbox"
              data-testid={`account-create-role-${role}`}
              checked={chosen.includes(role)}
              onChange={(event) => setChosen(event.target.checked ? [...chosen, role] : chosen.filter((held) => held !== role))}
            />
            {t(`session.roles.${role}`)}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${id}-agency`}>{t('session.accounts.agency')}</label>
      <select id={`${id}-agency`} data-testid="account-create-agency" value={agency} onChange={(event) => setAgency(event.target.value as Agency)}>
        {agencies.map((value) => (
          <option key={value} value={value}>
            {t(`session.agencies.${value}`)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-password`}>{t('session.accounts.newPassword', { min: MIN_PASSWORD_LENGTH })}</label>
      <input id={`${id}-password`} className="text-input" type="password" autoComplete="new-password" data-testid="account-create-password" value={password} onChange={(event) => setPassword(event.target.value)} />
      <button type="submit" disabled={state.busy || !ready} data-testid="account-create-submit">
        {state.busy ? t('session.accounts.creating') : t('session.accounts.create')}
      </button>
    </form>
  );
}
