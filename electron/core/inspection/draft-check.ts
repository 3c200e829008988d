import type { ReferenceData } from '../../../shared/contract/gateway.js';
import type { InspectionDraft, InspectionIssue } from '../../../shared/contract/inspection.js';
import type { TaskDetail } from '../../../shared/contract/tasks.js';
import { foundIdentifierKind, type FoundIdentifierKind } from '../../../shared/domain/found-identifier.js';
import { checkTypedIdentifier, type IdentifierKind, type OfficerLanguage } from '../../../shared/domain/typed-identifier.js';

/** What the completeness check needs of the task (as cached) and of the reference data. */
export type CheckedTask = Pick<TaskDetail, 'checklistId' | 'containers' | 'goods' | 'priorInspections' | 'declarationNo' | 'consigneeUscc'>;
export type CheckReference = Pick<ReferenceData, 'checklists' | 'findingCodes'> & { version: string | null };

/** The same sentence in both languages; the officer's is answered. */
type Words = Readonly<Record<OfficerLanguage, string>>;

/** The key a confirmed identifier warning is kept under in the draft's confirmedWarnings. */
export const confirmKeyOf = (kind: string, value: string) => `${kind}:${value}`;

/**
 * Everything that keeps a draft from being submitted (issue 8, points 4 and 6), each said in the
 * officer's language with where it is: required checklist items answered (the task's checklist in
 * the cached reference data; without reference data only the answers given are checked), every
 * finding coded and every seal-check proposal decided (a dismissal with its reason), typed
 * identifiers well formed (container numbers, the HS code or container number a finding records as
 * found, the declaration number and USCC read at the document check: a typo blocks; a well-formed
 * number the task does not know must be confirmed),
 * samples complete, the countersignature or its refusal noted, an outcome and a disposition, and
 * every officer present signed. A recognition (通报通检通放) records no checklist and no
 * countersignature: nothing was inspected. Empty: ready.
 */
export function checkDraft(draft: InspectionDraft, task: CheckedTask, reference: CheckReference, language: OfficerLanguage): InspectionIssue[] {
  const issues: InspectionIssue[] = [];
  const add: Add = (path, code, words, confirmKey) => {
    const message = typeof words === 'string' ? words : words[language];
    issues.push({ path, code, message, ...(confirmKey === undefined ? {} : { confirmKey }) });
  };
  const recognition = draft.recognizes !== undefined;

  if (recognition) {
    if (!task.priorInspections.some((prior) => prior.resultId === draft.recognizes)) {
      add('recognizes', 'unknown_prior', { 'zh-CN': `任务没有编号为 ${draft.recognizes} 的前序查验`, en: `${draft.recognizes} is not a prior inspection of this task.` });
    }
    if (draft.outcome !== 'not_inspected') {
      add('outcome', 'wrong_outcome', { 'zh-CN': '认可前序查验时，查验结果应为“未查验”', en: 'A recognised prior inspection goes with the outcome "not inspected".' });
    }
  } else if (draft.outcome === undefined) {
    add('outcome', 'missing_outcome', { 'zh-CN': '请选择查验结果', en: 'Choose the outcome.' });
  }
  if (draft.disposition === undefined) add('disposition', 'missing_disposition', { 'zh-CN': '请选择处置意见', en: 'Choose a disposition.' });

  if (!recognition) checkChecklist(draft, task, reference, add);
  checkFindings(draft, task, reference, add);
  checkIdentifiers(draft, task, language, add);
  checkSamples(draft, task, add);
  if (!recognition) checkCountersign(draft, add);

  draft.officers.forEach((officer) => {
    if (!draft.signatures.some((signature) => signature.operatorId === officer.operatorId)) {
      add('signatures', 'missing_signature', { 'zh-CN': `${officer.name}（${officer.operatorId}）尚未签名`, en: `${officer.name} (${officer.operatorId}) has not signed.` });
    }
  });
  return issues;
}

/** Words, or a message already in the officer's language (the identifier check's). */
type Add = (path: string, code: string, words: Words | string, confirmKey?: string) => void;

