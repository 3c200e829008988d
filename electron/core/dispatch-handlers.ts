import { shiftAt, shiftBounds, type Assignment, type ShiftKey } from '../../shared/contract/dispatch.js';
import { openStatuses, type Agency } from '../../shared/contract/enums.js';
import type { AccountRepository } from './db/account-repository.js';
import { assignmentOutbox, AssignmentRefused, type NewAssignment } from './db/assignment-outbox.js';
import type { Database } from './db/connection.js';
import { dispatchReads, type DispatchTask } from './db/dispatch-reads.js';
import { rosterRepository } from './db/roster-repository.js';
import { cryptoRandomInt, drawTeam, type RandomInt } from './dispatch/draw.js';
import { candidatesOf, ineligibility, INELIGIBLE_TEXT, isOfficer, teamSizeFor, type DispatchFacts } from './dispatch/eligibility.js';
import { CallFailure, type Caller, type Handlers } from './router.js';

export type DispatchMethod =
  | 'roster:get'
  | 'roster:set'
  | 'roster:officers'
  | 'dispatch:candidates'
  | 'dispatch:random'
  | 'dispatch:manual'
  | 'dispatch:forTask'
  | 'dispatch:list';

export interface DispatchDeps {
  /** The workspace's database: its task cache, roster and assignments. */
  db: Database;
  /** The console's accounts (in the real database, whatever the mode). */
  accounts: AccountRepository;
  clock: () => number;
  /** Asks the sync cycle to run soon, to send what was queued. */
  queued: () => void;
  /** A task's cached officers changed (the renderer's lists follow). */
  taskChanged: (taskId: string) => void;
  /** Tests only (the chi-square check); the console draws with node:crypto. */
  random?: RandomInt;
}

const AGENCY_TEXT: Record<Agency, string> = { customs: '海关 / customs', quarantine: '检验检疫 / quarantine', border: '边检 / border', maritime: '海事 / maritime' };

/**
 * Supervisors' dispatch (issue 10, point 1): the roster per site and shift, and a task's officers
 * drawn at random by workload among those eligible on duty, or named by hand with a reason. Both
 * queue the assignment for the single window (db/assignment-outbox.ts) with their audit entry.
 */
