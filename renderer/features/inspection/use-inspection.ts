import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  CallError,
  InspectionContent,
  InspectionDraft,
  InspectionIssue,
  MethodOutput,
  OfficerRefusal,
  TaskDetail,
} from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';
import { currentLanguage } from '../../i18n/index.js';
import { contentPatch } from '../../../shared/domain/content-patch.js';
import { contentOf, patchedDraft } from './draft-edits.js';
import { SaveQueue, type SaveState } from './save-queue.js';

export type CachedReference = MethodOutput<'reference:get'>;
type SubmittedResult = Extract<MethodOutput<'inspection:submit'>, { submitted: true }>['result'];

export type InspectionPhase =
  | { kind: 'loading' }
  | { kind: 'failed'; error: CallError }
  /** No draft for this task yet: the start dialog (second officer) comes first. */
  | { kind: 'start' }
  | { kind: 'draft'; draft: InspectionDraft }
  | { kind: 'submitted'; result: SubmittedResult }
  | { kind: 'discarded' };

/** What an officer action (start, sign) answered: done, refused in words, or the call failed. */
export type OfficerAnswer = { ok: true } | { ok: false; refusal: OfficerRefusal } | { ok: false; error: CallError };

export interface Inspection {
  phase: InspectionPhase;
  task: TaskDetail | null;
  reference: CachedReference | null;
  save: SaveState;
  /** What keeps the draft from being submitted, as the core's check (or its refused submit) said. */
  issues: readonly InspectionIssue[];
  /** The core refused a submit: the issues are its answer. */
  refusedSubmit: boolean;
  reload: () => void;
  /** `recognizes`: a prior inspection of the task recognised instead of inspecting again (通报通检通放). */
  start: (secondOfficer: { operatorId: string; password: string }, recognizes?: string) => Promise<OfficerAnswer>;
  edit: (change: (content: InspectionContent) => InspectionContent) => void;
  saveNow: () => void;
  sign: (operatorId: string, password: string) => Promise<OfficerAnswer>;
  submit: () => Promise<CallError | null>;
  /** Withdraws the draft, with the officer's reason (kept in the audit log). */
  discard: (reason: string) => Promise<CallError | null>;
}

/** The core's draft with the form's own content kept: the form's typing is never replaced by an older answer. */
function withContent(answer: InspectionDraft, content: InspectionContent): InspectionDraft {
  return { ...answer, ...content };
}

/**
 * One task's inspection as the form holds it: the task, the reference data, and the draft the core
 * stores. Every edit is saved through a SaveQueue; the core's answer is taken whole (with the seal
 * check's proposals) only when no newer edit was made meanwhile. After each save the core's check
 * says what is still missing.
 */