function checkChecklist(draft: InspectionDraft, task: CheckedTask, reference: CheckReference, add: Add): void {
  const checklist = reference.checklists.find((list) => list.checklistId === task.checklistId);
  const seen = new Set<string>();
  draft.checklist.forEach((answer, index) => {
    if (seen.has(answer.itemId)) add(`checklist.${index}.itemId`, 'duplicate_answer', { 'zh-CN': `检查项 ${answer.itemId} 重复作答`, en: `Item ${answer.itemId} is answered twice.` });
    seen.add(answer.itemId);
    if (checklist && !checklist.items.some((item) => item.itemId === answer.itemId)) {
      add(`checklist.${index}.itemId`, 'unknown_item', { 'zh-CN': `${answer.itemId} 不是本任务检查单的检查项`, en: `${answer.itemId} is not an item of this task's checklist.` });
    }
  });
  for (const item of checklist?.items ?? []) {
    if (!item.required) continue;
    const index = draft.checklist.findIndex((answer) => answer.itemId === item.itemId);
    if (index === -1 || draft.checklist[index]?.answer === null) {
      add(index === -1 ? 'checklist' : `checklist.${index}.answer`, 'missing_answer', {
        'zh-CN': `必答检查项未作答：${item.itemId} ${item.text}`,
        en: `Required item not answered: ${item.itemId} ${item.textEn}`,
      });
    }
  }
}

function checkFindings(draft: InspectionDraft, task: CheckedTask, reference: CheckReference, add: Add): void {
  const lines = new Set(task.goods.map((goods) => goods.line));
  draft.findings.forEach((finding, index) => {
    const at = `findings.${index}`;
    const known = reference.findingCodes.find((code) => code.code === finding.code);
    if (finding.code.trim() === '') add(`${at}.code`, 'missing_code', { 'zh-CN': `第 ${index + 1} 条查验发现缺少代码`, en: `Finding ${index + 1} has no code.` });
    else if (reference.version !== null && known === undefined) {
      add(`${at}.code`, 'unknown_code', { 'zh-CN': `未知的查验发现代码 ${finding.code}`, en: `Unknown finding code ${finding.code}.` });
    } else if (known && known.agency !== 'any' && known.agency !== finding.agency) {
      add(`${at}.agency`, 'wrong_agency', { 'zh-CN': `${finding.code} 属于 ${known.agency} 的查验发现`, en: `${finding.code} is a ${known.agency} finding.` });
    }
    if (finding.goodsLine !== undefined && !lines.has(finding.goodsLine)) {
      add(`${at}.goodsLine`, 'unknown_goods_line', { 'zh-CN': `任务没有第 ${finding.goodsLine} 项货物`, en: `The task has no goods line ${finding.goodsLine}.` });
    }
    if (finding.origin !== 'seal_check') return;
    if (finding.decision === undefined) {
      add(`${at}.decision`, 'undecided_proposal', {
        'zh-CN': `封志核对提出的 ${finding.code}（${finding.containerNo ?? ''}）尚待确认或排除`,
        en: `The seal check's ${finding.code} (${finding.containerNo ?? ''}) is waiting to be confirmed or dismissed.`,
      });
    } else if (finding.decision === 'dismissed' && (finding.dismissReason ?? '').trim() === '') {
      add(`${at}.dismissReason`, 'missing_dismiss_reason', { 'zh-CN': `排除 ${finding.code} 须说明理由`, en: `Give the reason for dismissing ${finding.code}.` });
    }
  });
}

/** The identifiers officers type on the inspection form (an air waybill is read from the task, never typed there). */
type FormIdentifierKind = Exclude<IdentifierKind, 'airWaybill'>;

/** The task's own identifiers of each kind: a well-formed typed value outside them is a warning to confirm. */
function knownOf(task: CheckedTask): Readonly<Record<FormIdentifierKind, readonly string[]>> {
  return {
    containerNo: task.containers.map((container) => container.containerNo),
    hsCode: task.goods.map((goods) => goods.hsCode),
    declarationNo: [task.declarationNo],
    uscc: [task.consigneeUscc],
  };
}

/**
 * Identifiers the officers typed (point 6; see README): container numbers in seal entries and
 * findings, the identifier a finding's code names as found (C-HS-MISCLASS: the HS code,
 * C-CNTR-MISMATCH: the container number; required with those codes), and the declaration number and
 * consignee USCC read from the papers at the document check (each recorded only once typed).
 */
