// @vitest-environment jsdom
import { createHash } from 'node:crypto';
import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildReference } from '../../electron/simulator/reference.js';
import { checklistIdFor } from '../../electron/simulator/seed/checklists.js';
import { ApiContext } from '../../renderer/api-context.js';
import { contentOf as contentOfDraft } from '../../renderer/features/inspection/draft-edits.js';
import { TaskDetailPanel } from '../../renderer/features/task-detail/TaskDetailPanel.js';
import { i18n } from '../../renderer/i18n/index.js';
import type { GatewayTask, PriorInspection } from '../../shared/contract/gateway-task.js';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_CHUNK_BYTES, type InspectionType } from '../../shared/contract/index.js';
import { startRealCore, type Connection, type RealCore } from '../fixtures/real-core.js';
import { TEST_PASSWORD, testOperatorId } from '../fixtures/sign-in-account.js';
import { buildTask } from '../fixtures/task-builder.js';

// The machine running tests may be busy: give async UI updates time before failing.
configure({ asyncUtilTimeout: 8000 });

/**
 * The inspection form against the real core (real SQLite, router, role checks, seal check and
 * submit), opened from the task detail the way an inspector does: the first officer is the
 * channel's session, the second signs in on the start dialog.
 */
const FIRST = testOperatorId(['inspector']);
const SECOND = testOperatorId(['supervisor']);
const CONTAINER = 'CSQU3054383';
const DECLARED_SEAL = 'CQ123456';
/** Well-formed (check digit right) but not one of the task's containers. */
const UNKNOWN_CONTAINER = 'MSCU1234566';
const TYPES: InspectionType[] = ['open_container', 'sampling'];
const reference = buildReference();

let taskCounter = 0;
let real: RealCore;
let connection: Connection;
beforeAll(async () => {
  real = await startRealCore();
  real.core.db.sync.reference.store(reference.data, reference.etag);
}, 60_000);
afterAll(async () => {
  await real.close();
});
beforeEach(async () => {
  window.localStorage.clear();
  await i18n.changeLanguage('zh-CN');
});
afterEach(() => {
  cleanup();
  connection.dispose();
});

/** A new task in the cache (one per test, so drafts never meet), with one container and its declared seal. */
function newTask(overrides: Partial<GatewayTask> = {}, types: InspectionType[] = TYPES): string {
  taskCounter += 1;
  const taskId = `JI-8000-2026-88000${taskCounter}`;
  const task = buildTask(
    { taskId, containers: [{ containerNo: CONTAINER, sizeType: '45G1', sealNos: [DECLARED_SEAL] }], ...overrides },
    { types, agencies: ['customs', 'quarantine'], checklistId: checklistIdFor(types) },
  );
  real.core.db.tasks.upsertMany([task]);
  return taskId;
}

function renderDetail(taskId: string) {
  connection = real.connectAs({ roles: ['inspector'] });
  return render(
    <ApiContext value={connection.api}>
      <TaskDetailPanel taskId={taskId} onClose={() => undefined} />
    </ApiContext>,
  );
}