export function useInspection(taskId: string): Inspection {
  const client = useClient();
  const [attempt, setAttempt] = useState(0);
  const [phase, setPhase] = useState<InspectionPhase>({ kind: 'loading' });
  const [task, setTask] = useState<TaskDetail | null>(null);
  const [reference, setReference] = useState<CachedReference | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: 'saved' });
  const [issues, setIssues] = useState<readonly InspectionIssue[]>([]);
  const [refusedSubmit, setRefusedSubmit] = useState(false);
  /** The content last edited (the form's truth), for answers that arrive after it. */
  const latest = useRef<InspectionContent | null>(null);
  /** The draft as the core last answered it: what the next save's changes are made against. */
  const stored = useRef<InspectionDraft | null>(null);
  const checkGeneration = useRef(0);

  const check = useCallback(() => {
    const mine = ++checkGeneration.current;
    void client.call('inspection:check', { taskId, language: currentLanguage() }).then((result) => {
      if (mine !== checkGeneration.current || !result.ok) return;
      setIssues(result.value.issues);
      setRefusedSubmit(false);
    });
  }, [client, taskId]);

  const adopt = useCallback(
    (draft: InspectionDraft, sent: InspectionContent | null) => {
      stored.current = draft;
      const current = latest.current;
      const keepLocal = current !== null && current !== sent;
      const next = keepLocal ? withContent(draft, current) : draft;
      if (!keepLocal) latest.current = contentOf(draft);
      setPhase({ kind: 'draft', draft: next });
      check();
    },
    [check],
  );

  // Made on first use, in a handler: the screen is mounted per task, so one queue serves its whole life.
  const queueRef = useRef<SaveQueue<InspectionContent> | null>(null);
  const queue = useCallback((): SaveQueue<InspectionContent> => {
    // A save sends what changed since the draft the core last answered (inspection:patch); the whole
    // content only when there is no such draft, or when another window saved the draft meanwhile.
    // Nothing changed (Ctrl+S on a saved form) is still sent: the core then says whether the stored
    // draft is still this one, and if another window saved it, this form's content is saved whole.
    queueRef.current ??= new SaveQueue<InspectionContent>(async (content) => {
      const base = stored.current;
      if (base !== null) {
        const patch = contentPatch(contentOf(base), content) ?? { set: {}, unset: [], items: [] };
        const patchResult = await client.call('inspection:patch', { taskId, base: base.updatedAt, ...patch });
        if (!patchResult.ok) return patchResult;
        const answer = patchResult.value;
        if (answer.applied) {
          adopt(patchedDraft(base, content, answer), content);
          return patchResult;
        }
      }
      const result = await client.call('inspection:save', { taskId, draft: content });
      if (result.ok) adopt(result.value, content);
      return result;
    }, setSave);
    return queueRef.current;
  }, [client, taskId, adopt]);

  useEffect(() => {
    let current = true;
    latest.current = null;
    stored.current = null;
    void Promise.all([client.call('tasks:get', { taskId }), client.call('reference:get', {}), client.call('inspection:get', { taskId })]).then(
      ([taskAnswer, referenceAnswer, draftAnswer]) => {
        if (!current) return;
        const error = [taskAnswer, referenceAnswer, draftAnswer].map((answer) => (answer.ok ? null : answer.error)).find((found) => found !== null);
        if (error) setPhase({ kind: 'failed', error });
        if (!taskAnswer.ok || !referenceAnswer.ok || !draftAnswer.ok) return;
        setTask(taskAnswer.value);
        setReference(referenceAnswer.value);
        const draft = draftAnswer.value.draft;
        if (draft === null) {
          setPhase({ kind: 'start' });
          return;
        }
        adopt(draft, null);
      },
    );
    return () => {
      current = false;
    };
  }, [client, taskId, adopt, attempt]);

  const edit = useCallback(
    (change: (content: InspectionContent) => InspectionContent) => {
      const current = latest.current;
      if (current === null) return;
      const next = change(current);
      if (next === current) return;
      latest.current = next;
      setPhase((previous) => (previous.kind === 'draft' ? { kind: 'draft', draft: withContent(previous.draft, next) } : previous));
      queue().change(next);
    },
    [queue],
  );

  const start = useCallback(
    async (secondOfficer: { operatorId: string; password: string }, recognizes?: string): Promise<OfficerAnswer> => {
      const result = await client.call('inspection:start', { taskId, secondOfficer, ...(recognizes === undefined ? {} : { recognizes }) });
      if (!result.ok) return { ok: false, error: result.error };
      if (!result.value.ok) return { ok: false, refusal: result.value.refusal };
      latest.current = null;
      adopt(result.value.draft, null);
      return { ok: true };
    },
    [client, taskId, adopt],
  );

  /** Signs the content as saved: a save still on its way is awaited, and an unsaved draft is not signed. */
  const sign = useCallback(
    async (operatorId: string, password: string): Promise<OfficerAnswer> => {
      await queue().settled();
      const state = queue().current();
      if (state.kind === 'unsaved') return { ok: false, error: state.error };
      const sent = latest.current;
      const result = await client.call('inspection:sign', { taskId, operatorId, password });
      if (!result.ok) return { ok: false, error: result.error };
      if (!result.value.ok) return { ok: false, refusal: result.value.refusal };
      adopt(result.value.draft, sent);
      return { ok: true };
    },
    [client, taskId, queue, adopt],
  );

  const submit = useCallback(async (): Promise<CallError | null> => {
    queue().saveNow();
    await queue().settled();
    const state = queue().current();
    if (state.kind === 'unsaved') return state.error;
    const result = await client.call('inspection:submit', { taskId, language: currentLanguage() });
    if (!result.ok) return result.error;
    if (result.value.submitted) {
      setPhase({ kind: 'submitted', result: result.value.result });
      return null;
    }
    checkGeneration.current += 1;
    setIssues(result.value.issues);
    setRefusedSubmit(true);
    return null;
  }, [client, taskId, queue]);

  const discard = useCallback(
    async (reason: string): Promise<CallError | null> => {
      await queue().settled();
      const result = await client.call('inspection:discard', { taskId, reason });
      if (!result.ok) return result.error;
      setPhase({ kind: 'discarded' });
      return null;
    },
    [client, taskId, queue],
  );

  const reload = useCallback(() => {
    setPhase({ kind: 'loading' });
    setAttempt((previous) => previous + 1);
  }, []);
  const saveNow = useCallback(() => {
    queue().saveNow();
  }, [queue]);

  return { phase, task, reference, save, issues, refusedSubmit, reload, start, edit, saveNow, sign, submit, discard };
}
