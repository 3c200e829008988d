import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { shiftKeySchema } from '../../../shared/contract/index.js';
import { useOpenTask } from '../../shell/open-task.js';
import { AssignmentItem } from './AssignmentItem.js';
import { CallFailure } from './CallFailure.js';
import { namesOf } from './officer-name.js';
import { RosterEditor } from './RosterEditor.js';
import { currentShift, ShiftPicker, type ShiftChoice } from './ShiftPicker.js';
import { usePorts } from './use-ports.js';
import { useRosterOfficers } from './use-roster.js';
import { useUnsettledAssignments } from './use-unsettled-assignments.js';
import './dispatch.css';

/**
 * The supervisor's dispatch screen (issue 10, point 1: 双随机): the duty roster of a site and shift
 * the random draw picks from, and the assignments still on their way to the single window. A task
 * is dispatched from its detail, where its site, agencies and candidates are known.
 */
export function DispatchScreen() {
  const { t } = useTranslation();
  const ports = usePorts();
  // null until the supervisor types a site: the first cached port stands in, once known.
  const [typedPort, setTypedPort] = useState<string | null>(null);
  const [when, setWhen] = useState(() => currentShift('', Date.now()));
  const choice: ShiftChoice = { ...when, portCode: typedPort ?? ports[0]?.portCode ?? '' };
  const key = shiftKeySchema.safeParse(choice);
  const officers = useRosterOfficers();
  return (
    <section className="dispatch" aria-labelledby="dispatch-title" data-testid="dispatch-screen">
      <h2 id="dispatch-title">{t('dispatch.roster.title')}</h2>
      <p className="sync-section__message">{t('dispatch.roster.intro')}</p>
      <ShiftPicker
        value={choice}
        ports={ports}
        onChange={(next) => {
          setTypedPort(next.portCode);
          setWhen(next);
        }}
      />
      {officers.error && <CallFailure lead={t('dispatch.roster.officersFailed')} error={officers.error} testId="roster-officers-error" />}
      {key.success ? (
        <RosterEditor key={`${key.data.portCode} ${key.data.date} ${key.data.shift}`} shiftKey={key.data} available={officers.officers} />
      ) : (
        <p className="sync-section__message" data-testid="roster-choose">
          {t('dispatch.roster.chooseSite')}
        </p>
      )}
      <UnsettledAssignments names={namesOf(officers.officers)} />
    </section>
  );
}

function UnsettledAssignments({ names }: { names: ReadonlyMap<string, string> }) {
  const { t } = useTranslation();
  const { assignments, error } = useUnsettledAssignments();
  const openTask = useOpenTask();
  return (
    <section className="dispatch__unsettled" aria-labelledby="dispatch-unsettled-title">
      <h3 id="dispatch-unsettled-title">{t('dispatch.unsettled.title')}</h3>
      {error && <CallFailure lead={t('dispatch.unsettled.loadFailed')} error={error} testId="unsettled-load-error" />}
      {assignments?.length === 0 && (
        <p className="sync-section__message" data-testid="unsettled-empty">
          {t('dispatch.unsettled.empty')}
        </p>
      )}
      {assignments && assignments.length > 0 && (
        <ul className="dispatch__assignments" data-testid="unsettled-list">
          {assignments.map((assignment) => (
            <AssignmentItem key={assignment.assignmentId} assignment={assignment} names={names}>
              <strong>{assignment.taskId}</strong>{' '}
              {openTask && (
                <a
                  href="#"
                  data-testid="unsettled-open-task"
                  onClick={(event) => {
                    event.preventDefault();
                    openTask(assignment.taskId);
                  }}
                >
                  {t('review.openTask')}
                </a>
              )}{' '}
            </AssignmentItem>
          ))}
        </ul>
      )}
    </section>
  );
}
