import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_DISPATCH_REASON, openStatuses, type Agency, type TaskDetail } from '../../../shared/contract/index.js';
import { useHasRole } from '../session/session-context.js';
import { AssignmentItem } from './AssignmentItem.js';
import { CallFailure } from './CallFailure.js';
import { namesOf, officerName, officerNames } from './officer-name.js';
import { useTaskDispatch, type DispatchCandidates, type DispatchOutcome, type TaskDispatchState } from './use-task-dispatch.js';
import './dispatch.css';

/**
 * Dispatch on the task's detail, for a supervisor (the core refuses anyone else, so it is not shown
 * to them): who is on duty at its site, "Assign at random" (weighted by workload) and "Assign by
 * hand" with a reason, and the task's assignments with their state on the way to the single window.
 */
export function TaskDispatch({ task }: { task: Pick<TaskDetail, 'taskId' | 'status'> }) {
  const supervisor = useHasRole('supervisor');
  return supervisor ? <TaskDispatchSection taskId={task.taskId} open={(openStatuses as readonly string[]).includes(task.status)} /> : null;
}

function TaskDispatchSection({ taskId, open }: { taskId: string; open: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const dispatch = useTaskDispatch(taskId);
  const names = namesOf(dispatch.candidates?.candidates ?? null);
  return (
    <section className="task-detail__section dispatch__task" aria-labelledby={`${id}-title`} data-testid="task-dispatch">
      <h3 id={`${id}-title`}>{t('dispatch.task.title')}</h3>
      {open ? (
        <>
          {dispatch.candidatesError && <CallFailure lead={t('dispatch.task.candidatesFailed')} error={dispatch.candidatesError} testId="dispatch-candidates-error" />}
          {dispatch.candidates && <OnDuty candidates={dispatch.candidates} />}
          <div className="settings__actions">
            <button type="button" className="button" data-testid="dispatch-random" disabled={dispatch.busy} aria-describedby={`${id}-random-hint`} onClick={dispatch.random}>
              {t('dispatch.task.random')}
            </button>
            <span id={`${id}-random-hint`} className="task-detail__muted">
              {t('dispatch.task.randomHint')}
            </span>
          </div>
          <Outcome outcome={dispatch.outcome} assignments={dispatch.assignments} names={names} />
          <ManualDispatch candidates={dispatch.candidates} state={dispatch} />
        </>
      ) : (
        // The core dispatches open tasks only; a closed one keeps its history.
        <p className="task-detail__muted" data-testid="dispatch-closed">
          {t('dispatch.task.closed')}
        </p>
      )}
      <Assignments state={dispatch} names={names} />
    </section>
  );
}

/**
 * The shift on duty now at the task's site and how many of its officers may take the task, and,
 * before anyone clicks, which needed agency has nobody to draw: the core's refusal would say so too,
 * but here it is said in the reader's language alone.
 */
function OnDuty({ candidates }: { candidates: DispatchCandidates }) {
  const { t } = useTranslation();
  const eligible = candidates.candidates.filter((candidate) => candidate.ineligible === null);
  const uncovered = candidates.agencies.filter((agency) => !eligible.some((candidate) => candidate.agency === agency));
  const agencyList = (agencies: readonly Agency[]): string => agencies.map((agency) => t(`agency.${agency}`)).join(t('tasks.listSeparator'));
  return (
    <>
      <p className="task-detail__muted" data-testid="dispatch-on-duty">
        {t('dispatch.task.onDuty', {
          portCode: candidates.portCode,
          date: candidates.shift.date,
          shift: t(`dispatch.shift.${candidates.shift.shift}`),
          count: candidates.candidates.length,
          eligible: eligible.length,
          agencies: agencyList(candidates.agencies),
          teamSize: candidates.teamSize,
        })}
      </p>
      {(uncovered.length > 0 || eligible.length < candidates.teamSize) && (
        <p className="settings-result__failed" data-testid="dispatch-short">
          {uncovered.length > 0 ? t('dispatch.task.uncovered', { agencies: agencyList(uncovered) }) : t('dispatch.task.tooFew', { teamSize: candidates.teamSize })}
        </p>
      )}
    </>
  );
}

/** Who the last dispatch named and where its assignment is now (queued, sent…), or why it was refused. */
function Outcome({ outcome, assignments, names }: { outcome: DispatchOutcome | null; assignments: TaskDispatchState['assignments']; names: ReadonlyMap<string, string> }) {
  const { t } = useTranslation();
  if (outcome === null) return null;
  if (!outcome.ok) return <CallFailure lead={t(`dispatch.task.refused.${outcome.kind}`)} error={outcome.error} testId="dispatch-refused" />;
  // The list is asked again after each sync: the state there is newer than the dispatch's own answer.
  const made = assignments?.find((assignment) => assignment.assignmentId === outcome.assignment.assignmentId) ?? outcome.assignment;
  return (
    <p className="settings-result__ok" role="status" data-testid="dispatch-outcome" data-kind={made.kind} data-state={made.state}>
      {t(`dispatch.task.done.${made.kind}`, { officers: officerNames(t, made.assignedTo, names) })}
      {t('tasks.fieldSeparator')}
      {t(`dispatch.state.${made.state}`)}
    </p>
  );
}

function ManualDispatch({ candidates, state }: { candidates: DispatchCandidates | null; state: TaskDispatchState }) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [reason, setReason] = useState('');
  const ready = chosen.length > 0 && reason.trim() !== '' && !state.busy;
  return (
    <div className="dispatch__manual">
      <button type="button" className="button button--secondary" data-testid="dispatch-manual-open" aria-expanded={open} aria-controls={`${id}-form`} onClick={() => setOpen(!open)}>
        {t('dispatch.task.manual')}
      </button>
      {open && (
        <form
          id={`${id}-form`}
          className="dispatch__manual-form"
          data-testid="dispatch-manual-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (!ready) return;
            void state.manual(chosen, reason.trim()).then((done) => {
              if (!done) return;
              setOpen(false);
              setChosen([]);
              setReason('');
            });
          }}
        >
          <fieldset className="dispatch__officers">
            <legend>{t('dispatch.task.officers')}</legend>
            {candidates === null && <p className="task-detail__muted">{t('dispatch.task.candidatesLoading')}</p>}
            {candidates?.candidates.length === 0 && (
              <p className="task-detail__muted" data-testid="dispatch-nobody">
                {t('dispatch.task.nobodyOnDuty')}
              </p>
            )}
            {candidates?.candidates.map((candidate) => (
              <label key={candidate.operatorId} className="dispatch__officer" data-testid="dispatch-candidate" data-operator-id={candidate.operatorId}>
                <input
                  type="checkbox"
                  data-testid="dispatch-candidate-check"
                  // The core refuses an ineligible officer; the reason is said beside the name.
                  disabled={candidate.ineligible !== null}
                  checked={chosen.includes(candidate.operatorId)}
                  onChange={(event) => setChosen(event.target.checked ? [...chosen, candidate.operatorId] : chosen.filter((operatorId) => operatorId !== candidate.operatorId))}
                />
                {officerName(t, candidate)}
                {t('tasks.fieldSeparator')}
                {t(`agency.${candidate.agency}`)}
                {t('tasks.fieldSeparator')}
                {t('dispatch.task.workload', { count: candidate.workload })}
                {candidate.ineligible !== null && (
                  <>
                    {t('tasks.fieldSeparator')}
                    <span className="task-detail__muted">{t(`dispatch.ineligible.${candidate.ineligible}`)}</span>
                  </>
                )}
              </label>
            ))}
          </fieldset>
          <label htmlFor={`${id}-reason`}>{t('dispatch.task.reason')}</label>
          <textarea
            id={`${id}-reason`}
            className="text-input"
            data-testid="dispatch-manual-reason"
            rows={2}
            required
            maxLength={MAX_DISPATCH_REASON}
            aria-describedby={`${id}-reason-hint`}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
          <p id={`${id}-reason-hint`} className="task-detail__muted">
            {t('dispatch.task.reasonHint')}
          </p>
          <button type="submit" className="button" data-testid="dispatch-manual-submit" disabled={!ready}>
            {t('dispatch.task.manualSubmit')}
          </button>
        </form>
      )}
    </div>
  );
}

function Assignments({ state, names }: { state: TaskDispatchState; names: ReadonlyMap<string, string> }) {
  const { t } = useTranslation();
  if (state.assignmentsError) return <CallFailure lead={t('dispatch.task.assignmentsFailed')} error={state.assignmentsError} testId="dispatch-assignments-error" />;
  if (state.assignments === null) return null;
  if (state.assignments.length === 0)
    return (
      <p className="task-detail__muted" data-testid="dispatch-none">
        {t('dispatch.task.none')}
      </p>
    );
  return (
    <ul className="dispatch__assignments" aria-label={t('dispatch.task.assignments')} data-testid="task-assignments">
      {state.assignments.map((assignment) => (
        <AssignmentItem key={assignment.assignmentId} assignment={assignment} names={names} />
      ))}
    </ul>
  );
}
