import { randomUUID } from 'node:crypto';
import type { ErrorCode } from '../../shared/contract/index.js';
import type { ContentPatch, InspectionContent, InspectionDraft, OfficerRefusal } from '../../shared/contract/inspection.js';
import { inspectionContentSchema } from '../../shared/contract/inspection.js';
import { ChunkedUploads, UploadRefused } from './attachments/chunked-upload.js';
import type { AttachmentStore } from './attachments/attachment-store.js';
import { AttachmentError } from './attachments/attachment-store.js';
import type { PasswordCheck } from './auth/password-check.js';
import type { AccountRepository, StoredAccount } from './db/account-repository.js';
import type { Database } from './db/connection.js';
import { DraftExistsError } from './db/inspection-draft-repository.js';
import { ResultInputError, ResultStateError } from './db/result-errors.js';
import type { CachedTaskDetail } from './db/task-reads.js';
import { checkDraft } from './inspection/draft-check.js';
import { sameContent } from './inspection/same-content.js';
import { toResultInput, typedIdentifiersOf } from './inspection/draft-to-result.js';
import { withSealProposals } from './inspection/seal-check.js';
import { PatchOutOfRangeError, withPatch } from '../../shared/domain/content-patch.js';
import { CallFailure, type Caller, type Handlers } from './router.js';

export type InspectionMethod =
  | 'inspection:start'
  | 'inspection:get'
  | 'inspection:save'
  | 'inspection:patch'
  | 'inspection:sign'
  | 'inspection:check'
  | 'inspection:submit'
  | 'inspection:discard'
  | 'attachments:put';
export type InspectionHandlers = Pick<Handlers, InspectionMethod>;

export interface InspectionDeps {
  /** The workspace's database: its tasks, drafts and results. */
  db: Database;
  /** The workspace's attachment store. */
  attachments: AttachmentStore;
  /** The console's accounts (the officers' names and agencies). */
  accounts: AccountRepository;
  /** An officer's password on this workstation; a wrong one counts towards the lockout. */
  verifyOfficer: (operatorId: string, password: string) => Promise<PasswordCheck>;
  clock: () => number;
  /** Told once a result is queued: the core asks the sync service to push it now rather than at the next cycle. */
  submitted: () => void;
}

/** Officers are inspectors or supervisors; an admin account is not an officer. */
const isOfficer = (account: StoredAccount) => account.roles.includes('inspector') || account.roles.includes('supervisor');
const refused = (refusal: OfficerRefusal) => ({ ok: false as const, refusal });

/**
 * The inspection's calls (issue 8, point 4). The first officer is the session's; the second
 * re-enters a password here (verifyOfficer). Drafts are stored verbatim (InspectionDraftRepository),
 * each save merged with the seal check's proposals; a save that changes the content clears the
 * signatures; submit checks completeness and queues the result with its outbox row and audit entry,
 * removing the draft, in one transaction.
 */