function fill(testId: string, value: string): void {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

async function saved(): Promise<void> {
  await waitFor(() => {
    expect(screen.getByTestId('inspection-save').dataset.state).toBe('saved');
  });
}

/** Opens the inspection and starts it with the second officer (recognising a prior inspection when given). */
async function startInspection(taskId: string, recognizes?: string): Promise<void> {
  renderDetail(taskId);
  fireEvent.click(await screen.findByTestId('inspection-open'));
  await screen.findByTestId('inspection-start');
  if (recognizes !== undefined) fill('inspection-start-mode', recognizes);
  fill('inspection-start-operator', SECOND);
  fill('inspection-start-password', TEST_PASSWORD);
  fireEvent.click(screen.getByTestId('inspection-start-submit'));
  await screen.findByTestId('inspection-officers');
}

function issueCodes(): string[] {
  return within(screen.getByTestId('inspection-missing'))
    .queryAllByTestId('inspection-issue')
    .map((issue) => issue.dataset.code ?? '');
}

/** A removed seal the declaration does not name, entered in the form: the core's seal check proposes C-SEAL-MISMATCH. */
async function proposeSealMismatch(): Promise<HTMLElement> {
  fireEvent.click(screen.getByTestId('seal-add'));
  fill('seal-0-container', CONTAINER);
  fireEvent.click(screen.getByTestId('seal-0-removed-add'));
  fill('seal-0-removed-0', 'CQ999999');
  fireEvent.click(screen.getByTestId('seal-0-complete'));
  return screen.findByTestId(`proposal-C-SEAL-MISMATCH-${CONTAINER}`);
}

describe('the inspection form', () => {
  it('starts with the second officer (refusals in words), records a seal mismatch, a sample and a countersign refusal, is signed twice and submitted into the outbox', async () => {
    const taskId = newTask();
    renderDetail(taskId);
    fireEvent.click(await screen.findByTestId('inspection-open'));
    await screen.findByTestId('inspection-start');
    fill('inspection-start-operator', FIRST);
    fill('inspection-start-password', TEST_PASSWORD);
    fireEvent.click(screen.getByTestId('inspection-start-submit'));
    expect((await screen.findByTestId('inspection-start-error')).textContent).toBe('第二名人员不能是您本人：请由另一名在场的查验人员登录。');
    fill('inspection-start-operator', SECOND);
    fill('inspection-start-password', 'not-the-password');
    fireEvent.click(screen.getByTestId('inspection-start-submit'));
    await waitFor(() => {
      expect(screen.getByTestId('inspection-start-error').textContent).toBe('工号或密码不正确。');
    });
    fill('inspection-start-password', TEST_PASSWORD);
    fireEvent.click(screen.getByTestId('inspection-start-submit'));
    const officers = await screen.findByTestId('inspection-officers');
    expect(officers.textContent).toContain(FIRST);
    expect(officers.textContent).toContain(SECOND);

    // The checklist of the task's inspection types, from the reference data: every item answered yes.
    const checklist = reference.data.checklists.find((candidate) => candidate.checklistId === checklistIdFor(TYPES));
    expect(checklist).toBeDefined();
    for (const item of checklist?.items ?? []) fireEvent.click(screen.getByTestId(`checklist-${item.itemId}-yes`));

    const proposal = await proposeSealMismatch();
    expect(screen.getByTestId('seal-0-declared').textContent).toContain(DECLARED_SEAL);
    await waitFor(() => {
      expect(issueCodes()).toContain('undecided_proposal');
    });
    fireEvent.click(within(proposal).getByTestId(`proposal-C-SEAL-MISMATCH-${CONTAINER}-confirm`));
    await waitFor(() => {
      expect(screen.getByTestId(`proposal-C-SEAL-MISMATCH-${CONTAINER}`).dataset.decision).toBe('confirmed');
    });

    fireEvent.click(screen.getByTestId('sample-add'));
    fill('sample-0-id', 'S-2026-0001');
    fill('sample-0-line', '1');
    fill('sample-0-quantity', '2');
    fill('sample-0-unit', 'kg');
    fill('sample-0-lab', '重庆海关技术中心');

    fill('inspection-outcome', 'nonconform');
    fill('inspection-disposition', 'hold');
    fill('countersign-name', '王磊');
    fill('countersign-capacity', 'agent');
    fireEvent.click(screen.getByTestId('countersign-refused'));
    await waitFor(() => {
      expect(issueCodes()).toContain('missing_refusal_note');
    });
    fill('countersign-refusal-note', '代理人对封志不符有异议，拒绝签字');
    await saved();

    for (const index of [0, 1]) {
      fill(`signature-${index}-password`, TEST_PASSWORD);
      fireEvent.click(screen.getByTestId(`signature-${index}-sign`));
      await screen.findByTestId(`signature-${index}-done`);
    }
    await screen.findByTestId('inspection-missing-none');

    fireEvent.click(screen.getByTestId('inspection-submit'));
    expect((await screen.findByTestId('inspection-submitted')).textContent).toContain('已进入待发送队列');
    const { results } = await real.ask('results:list', { view: 'waiting' });
    expect(results.find((result) => result.taskId === taskId)).toMatchObject({ state: 'queued', outcome: 'nonconform', disposition: 'hold' });
  });

  it('says under the seal check’s proposals what the findings are: none, a proposal to decide, a confirmed one (zh-CN and English), none once it is dismissed', async () => {
    const taskId = newTask();
    await startInspection(taskId);
    const none = () => screen.getByTestId('findings-none').textContent;
    expect(none()).toBe('尚无查验发现。');

    const proposal = await proposeSealMismatch();
    await waitFor(() => {
      expect(none()).toBe('尚无查验发现：请对上方封志核对提出的发现逐条确认或驳回，其他发现在此添加。');
    });
    fireEvent.click(within(proposal).getByTestId(`proposal-C-SEAL-MISMATCH-${CONTAINER}-confirm`));
    await waitFor(() => {
      expect(none()).toBe('除上方已确认的 1 条封志核对发现外，没有其他查验发现。');
    });
    await act(() => i18n.changeLanguage('en'));
    expect(none()).toBe('No other findings than the seal check’s 1 confirmed finding above.');

    fireEvent.click(within(screen.getByTestId(`proposal-C-SEAL-MISMATCH-${CONTAINER}`)).getByText('Undo the decision'));
    fireEvent.click(await screen.findByTestId(`proposal-C-SEAL-MISMATCH-${CONTAINER}-dismiss`));
    fill(`proposal-C-SEAL-MISMATCH-${CONTAINER}-reason`, 'seal replaced by the carrier, on the waybill');
    await waitFor(() => {
      expect(none()).toBe('No findings yet.');
    });
    // A finding of the officers' own: the line goes.
    fireEvent.click(screen.getByTestId('finding-add'));
    expect(screen.queryByTestId('findings-none')).toBeNull();
  });

  it('says a mistyped container number under the field at once, and lets the officer confirm a well-formed one the task does not know', async () => {
    const taskId = newTask();
    await startInspection(taskId);
    fireEvent.click(screen.getByTestId('seal-add'));
    fill('seal-0-container', 'CSQU3054384');
    expect(screen.getByTestId('seal-0-container-error').textContent).toBe('集装箱号校验码不符，可能有一位输错了，请核对');
    await waitFor(() => {
      expect(issueCodes()).toContain('identifier_error');
    });
    // In the officer's language: switching to English says it in English at once.
    await act(async () => {
      await i18n.changeLanguage('en');
    });
    expect(screen.getByTestId('seal-0-container-error').textContent).toBe("The container number's check digit does not match: a character is probably mistyped.");
    await act(async () => {
      await i18n.changeLanguage('zh-CN');
    });

    fill('seal-0-container', UNKNOWN_CONTAINER);
    expect(screen.queryByTestId('seal-0-container-error')).toBeNull();
    expect(screen.getByTestId('seal-0-container-warning').textContent).toContain(`集装箱号 ${UNKNOWN_CONTAINER} 格式正确，但本任务中没有`);
    expect(screen.getByTestId('seal-0-declared').textContent).toBe('任务中没有这个集装箱，无申报封志可比对。');
    await waitFor(() => {
      expect(issueCodes()).toEqual(expect.arrayContaining(['identifier_warning']));
    });
    fireEvent.click(screen.getByTestId('seal-0-container-confirm'));
    await screen.findByTestId('seal-0-container-confirmed');
    await saved();
    await waitFor(() => {
      expect(issueCodes()).not.toContain('identifier_warning');
    });
    const { draft } = await real.ask('inspection:get', { taskId });
    expect(draft?.confirmedWarnings).toEqual([`containerNo:${UNKNOWN_CONTAINER}`]);
  });

  it('says a mistyped HS code of a misclassification at once in zh-CN, and asks to confirm a well-formed code the task does not know', async () => {
    const taskId = newTask();
    await startInspection(taskId);
    fireEvent.click(screen.getByTestId('finding-add'));
    expect(screen.queryByTestId('finding-0-found')).toBeNull();
    fill('finding-0-code', 'C-HS-MISCLASS');
    // The code names an identifier: the HS code the goods fall under, needed before submit.
    await waitFor(() => {
      expect(issueCodes()).toContain('missing_found_identifier');
    });
    fill('finding-0-found', '020230009');
    expect(screen.getByTestId('finding-0-found-error').textContent).toBe('HS编码应为 10 / 13 位，输入了 9 位');
    await waitFor(() => {
      expect(issueCodes()).toContain('identifier_error');
    });
    expect(issueCodes()).not.toContain('missing_found_identifier');

    fill('finding-0-found', '0202300010');
    expect(screen.queryByTestId('finding-0-found-error')).toBeNull();
    expect(screen.getByTestId('finding-0-found-warning').textContent).toContain('HS编码 0202300010 格式正确，但本任务中没有');
    fireEvent.click(screen.getByTestId('finding-0-found-confirm'));
    await screen.findByTestId('finding-0-found-confirmed');
    await saved();
    await waitFor(() => {
      expect(issueCodes()).not.toContain('identifier_warning');
    });
    const { draft } = await real.ask('inspection:get', { taskId });
    expect(draft?.findings[0]).toMatchObject({ code: 'C-HS-MISCLASS', found: '0202300010' });
    expect(draft?.confirmedWarnings).toEqual(['hsCode:0202300010']);
  });

  it("checks the document check's numbers against the task's declaration as they are typed", async () => {
    const taskId = newTask({}, ['document', 'open_container']);
    await startInspection(taskId);
    expect(within(screen.getByTestId('section-checklist')).getByTestId('documents-check')).toBeDefined();
    // The papers say export (9th digit 0); the task is an import.
    fill('documents-declaration', '800020260000012345');
    expect(screen.getByTestId('documents-declaration-error').textContent).toBe('报关单号的进出口标志（第9位）与本任务不符');
    fill('documents-declaration', '800020261000012345');
    expect(screen.queryByTestId('documents-declaration-error')).toBeNull();
    expect(screen.queryByTestId('documents-declaration-warning')).toBeNull();
    fill('documents-uscc', '91110000600037341L');
    expect(screen.getByTestId('documents-uscc-warning').textContent).toContain('统一社会信用代码 91110000600037341L 格式正确，但本任务中没有');
    await waitFor(() => {
      expect(issueCodes()).toContain('identifier_warning');
    });
    fireEvent.click(screen.getByTestId('documents-uscc-confirm'));
    await saved();
    await waitFor(() => {
      expect(issueCodes()).not.toContain('identifier_warning');
    });
    const { draft } = await real.ask('inspection:get', { taskId });
    expect(draft?.documents).toEqual({ declarationNo: '800020261000012345', consigneeUscc: '91110000600037341L' });
    expect(draft?.confirmedWarnings).toEqual(['uscc:91110000600037341L']);
  });

  it('comes back exactly as saved when opened again: answers in the order given, an empty seal entry', async () => {
    const taskId = newTask();
    await startInspection(taskId);
    fireEvent.click(screen.getByTestId('checklist-opn-03-no'));
    fireEvent.click(screen.getByTestId('checklist-opn-01-yes'));
    fill('checklist-opn-03-note', '箱底板有新焊痕');
    fireEvent.click(screen.getByTestId('seal-add'));
    await saved();
    fireEvent.click(screen.getByTestId('inspection-close'));
    expect(screen.queryByTestId('inspection')).toBeNull();

    fireEvent.click(screen.getByTestId('inspection-open'));
    await screen.findByTestId('inspection-officers');
    expect(screen.queryByTestId('inspection-start')).toBeNull();
    expect(screen.getByTestId<HTMLInputElement>('checklist-opn-03-no').checked).toBe(true);
    expect(screen.getByTestId<HTMLInputElement>('checklist-opn-03-note').value).toBe('箱底板有新焊痕');
    expect(screen.getByTestId<HTMLInputElement>('seal-0-container').value).toBe('');
    const { draft } = await real.ask('inspection:get', { taskId });
    expect(draft?.checklist.map((answer) => answer.itemId)).toEqual(['opn-03', 'opn-01']);
    expect(draft?.seals).toEqual([{ containerNo: '', removed: [], applied: [], broken: false, complete: false }]);
  });

  it('saves only what was typed, and the whole content when another window saved the draft meanwhile (the last save wins, nothing typed is lost)', async () => {
    const taskId = newTask();
    await startInspection(taskId);
    fireEvent.click(screen.getByTestId('checklist-opn-03-no'));
    fill('checklist-opn-03-note', '箱门密封条破损');
    await saved();
    const patches = connection.wire.inputsOf('inspection:patch');
    expect(patches.at(-1)).toMatchObject({ set: {}, unset: [], items: [{ field: 'checklist', at: 0, value: { itemId: 'opn-03', answer: 'no', note: '箱门密封条破损' } }] });
    expect(connection.wire.inputsOf('inspection:save')).toEqual([]);

    // Another window of the same officer saves the draft: the form's next change was made on an older one.
    const otherWindowSaves = async () => {
      const other = real.connectAs({ roles: ['inspector'] });
      try {
        const { draft } = await real.ask('inspection:get', { taskId });
        if (!draft) throw new Error('no draft');
        const answer = await other.api.client.call('inspection:save', { taskId, draft: { ...contentOfDraft(draft), disposition: 'hold' } });
        expect(answer.ok).toBe(true);
      } finally {
        other.dispose();
      }
    };
    const stored = async () => (await real.ask('inspection:get', { taskId })).draft;
    await otherWindowSaves();
    fill('checklist-opn-03-note', '箱门密封条破损，已拍照');
    await saved();
    expect(connection.wire.inputsOf('inspection:save')).toHaveLength(1);
    expect((await stored())?.checklist).toEqual([{ itemId: 'opn-03', answer: 'no', note: '箱门密封条破损，已拍照' }]);
    expect((await stored())?.disposition).toBeUndefined();
    // Ctrl+S with nothing typed since: the form's content is saved whole over the other window's.
    await otherWindowSaves();
    fireEvent.keyDown(screen.getByTestId('inspection'), { key: 's', ctrlKey: true });
    await waitFor(() => {
      expect(connection.wire.inputsOf('inspection:save')).toHaveLength(2);
    });
    await saved();
    expect((await stored())?.disposition).toBeUndefined();
  });

  it('recognises a prior inspection along the corridor at start (outcome not inspected), and withdraws a draft with a reason, after which the task starts afresh', async () => {
    const prior: PriorInspection = { portCode: '8001', siteId: 'alashankou', at: '2026-11-20T10:00:00Z', resultId: 'R-PRIOR-7', outcome: 'conform', disposition: 'release', agencies: ['customs'] };
    const taskId = newTask({ priorInspections: [prior] });
    await startInspection(taskId, prior.resultId);
    expect(screen.getByTestId<HTMLSelectElement>('inspection-outcome').value).toBe('not_inspected');
    expect((await real.ask('inspection:get', { taskId })).draft).toMatchObject({ recognizes: 'R-PRIOR-7', outcome: 'not_inspected' });

    fireEvent.click(screen.getByTestId('inspection-discard'));
    fireEvent.click(screen.getByTestId('inspection-discard-confirm'));
    expect(screen.getByTestId('inspection-discard-error').textContent).toBe('请写明放弃草稿的理由。');
    fill('inspection-discard-reason', '误将认可任务开启');
    fireEvent.click(screen.getByTestId('inspection-discard-confirm'));
    await screen.findByTestId('inspection-discarded');
    expect((await real.ask('inspection:get', { taskId })).draft).toBeNull();
    fireEvent.click(screen.getByTestId('inspection-close'));
    fireEvent.click(screen.getByTestId('inspection-open'));
    await screen.findByTestId('inspection-start');
  });

  it('sends a photo in chunks through attachments:put and lists it in the draft by its sha256', async () => {
    const taskId = newTask();
    await startInspection(taskId);
    const bytes = new Uint8Array(MAX_ATTACHMENT_CHUNK_BYTES + 1000).map((_, i) => i % 251);
    const photo = new File([bytes], 'seal.jpg', { type: 'image/jpeg' });
    fireEvent.change(screen.getByTestId('attachment-input'), { target: { files: [photo] } });
    expect((await screen.findByTestId('attachment-0')).textContent).toContain('seal.jpg');
    const chunks = connection.wire.inputsOf('attachments:put') as { index: number; total: number }[];
    expect(chunks.map((chunk) => [chunk.index, chunk.total])).toEqual([
      [0, 2],
      [1, 2],
    ]);
    await saved();
    const { draft } = await real.ask('inspection:get', { taskId });
    expect(draft?.attachments).toEqual([{ sha256: createHash('sha256').update(bytes).digest('hex'), name: 'seal.jpg', mediaType: 'image/jpeg', bytes: bytes.length }]);
  });

  it('refuses a file above 25 MiB before sending anything, in words', async () => {
    const taskId = newTask();
    await startInspection(taskId);
    const photo = new File([new Uint8Array(MAX_ATTACHMENT_BYTES + 1)], '集装箱内部.jpg', { type: 'image/jpeg' });
    fireEvent.change(screen.getByTestId('attachment-input'), { target: { files: [photo] } });
    expect((await screen.findByTestId('attachment-upload')).textContent).toBe('“集装箱内部.jpg”有 25.0 MiB，超过 25 MiB 上限，未上传。请压缩照片或拆分文件后再添加。');
    expect(connection.wire.inputsOf('attachments:put')).toEqual([]);
  });

  it('works from the keyboard: Alt+n goes to a section, F1 lists the shortcuts, Ctrl+S saves, focus stays in the form, Esc closes the help and then the form', async () => {
    const taskId = newTask();
    await startInspection(taskId);
    const form = screen.getByTestId('inspection');
    fireEvent.keyDown(form, { key: '4', code: 'Digit4', altKey: true });
    expect(document.activeElement?.id).toBe('inspection-section-seals');
    fireEvent.keyDown(form, { key: 'F1' });
    const help = screen.getByTestId('inspection-shortcuts');
    expect(help.textContent).toContain('Ctrl+Enter');
    expect(help.textContent).toContain('提交查验结果');
    fireEvent.click(screen.getByTestId('seal-add'));
    await saved();
    const saves = connection.wire.inputsOf('inspection:patch').length;
    fireEvent.keyDown(form, { key: 's', ctrlKey: true });
    expect(connection.wire.inputsOf('inspection:patch').length).toBe(saves + 1);
    await saved();
    // Modal: focus leaving for the task detail under the form comes back to the form.
    fireEvent.blur(screen.getByTestId('seal-add'), { relatedTarget: screen.getByTestId('task-detail-close') });
    expect(document.activeElement).toBe(form);
    fireEvent.keyDown(form, { key: 'Escape' });
    expect(screen.queryByTestId('inspection-shortcuts')).toBeNull();
    await act(async () => {
      fireEvent.keyDown(form, { key: 'Escape' });
      await Promise.resolve();
    });
    expect(screen.queryByTestId('inspection')).toBeNull();
    // The task detail under it stays open: Esc stopped at the form.
    expect(screen.getByTestId('task-detail')).toBeTruthy();
  });
});
