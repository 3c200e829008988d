import { z } from 'zod';
import { appInfoSchema, emptyInputSchema } from './app.js';
import { auditForTaskInputSchema, auditForTaskSchema, auditStatusSchema } from './audit.js';
import { backupListSchema, backupNowSchema, backupSettingsInputSchema, backupSettingsSchema } from './backup.js';
import { reviewDecideInputSchema, reviewForTaskInputSchema, reviewListSchema, reviewPendingInputSchema, reviewPendingSchema, reviewSchema } from './review.js';
import {
  cargoArrivalsInputSchema,
  cargoArrivalsSchema,
  cargoFrameSchema,
  cargoSnapshotInputSchema,
  cargoSnapshotSchema,
  cargoTrackInputSchema,
  cargoTrackSchema,
} from './cargo.js';
import type { CallerRole } from './enums.js';
import {
  attachmentPutInputSchema,
  attachmentPutSchema,
  inspectionCheckInputSchema,
  inspectionCheckSchema,
  inspectionDiscardInputSchema,
  inspectionDiscardSchema,
  inspectionDraftSchema,
  inspectionGetSchema,
  inspectionOfficerOutcomeSchema,
  inspectionSaveInputSchema,
  inspectionPatchInputSchema,
  inspectionPatchOutcomeSchema,
  inspectionSignInputSchema,
  inspectionStartInputSchema,
  inspectionSubmitOutcomeSchema,
  inspectionTaskInputSchema,
} from './inspection.js';
import { conflictAnswerSchema, conflictInputSchema } from './conflict.js';
import {
  assignmentListSchema,
  assignmentSchema,
  dispatchCandidatesSchema,
  dispatchListInputSchema,
  dispatchManualInputSchema,
  dispatchTaskInputSchema,
  rosterOfficersSchema,
  rosterSchema,
  rosterSetInputSchema,
  shiftKeySchema,
} from './dispatch.js';
import { evidenceExportInputSchema, evidenceExportSchema } from './evidence.js';
import { mapConfigSchema, mapSettingsInputSchema, mapSettingsSchema } from './map.js';
import { kpiExportInputSchema, kpiExportSchema, kpiFiltersSchema, kpiOfficersSchema, kpiSummarySchema } from './kpi.js';
import { cachedReferenceSchema } from './reference.js';
import {
  taskCountInputSchema,
  taskCountSchema,
  taskDetailSchema,
  taskByIdsInputSchema,
  taskGetInputSchema,
  taskListInputSchema,
  taskPageSchema,
  taskRowsSchema,
} from './tasks.js';
import {
  connectionTestInputSchema,
  connectionTestSchema,
  flagAckInputSchema,
  flagsListSchema,
  gatewaySettingsInputSchema,
  gatewaySettingsSchema,
  journalInputSchema,
  journalPageSchema,
  parkedExportSchema,
  resultResolveInputSchema,
  resultsListInputSchema,
  resultsForTaskInputSchema,
  resultsListSchema,
  resultSummarySchema,
  syncStatusSchema,
} from './sync.js';
import {
  accountCreateInputSchema,
  accountIdInputSchema,
  accountListSchema,
  accountSchema,
  accountUpdateInputSchema,
  firstAdminInputSchema,
  idleLockInputSchema,
  idleLockSchema,
  sessionStatusSchema,
  setPasswordInputSchema,
  signInInputSchema,
  signInOutcomeSchema,
  unlockInputSchema,
} from './session.js';

/** One declaration per call: name `domain:verb`, input and output schemas, the roles allowed. */
interface MethodSpec<I extends z.ZodType, O extends z.ZodType> {
  input: I;
  output: O;
  /**
   * The roles that may call it. `wall` is named only on calls whose answer a wall display may show
   * (the map, arrivals, the sync state): no consignee, no personal data, no change.
   */
  roles: readonly CallerRole[];
  /**
   * Answers a channel that is signed out or idle-locked (app:info and the session's own calls); no
   * role is checked, except that a wall channel gets only those naming `wall`.
   */
  signedOut?: true;
}

function method<I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>): MethodSpec<I, O> {
  return spec;
}

const everyone = ['inspector', 'supervisor', 'admin'] as const;
const officers = ['inspector', 'supervisor'] as const;
const admins = ['admin'] as const;
const supervisors = ['supervisor'] as const;
/** Accounts and the wall display: reads whose answers carry no personal data and change nothing. */
const everyoneAndWall = [...everyone, 'wall'] as const;
/** Supervisors and the wall display: aggregates a supervisor reads that carry no personal data. */
const supervisorsAndWall = [...supervisors, 'wall'] as const;