export function createInspectionHandlers(deps: InspectionDeps): InspectionHandlers {
  const { db, clock } = deps;
  const uploads = new ChunkedUploads({ store: deps.attachments, db, clock });
  const now = () => new Date(clock()).toISOString();
  /** A draft's next updatedAt: now, but always after the stored one, so that it names one state of the draft (inspection:patch's base). */
  const updatedAfter = (stored: InspectionDraft): string => new Date(Math.max(clock(), Date.parse(stored.updatedAt) + 1)).toISOString();
  /**
   * inspection:save and inspection:patch: `typedOf` makes the form's content from the stored draft
   * (null: leave the draft as it is); the seal check's proposals are merged in, and the draft is
   * written unless that leaves its content as stored. `proposalsChanged`: the check added or took
   * back a proposal, so the stored findings are not the ones the form sent.
   */
  const saveContent = (taskId: string, caller: Caller, typedOf: (stored: InspectionDraft) => InspectionContent | null) => {
    const actor = operatorOf(caller);
    const containers = db.tasks.containers(taskId) ?? [];
    let proposalsChanged = false;
    const saved = db.drafts.edit(taskId, actor, (stored) => {
      const typed = typedOf(stored);
      if (typed === null) return null;
      const proposed = withSealProposals(typed, containers);
      proposalsChanged = proposed !== typed;
      // The router parsed what the form typed; when the seal check added or took back a proposal,
      // its findings are parsed here, so the draft stored keeps the schema's limits (drafts.edit parses nothing).
      const content = proposalsChanged ? { ...proposed, findings: inspectionContentSchema.shape.findings.parse(proposed.findings) } : typed;
      if (sameContent(content, stored)) return null;
      const { taskId: id, resultId, baseVersion, startedAt, officers } = stored;
      // Signatures attest the content they were given on: any change asks for them again.
      // Object.assign, not a spread followed by new keys (README "Hot paths and the young generation").
      return Object.assign({}, content, { taskId: id, resultId, baseVersion, startedAt, officers, signatures: [], updatedAt: updatedAfter(stored) });
    });
    if (!saved) throw notOpen(taskId);
    return { saved, proposalsChanged };
  };
  const taskOf = (taskId: string): CachedTaskDetail => {
    const task = db.tasks.get(taskId, clock());
    if (!task) throw refusal('not_found', `本机没有任务 ${taskId}。`, `no task ${taskId} in the local cache`);
    return task;
  };
  const draftOf = (taskId: string): InspectionDraft => {
    const draft = db.drafts.get(taskId);
    if (!draft) throw notOpen(taskId);
    return draft;
  };
  const checkOf = (draft: InspectionDraft, language: 'zh-CN' | 'en') => {
    const task = taskOf(draft.taskId);
    const reference = db.sync.reference.read();
    return { task, reference, issues: checkDraft(draft, task, reference, language) };
  };

  return {
    'inspection:start': async ({ taskId, secondOfficer, recognizes }, caller) => {
      const firstId = operatorOf(caller);
      const task = taskOf(taskId);
      if (task.status === 'cancelled') throw refusal('invalid_input', `任务 ${taskId} 已被单一窗口撤销，不能开始查验。`, `task ${taskId} was cancelled by the single window; it cannot be inspected`);
      if (db.drafts.get(taskId)) throw alreadyOpen(taskId);
      if (recognizes !== undefined && !task.priorInspections.some((prior) => prior.resultId === recognizes)) {
        throw refusal('invalid_input', `${recognizes} 不是任务 ${taskId} 的前序查验。`, `${recognizes} is not a prior inspection of task ${taskId}`);
      }
      const first = deps.accounts.find(firstId);
      if (!first || !isOfficer(first)) return refused({ reason: 'not_officer', operatorId: firstId });
      if (secondOfficer.operatorId === firstId) return refused({ reason: 'same_officer', operatorId: firstId });
      const earlier = db.drafts.earlierInspectors(taskId);
      if (earlier.has(firstId)) return refused({ reason: 'first_inspection', operatorId: firstId });
      const check = await deps.verifyOfficer(secondOfficer.operatorId, secondOfficer.password);
      if (!check.ok) return refused(check.refusal);
      const second = check.account;
      if (!isOfficer(second)) return refused({ reason: 'not_officer', operatorId: second.operatorId });
      if (earlier.has(second.operatorId)) return refused({ reason: 'first_inspection', operatorId: second.operatorId });
      const at = now();
      const draft: InspectionDraft = {
        taskId,
        resultId: randomUUID(),
        baseVersion: task.version,
        startedAt: at,
        officers: [first, second].map((account) => ({ operatorId: account.operatorId, name: account.name, agency: account.agency })),
        signatures: [],
        updatedAt: at,
        checklist: [],
        findings: [],
        seals: [],
        samples: [],
        attachments: [],
        confirmedWarnings: [],
        ...(recognizes === undefined ? {} : { recognizes, outcome: 'not_inspected' as const }),
      };
      try {
        return { ok: true as const, draft: db.drafts.create(draft, firstId, { secondOfficer: second.operatorId }) };
      } catch (error) {
        // Another window started one while the password was being checked.
        if (error instanceof DraftExistsError) throw alreadyOpen(taskId);
        throw error;
      }
    },

    'inspection:get': ({ taskId }) => ({ draft: db.drafts.get(taskId) }),

    'inspection:save': ({ taskId, draft: typed }, caller) => saveContent(taskId, caller, () => typed).saved,

    'inspection:patch': ({ taskId, base, set, unset, items }, caller) => {
      const seen = { stale: false };
      const { saved, proposalsChanged } = saveContent(taskId, caller, (stored) => {
        // Made on another draft than the stored one (another window saved meanwhile): the form sends its whole content instead.
        if (stored.updatedAt !== base) {
          seen.stale = true;
          return null;
        }
        return patched(stored, { set, unset, items });
      });
      if (seen.stale) return { applied: false as const };
      const { updatedAt, signatures, findings } = saved;
      return proposalsChanged ? { applied: true as const, updatedAt, signatures, findings } : { applied: true as const, updatedAt, signatures };
    },

    'inspection:sign': async ({ taskId, operatorId, password }, caller) => {
      const actor = operatorOf(caller);
      const before = draftOf(taskId);
      if (!before.officers.some((officer) => officer.operatorId === operatorId)) return refused({ reason: 'not_present', operatorId });
      if (before.signatures.some((signature) => signature.operatorId === operatorId)) return refused({ reason: 'already_signed', operatorId });
      const check = await deps.verifyOfficer(operatorId, password);
      if (!check.ok) return refused(check.refusal);
      // Read again: the content may have changed while the password was checked; the signature is for what is stored now.
      const stored = draftOf(taskId);
      if (stored.signatures.some((signature) => signature.operatorId === operatorId)) return refused({ reason: 'already_signed', operatorId });
      const signed = { ...stored, signatures: [...stored.signatures, { operatorId, signedAt: now() }], updatedAt: updatedAfter(stored) };
      return { ok: true as const, draft: db.drafts.save(signed, actor, 'draft.signed') };
    },

    'inspection:check': ({ taskId, language }) => ({ issues: checkOf(draftOf(taskId), language).issues }),

    'inspection:submit': ({ taskId, language }, caller) => {
      const actor = operatorOf(caller);
      const draft = draftOf(taskId);
      const { task, reference, issues } = checkOf(draft, language);
      if (issues.length > 0) return { submitted: false as const, issues };
      const result = toResultInput(draft, { completedAt: now(), referenceVersion: reference.version });
      // The warnings this content raises, all confirmed (the check passed): what the audit records as confirmed.
      const confirmed = checkDraft({ ...draft, confirmedWarnings: [] }, task, reference, language).flatMap((issue) => issue.confirmKey ?? []);
      try {
        db.drafts.submit(result, actor, typedIdentifiersOf(draft, confirmed));
      } catch (error) {
        if (error instanceof ResultInputError) {
          return { submitted: false as const, issues: error.issues.map((issue) => ({ ...issue, code: 'invalid' })) };
        }
        if (error instanceof ResultStateError) throw new CallFailure('invalid_input', error.message);
        throw error;
      }
      const summary = db.results.summary(result.resultId);
      if (!summary) throw new Error(`result ${result.resultId} was submitted but cannot be read back`);
      deps.submitted();
      return { submitted: true as const, result: summary };
    },

    'inspection:discard': ({ taskId, reason }, caller) => {
      if (!db.drafts.discard(taskId, operatorOf(caller), reason)) throw refusal('not_found', `任务 ${taskId} 没有进行中的查验。`, `no open inspection of task ${taskId}`);
      return { discarded: true as const };
    },

    'attachments:put': async (chunk) => {
      try {
        return await uploads.put(chunk);
      } catch (error) {
        if (error instanceof UploadRefused) throw refusal('invalid_input', error.messageZh, error.message);
        if (error instanceof AttachmentError) throw new CallFailure('invalid_input', error.message);
        throw error;
      }
    },
  };
}