function checkIdentifiers(draft: InspectionDraft, task: CheckedTask, language: OfficerLanguage, add: Add): void {
  const known = knownOf(task);
  const check = (kind: FormIdentifierKind, path: string, typed: string): void => {
    const result = checkTypedIdentifier(kind, typed, known[kind], language);
    if (result.level === 'error') add(path, 'identifier_error', result.message);
    if (result.level === 'warning') {
      const key = confirmKeyOf(kind, result.value);
      if (!draft.confirmedWarnings.includes(key)) add(path, 'identifier_warning', result.message, key);
    }
  };
  const typed = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';
  draft.seals.forEach((entry, index) => {
    const empty = entry.containerNo.trim() === '' && entry.removed.every((s) => s.trim() === '') && entry.applied.every((s) => s.trim() === '') && !entry.broken;
    // An entry just added and left empty is kept in the draft but records nothing.
    if (!empty) check('containerNo', `seals.${index}.containerNo`, entry.containerNo);
  });
  draft.findings.forEach((finding, index) => {
    if (typed(finding.containerNo)) check('containerNo', `findings.${index}.containerNo`, finding.containerNo);
    const kind = foundIdentifierKind(finding.code);
    if (kind === undefined || finding.decision === 'dismissed') return;
    if (typed(finding.found)) check(kind, `findings.${index}.found`, finding.found);
    else add(`findings.${index}.found`, 'missing_found_identifier', FOUND_MISSING[kind]);
  });
  const documents = draft.documents;
  if (typed(documents?.declarationNo)) check('declarationNo', 'documents.declarationNo', documents.declarationNo);
  if (typed(documents?.consigneeUscc)) check('uscc', 'documents.consigneeUscc', documents.consigneeUscc);
}

/** A finding whose code names an identifier says little without it: the single window's officer asks for it first. */
const FOUND_MISSING: Readonly<Record<FoundIdentifierKind, Words>> = {
  hsCode: { 'zh-CN': '商品归类错误须填写查验确定的HS编码', en: 'A misclassification needs the HS code the goods fall under.' },
  containerNo: { 'zh-CN': '箱号不符须填写箱体上的实际箱号', en: 'A container number mismatch needs the number found on the container.' },
};

function checkSamples(draft: InspectionDraft, task: CheckedTask, add: Add): void {
  const lines = new Set(task.goods.map((goods) => goods.line));
  draft.samples.forEach((sample, index) => {
    const at = `samples.${index}`;
    const n = index + 1;
    if (sample.sampleId.trim() === '') add(`${at}.sampleId`, 'missing_sample_field', { 'zh-CN': `第 ${n} 个样品缺少样品编号`, en: `Sample ${n} has no sample id.` });
    if (sample.goodsLine === null) add(`${at}.goodsLine`, 'missing_sample_field', { 'zh-CN': `第 ${n} 个样品未选择货物项`, en: `Sample ${n} has no goods line.` });
    else if (!lines.has(sample.goodsLine)) {
      add(`${at}.goodsLine`, 'unknown_goods_line', { 'zh-CN': `任务没有第 ${sample.goodsLine} 项货物`, en: `The task has no goods line ${sample.goodsLine}.` });
    }
    if (sample.quantity === null) add(`${at}.quantity`, 'missing_sample_field', { 'zh-CN': `第 ${n} 个样品缺少数量`, en: `Sample ${n} has no quantity.` });
    if (sample.unit.trim() === '') add(`${at}.unit`, 'missing_sample_field', { 'zh-CN': `第 ${n} 个样品缺少单位`, en: `Sample ${n} has no unit.` });
    if (sample.lab.trim() === '') add(`${at}.lab`, 'missing_sample_field', { 'zh-CN': `第 ${n} 个样品未指定实验室`, en: `Sample ${n} has no laboratory.` });
  });
}

function checkCountersign(draft: InspectionDraft, add: Add): void {
  const countersign = draft.countersign;
  if (countersign === undefined || countersign.name.trim() === '') {
    add('countersign.name', 'missing_countersign', { 'zh-CN': '请填写在场的收货人或其代理人', en: "Enter the consignee's representative present." });
    return;
  }
  if (countersign.capacity === null) add('countersign.capacity', 'missing_countersign', { 'zh-CN': '请选择签字人身份（收货人或代理人）', en: 'Choose whether the representative is the consignee or an agent.' });
  if (countersign.signed === null) add('countersign.signed', 'missing_countersign', { 'zh-CN': '请记录收货人是否签字确认', en: 'Record whether the representative countersigned.' });
  if (countersign.signed === false && (countersign.refusalNote ?? '').trim() === '') {
    add('countersign.refusalNote', 'missing_refusal_note', { 'zh-CN': '收货人拒绝签字，须注明情况', en: 'The representative refused to countersign: note the refusal.' });
  }
}