export const methods = {
  'app:info': method({ input: emptyInputSchema, output: appInfoSchema, roles: everyoneAndWall, signedOut: true }),
  'session:status': method({ input: emptyInputSchema, output: sessionStatusSchema, roles: everyoneAndWall, signedOut: true }),
  'session:signIn': method({ input: signInInputSchema, output: signInOutcomeSchema, roles: everyone, signedOut: true }),
  'session:signOut': method({ input: emptyInputSchema, output: sessionStatusSchema, roles: everyone, signedOut: true }),
  'session:unlock': method({ input: unlockInputSchema, output: signInOutcomeSchema, roles: everyone, signedOut: true }),
  'session:createFirstAdmin': method({ input: firstAdminInputSchema, output: signInOutcomeSchema, roles: everyone, signedOut: true }),
  'accounts:list': method({ input: emptyInputSchema, output: accountListSchema, roles: admins }),
  'accounts:create': method({ input: accountCreateInputSchema, output: accountSchema, roles: admins }),
  'accounts:update': method({ input: accountUpdateInputSchema, output: accountSchema, roles: admins }),
  'accounts:setPassword': method({ input: setPasswordInputSchema, output: accountSchema, roles: everyone }),
  'accounts:unlock': method({ input: accountIdInputSchema, output: accountSchema, roles: admins }),
  'settings:setIdleLock': method({ input: idleLockInputSchema, output: idleLockSchema, roles: admins }),
  /** Backups of the databases and attachments (issue 10): where, how many, daily; the last outcome. */
  /** Supervisors review submitted inspections: endorse, or return with a comment the officers read on the task. */
  'review:pending': method({ input: reviewPendingInputSchema, output: reviewPendingSchema, roles: supervisors }),
  'review:decide': method({ input: reviewDecideInputSchema, output: reviewSchema, roles: supervisors }),
  'review:forTask': method({ input: reviewForTaskInputSchema, output: reviewListSchema, roles: officers }),
  /** Dispatch (双随机): the duty roster per site and shift, and a task's officers drawn at random by workload or chosen by hand. */
  'roster:get': method({ input: shiftKeySchema, output: rosterSchema, roles: supervisors }),
  'roster:set': method({ input: rosterSetInputSchema, output: rosterSchema, roles: supervisors }),
  'roster:officers': method({ input: emptyInputSchema, output: rosterOfficersSchema, roles: supervisors }),
  'dispatch:candidates': method({ input: dispatchTaskInputSchema, output: dispatchCandidatesSchema, roles: supervisors }),
  'dispatch:random': method({ input: dispatchTaskInputSchema, output: assignmentSchema, roles: supervisors }),
  'dispatch:manual': method({ input: dispatchManualInputSchema, output: assignmentSchema, roles: supervisors }),
  'dispatch:forTask': method({ input: dispatchTaskInputSchema, output: assignmentListSchema, roles: supervisors }),
  'dispatch:list': method({ input: dispatchListInputSchema, output: assignmentListSchema, roles: supervisors }),
  /** KPIs over the task cache (kpi.ts): the aggregates a wall may show; per officer and the CSV for supervisors only. */
  'kpi:summary': method({ input: kpiFiltersSchema, output: kpiSummarySchema, roles: supervisorsAndWall }),
  'kpi:officers': method({ input: kpiFiltersSchema, output: kpiOfficersSchema, roles: supervisors }),
  'kpi:exportCsv': method({ input: kpiExportInputSchema, output: kpiExportSchema, roles: supervisors }),
  'backup:settings': method({ input: emptyInputSchema, output: backupSettingsSchema, roles: admins }),
  'backup:configure': method({ input: backupSettingsInputSchema, output: backupSettingsSchema, roles: admins }),
  'backup:now': method({ input: emptyInputSchema, output: backupNowSchema, roles: admins }),
  'backup:list': method({ input: emptyInputSchema, output: backupListSchema, roles: admins }),
  'audit:status': method({ input: emptyInputSchema, output: auditStatusSchema, roles: everyone }),
  /** A task's audit entries for the case replay: supervisors follow what officers did (audit-handlers.ts). */
  'audit:forTask': method({ input: auditForTaskInputSchema, output: auditForTaskSchema, roles: supervisors }),
  'tasks:list': method({ input: taskListInputSchema, output: taskPageSchema, roles: everyone }),
  'tasks:count': method({ input: taskCountInputSchema, output: taskCountSchema, roles: everyone }),
  'tasks:get': method({ input: taskGetInputSchema, output: taskDetailSchema, roles: everyone }),
  /** The list rows of these tasks (the map's cargo name their tasks): status, priority, overdue. */
  'tasks:byIds': method({ input: taskByIdsInputSchema, output: taskRowsSchema, roles: everyone }),
  'reference:get': method({ input: emptyInputSchema, output: cachedReferenceSchema, roles: everyone }),
  'inspection:start': method({ input: inspectionStartInputSchema, output: inspectionOfficerOutcomeSchema, roles: officers }),
  'inspection:get': method({ input: inspectionTaskInputSchema, output: inspectionGetSchema, roles: officers }),
  'inspection:save': method({ input: inspectionSaveInputSchema, output: inspectionDraftSchema, roles: officers }),
  'inspection:patch': method({ input: inspectionPatchInputSchema, output: inspectionPatchOutcomeSchema, roles: officers }),
  'inspection:sign': method({ input: inspectionSignInputSchema, output: inspectionOfficerOutcomeSchema, roles: officers }),
  'inspection:check': method({ input: inspectionCheckInputSchema, output: inspectionCheckSchema, roles: officers }),
  'inspection:submit': method({ input: inspectionCheckInputSchema, output: inspectionSubmitOutcomeSchema, roles: officers }),
  'inspection:discard': method({ input: inspectionDiscardInputSchema, output: inspectionDiscardSchema, roles: officers }),
  'attachments:put': method({ input: attachmentPutInputSchema, output: attachmentPutSchema, roles: officers }),
  'sync:status': method({ input: emptyInputSchema, output: syncStatusSchema, roles: everyoneAndWall }),
  'sync:now': method({ input: emptyInputSchema, output: syncStatusSchema, roles: everyone }),
  'sync:journal': method({ input: journalInputSchema, output: journalPageSchema, roles: everyone }),
  /** The last known cargo picture in pages, for a renderer that connects; cargo:moved follows it. */
  'cargo:snapshot': method({ input: cargoSnapshotInputSchema, output: cargoSnapshotSchema, roles: everyoneAndWall }),
  /** Cargo expected at each Chongqing hub within the next hours, and how many carry open tasks, by agency. */
  'cargo:arrivals': method({ input: cargoArrivalsInputSchema, output: cargoArrivalsSchema, roles: everyoneAndWall }),
  /** One cargo's track for the journey replay; not_found for a cargo the store has no points of. */
  'cargo:track': method({ input: cargoTrackInputSchema, output: cargoTrackSchema, roles: everyoneAndWall }),
  'results:list': method({ input: resultsListInputSchema, output: resultsListSchema, roles: everyone }),
  'results:forTask': method({ input: resultsForTaskInputSchema, output: resultsListSchema, roles: everyone }),
  /** The task's result in conflict or rejected, beside the task's versions, field by field (conflict.ts). */
  'results:conflict': method({ input: conflictInputSchema, output: conflictAnswerSchema, roles: officers }),
  'results:resolve': method({ input: resultResolveInputSchema, output: resultSummarySchema, roles: officers }),
  'results:exportParked': method({ input: emptyInputSchema, output: parkedExportSchema, roles: everyone }),
  'results:exportEvidence': method({ input: evidenceExportInputSchema, output: evidenceExportSchema, roles: officers }),
  'flags:list': method({ input: emptyInputSchema, output: flagsListSchema, roles: everyone }),
  'flags:acknowledge': method({ input: flagAckInputSchema, output: flagsListSchema, roles: everyone }),
  'settings:getGateway': method({ input: emptyInputSchema, output: gatewaySettingsSchema, roles: admins }),
  'settings:setGateway': method({ input: gatewaySettingsInputSchema, output: gatewaySettingsSchema, roles: admins }),
  'settings:testConnection': method({ input: connectionTestInputSchema, output: connectionTestSchema, roles: admins }),
  /** The map engine: Mapbox's style and whether its token is stored (never the token), or the offline basemap. */
  'settings:getMap': method({ input: emptyInputSchema, output: mapSettingsSchema, roles: admins }),
  'settings:setMap': method({ input: mapSettingsInputSchema, output: mapSettingsSchema, roles: admins }),
  /** For the window drawing the map: the engine, and Mapbox's style and token when an admin configured them. */
  'map:config': method({ input: emptyInputSchema, output: mapConfigSchema, roles: everyoneAndWall }),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}

/** Events the core pushes to every connected renderer. */
export const events = {
  'tasks:changed': z.object({ taskIds: z.array(z.string()).max(1000), reloadAll: z.boolean() }),
  'sync:changed': syncStatusSchema,
  /** Live cargo, batched, at most 4 a second (cargo.ts). */
  'cargo:moved': cargoFrameSchema,
} as const;
/**
 * The events a wall channel hears: the moving cargo and the sync state it shows. Every other event
 * (tasks:changed names the tasks officers work on) stays with accounts, so a new event is kept from
 * walls until it is added here.
 */
export const wallEvents: ReadonlySet<EventName> = new Set<EventName>(['cargo:moved', 'sync:changed']);
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