/** A refusal the officer reads: both languages, Chinese first, as the core's other refusals. */
function refusal(code: ErrorCode, zh: string, en: string): CallFailure {
  return new CallFailure(code, `${zh}\n${en}`);
}

/** The stored content with the form's changes; a list entry past a list's end is refused in words. */
function patched(stored: InspectionDraft, patch: ContentPatch): InspectionContent {
  try {
    return withPatch(stored, patch);
  } catch (error) {
    if (!(error instanceof PatchOutOfRangeError)) throw error;
    const path = `${error.field}.${error.at}`;
    throw refusal('invalid_input', `${path}：该列表只有 ${error.length} 项，只能修改其中一项或在末尾添加。`, error.message);
  }
}

function notOpen(taskId: string): CallFailure {
  return refusal('not_found', `任务 ${taskId} 没有进行中的查验，请先开始查验。`, `no open inspection of task ${taskId}: start one first`);
}

function alreadyOpen(taskId: string): CallFailure {
  return refusal('invalid_input', `任务 ${taskId} 已有进行中的查验，请继续或先放弃它。`, new DraftExistsError(taskId).message);
}

/** The session's operator: the inspection calls are made by a signed-in officer. */
function operatorOf(caller: Caller): string {
  if (caller.operatorId === undefined) throw refusal('forbidden', '查验须由已登录的关员进行。', 'an inspection is done by a signed-in officer');
  return caller.operatorId;
}
