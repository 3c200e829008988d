import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agency, RosterOfficer, ShiftKey } from '../../../shared/contract/index.js';
import { useTimeFormatters } from '../sync/time-format.js';
import { CallFailure } from './CallFailure.js';
import { officerName } from './officer-name.js';
import { useOpenWorkload } from './use-open-workload.js';
import { useRoster } from './use-roster.js';

interface ListedOfficer {
  operatorId: string;
  name: string;
  agency: Agency | null;
  disabled: boolean;
}

interface Props {
  shiftKey: ShiftKey;
  /** Accounts the roster may list (null while they load). */
  available: readonly RosterOfficer[] | null;
}

/**
 * One shift's list at one site: who is on duty, their agency and open workload; officers added or
 * removed here stay a draft until saved (roster:set replaces the whole list). The screen keys this
 * by shift, so choosing another shift starts from that shift's saved list.
 */
export function RosterEditor({ shiftKey, available }: Props) {
  const { t } = useTranslation();
  const time = useTimeFormatters().full;
  const state = useRoster(shiftKey);
  const [draft, setDraft] = useState<readonly string[] | null>(null);
  const saved = state.roster?.officers.map((officer) => officer.operatorId) ?? [];
  const listed = draft ?? saved;
  const workload = useOpenWorkload(listed);

  const known = new Map<string, ListedOfficer>();
  for (const officer of available ?? []) known.set(officer.operatorId, { ...officer, disabled: false });
  for (const officer of state.roster?.officers ?? []) known.set(officer.operatorId, officer);
  const lines = listed.map((operatorId) => known.get(operatorId) ?? { operatorId, name: operatorId, agency: null, disabled: false });
  const addable = (available ?? []).filter((officer) => !listed.includes(officer.operatorId));

  if (state.error) return <CallFailure lead={t('dispatch.roster.loadFailed')} error={state.error} testId="roster-load-error" />;
  if (!state.roster) return <p className="sync-section__message">{t('dispatch.roster.loading')}</p>;
  return (
    <div className="dispatch__roster" data-testid="roster" data-port-code={shiftKey.portCode} data-date={shiftKey.date} data-shift={shiftKey.shift}>
      <p className="task-detail__muted" data-testid="roster-updated">
        {state.roster.updatedBy === null || state.roster.updatedAt === null
          ? t('dispatch.roster.neverSet')
          : t('dispatch.roster.updated', { who: state.roster.updatedBy, time: time(state.roster.updatedAt) })}
      </p>
      {lines.length === 0 ? (
        <p className="sync-section__message" data-testid="roster-empty">
          {t('dispatch.roster.empty')}
        </p>
      ) : (
        <table className="accounts__table" data-testid="roster-table">
          <caption className="dispatch__caption">{t('dispatch.roster.onDuty', { count: lines.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dispatch.roster.officer')}</th>
              <th scope="col">{t('dispatch.roster.agency')}</th>
              <th scope="col">{t('dispatch.roster.workload')}</th>
              <th scope="col">{t('dispatch.roster.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.operatorId} data-testid="roster-officer" data-operator-id={line.operatorId}>
                <td>
                  {officerName(t, line)}
                  {line.disabled && <span className="tag tag--held">{t('dispatch.roster.disabled')}</span>}
                </td>
                <td>{line.agency === null ? t('dispatch.roster.unknownAgency') : t(`agency.${line.agency}`)}</td>
                <td data-testid="roster-workload">{workload.get(line.operatorId) ?? '…'}</td>
                <td>
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    data-testid="roster-remove"
                    aria-label={t('dispatch.roster.removeOfficer', { officer: officerName(t, line) })}
                    onClick={() => setDraft(listed.filter((operatorId) => operatorId !== line.operatorId))}
                  >
                    {t('dispatch.roster.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddOfficer addable={addable} loading={available === null} onAdd={(operatorId) => setDraft([...listed, operatorId])} />
      <div className="settings__actions">
        <button
          type="button"
          className="button"
          data-testid="roster-save"
          disabled={draft === null || state.busy}
          onClick={() => {
            if (draft !== null) void state.save(draft).then((done) => done && setDraft(null));
          }}
        >
          {t('dispatch.roster.save')}
        </button>
        {draft !== null && (
          <span className="task-detail__muted" data-testid="roster-unsaved">
            {t('dispatch.roster.unsaved')}
          </span>
        )}
      </div>
      {state.outcome?.ok === true && draft === null && (
        <p className="settings-result__ok" role="status" data-testid="roster-saved">
          {t('dispatch.roster.saved')}
        </p>
      )}
      {state.outcome?.ok === false && <CallFailure lead={t('dispatch.roster.saveFailed')} error={state.outcome.error} testId="roster-save-error" />}
    </div>
  );
}

function AddOfficer({ addable, loading, onAdd }: { addable: readonly RosterOfficer[]; loading: boolean; onAdd: (operatorId: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [chosen, setChosen] = useState('');
  const valid = addable.some((officer) => officer.operatorId === chosen);
  return (
    <div className="dispatch__add">
      <label htmlFor={`${id}-officer`}>{t('dispatch.roster.add')}</label>
      <select id={`${id}-officer`} className="text-input" data-testid="roster-add-officer" value={valid ? chosen : ''} onChange={(event) => setChosen(event.target.value)}>
        <option value="">{loading ? t('dispatch.roster.officersLoading') : t('dispatch.roster.choose')}</option>
        {addable.map((officer) => (
          <option key={officer.operatorId} value={officer.operatorId}>
            {`${officerName(t, officer)}${t('tasks.fieldSeparator')}${t(`agency.${officer.agency}`)}`}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button button--secondary"
        data-testid="roster-add"
        disabled={!valid}
        onClick={() => {
          onAdd(chosen);
          setChosen('');
        }}
      >
        {t('dispatch.roster.addButton')}
      </button>
    </div>
  );
}