export function createDispatchHandlers(deps: DispatchDeps): Pick<Handlers, DispatchMethod> {
  const { db, accounts, clock } = deps;
  const roster = rosterRepository(db, clock);
  const reads = dispatchReads(db);
  const outbox = assignmentOutbox(db, clock);
  const random = deps.random ?? cryptoRandomInt;
  const actor = (caller: Caller): string => caller.operatorId ?? 'supervisor';
  const nowIso = (): string => new Date(clock()).toISOString();

  const rosterOf = (key: ShiftKey) => {
    const stored = roster.get(key);
    const officers = stored.officers.map((operatorId) => {
      const account = accounts.find(operatorId);
      return { operatorId, name: account?.name ?? operatorId, agency: account?.agency ?? 'customs', disabled: account?.disabled ?? true };
    });
    return { ...key, ...shiftBounds(key.date, key.shift), officers, updatedBy: stored.updatedBy, updatedAt: stored.updatedAt };
  };

  /** The task (open, in the cache) and what decides who may take it now. */
  const factsFor = (taskId: string): { task: DispatchTask; shift: ShiftKey; facts: DispatchFacts } => {
    const task = reads.task(taskId);
    if (!task) throw new CallFailure('not_found', `本工作台没有任务 ${taskId} / no task ${taskId} on this workstation`);
    if (!(openStatuses as readonly string[]).includes(task.status)) {
      throw new CallFailure('invalid_input', `任务 ${taskId} 的状态为 ${task.status}，只能派工未完成的任务 / task ${taskId} is ${task.status}: only an open task can be dispatched`);
    }
    const shift = { portCode: task.portCode, ...shiftAt(clock()) };
    const onDuty = roster.get(shift).officers;
    const facts: DispatchFacts = {
      onDuty,
      agencies: task.agencies,
      firstInspectors: new Set(reads.firstInspectors(taskId)),
      workloads: reads.workloads(onDuty, taskId),
      account: (operatorId) => accounts.find(operatorId),
    };
    return { task, shift, facts };
  };

  const queue = (input: Omit<NewAssignment, 'gateway' | 'now'>): Assignment => {
    try {
      const assignment = outbox.queue({ ...input, gateway: db.results.currentGateway(), now: nowIso() });
      deps.taskChanged(input.taskId);
      deps.queued();
      return assignment;
    } catch (error) {
      if (!(error instanceof AssignmentRefused)) throw error;
      throw new CallFailure(
        'invalid_input',
        error.refusal === 'in_flight'
          ? '这个任务上一次的派工已经发出、尚未得到单一窗口的答复，请稍后再派 / the previous assignment of this task was sent and has no answer yet: dispatch again once it has one'
          : '任务在选派期间发生了变化，请重新派工 / the task changed while its officers were chosen: dispatch again',
      );
    }
  };

  return {
    'roster:get': (key) => rosterOf(key),
    'roster:set': ({ officers, ...key }, caller) => {
      for (const operatorId of officers) {
        if (!isOfficer(accounts.find(operatorId))) {
          throw new CallFailure(
            'invalid_input',
            `${operatorId} 不能排班：需要已启用、具有查验员或科长角色的账号 / ${operatorId} cannot be on the roster: it must be an existing, enabled account with the inspector or supervisor role`,
          );
        }
      }
      roster.set(key, officers, actor(caller), nowIso());
      return rosterOf(key);
    },
    'roster:officers': () => ({
      officers: accounts
        .list()
        .filter(isOfficer)
        .map(({ operatorId, name, agency }) => ({ operatorId, name, agency })),
    }),
    'dispatch:candidates': ({ taskId }) => {
      const { task, shift, facts } = factsFor(taskId);
      return { taskId, portCode: task.portCode, shift, agencies: task.agencies, teamSize: teamSizeFor(task.agencies), candidates: candidatesOf(facts) };
    },
    'dispatch:random': ({ taskId }, caller) => {
      const { task, shift, facts } = factsFor(taskId);
      const candidates = candidatesOf(facts);
      const eligible = candidates.filter((candidate) => candidate.ineligible === null);
      const teamSize = teamSizeFor(task.agencies);
      const draw = drawTeam(eligible, task.agencies, teamSize, random);
      if (!draw.ok) {
        const lacking = draw.missingAgencies.map((agency) => AGENCY_TEXT[agency]).join('、');
        throw new CallFailure(
          'invalid_input',
          draw.missingAgencies.length > 0
            ? `${shift.date} ${shift.shift} 班次在 ${task.portCode} 没有可派的 ${lacking} 关员 / no eligible officer of ${lacking} on duty at ${task.portCode} (${shift.date} ${shift.shift})`
            : `可派关员只有 ${draw.eligible} 名，联合查验至少需要 ${teamSize} 名 / only ${draw.eligible} eligible officers on duty; a joint inspection needs ${teamSize}`,
        );
      }
      return queue({
        taskId,
        kind: 'random',
        reason: null,
        officers: draw.chosen,
        baseVersion: task.version,
        actor: actor(caller),
        audit: {
          action: 'dispatch.random',
          details: {
            shift: { ...shift },
            candidates: candidates.map(({ operatorId, agency, workload, weight, ineligible }) => ({ operatorId, agency, workload, weight, ineligible })),
            draws: draw.steps.map((step) => ({ agency: step.agency, pool: step.pool.map((entry) => ({ ...entry })), total: step.total, roll: step.roll, chosen: step.chosen })),
            chosen: draw.chosen,
          },
        },
      });
    },
    'dispatch:manual': ({ taskId, officers, reason }, caller) => {
      const { task, shift, facts } = factsFor(taskId);
      for (const operatorId of officers) {
        const why = ineligibility(operatorId, facts);
        if (why !== null) throw new CallFailure('invalid_input', `${operatorId}：${INELIGIBLE_TEXT[why]}`);
      }
      const teamSize = teamSizeFor(task.agencies);
      const covered = new Set(officers.map((operatorId) => accounts.find(operatorId)?.agency));
      const lacking = task.agencies.filter((agency) => !covered.has(agency));
      if (lacking.length > 0 || officers.length < teamSize) {
        throw new CallFailure(
          'invalid_input',
          `联合查验需要至少 ${teamSize} 名关员，并包括每个所需部门（缺：${lacking.map((agency) => AGENCY_TEXT[agency]).join('、') || '无'}）/ a joint inspection needs at least ${teamSize} officers including one of each agency the task needs`,
        );
      }
      return queue({
        taskId,
        kind: 'manual',
        reason,
        officers,
        baseVersion: task.version,
        actor: actor(caller),
        audit: { action: 'dispatch.manual', details: { shift: { ...shift }, officers: [...officers], reason } },
      });
    },
    'dispatch:forTask': ({ taskId }) => ({ assignments: outbox.forTask(taskId) }),
    'dispatch:list': ({ limit }) => ({ assignments: outbox.unsettled(limit) }),
  };
}
