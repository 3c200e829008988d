import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { buildReference } from '../../electron/simulator/reference.js';
import { checklistIdFor } from '../../electron/simulator/seed/checklists.js';
import type { InspectionContent, InspectionDraft } from '../../shared/contract/index.js';
import { completeContent, createOfficers, must, signBoth, startInspection } from '../fixtures/inspection-calls.js';
import { buildTask } from '../fixtures/task-builder.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * Identifiers the officers type during the inspection (issue 8, point 6), through the real router
 * on a real core: for each kind where it is typed (the container number and HS code a finding
 * records as found, the declaration number and consignee USCC read from the papers at the document
 * check), a typo blocks submit with a message in the officer's language, a well-formed number the
 * task does not know is a warning to confirm, a confirmed one and a known one pass. What the single
 * window's result has no field for is not sent and is kept in the submit's audit entry.
 */
const TASK = 'JI-8000-2026-000909';
const reference = buildReference();
const types = ['document', 'open_container'] as const;
const checklist = reference.data.checklists.find((list) => list.checklistId === checklistIdFor([...types]));
if (!checklist) throw new Error('no document and open-container checklist in the simulator reference');
const itemIds = checklist.items.map((item) => item.itemId);
// The task's own identifiers (task-builder.ts).
const task = buildTask({ taskId: TASK }, { types: [...types], checklistId: checklist.checklistId });
const [container] = task.containers;
const [goods] = task.goods;
if (!container || !goods) throw new Error('the built task has a container and a goods line');

let core: Core;
let removeTemp: () => void;
let draft: InspectionDraft;
beforeEach(async () => {
  const temp = makeTempDir('inspection-identifiers-');
  removeTemp = temp.remove;
  core = startCore({ dataDir: path.join(temp.dir, 'data'), clock: () => Date.parse('2026-12-07T08:00:00Z'), logSink: nullSink });
  await createOfficers(core);
  core.db.tasks.upsertMany([task]);
  core.db.sync.reference.store(reference.data, reference.etag);
  draft = await startInspection(core, TASK);
});
afterEach(async () => {
  await core.close();
  removeTemp();
});

/** A draft complete but for what `change` types in. */
const typedIn = (change: (content: InspectionContent) => InspectionContent): InspectionContent => change(completeContent(draft, task, itemIds));
const withFound = (code: string, found: string) => (content: InspectionContent): InspectionContent => ({
  ...content,
  findings: [...content.findings, { findingId: 'f-found', code, agency: 'customs', severity: 'major', text: '查验发现', origin: 'officer', found }],
});
const withDocuments = (documents: Partial<NonNullable<InspectionContent['documents']>>) => (content: InspectionContent): InspectionContent => ({
  ...content,
  documents: { declarationNo: '', consigneeUscc: '', ...documents },
});
const confirming = (key: string, change: (content: InspectionContent) => InspectionContent) => (content: InspectionContent): InspectionContent => ({
  ...change(content),
  confirmedWarnings: [key],
});

/** The issues inspection:check answers at `at` once `content` is saved. */
async function issuesAt(content: InspectionContent, at: string, language: 'zh-CN' | 'en' = 'zh-CN') {
  await must(core, 'inspection:save', { taskId: TASK, draft: content });
  const { issues } = await must(core, 'inspection:check', { taskId: TASK, language });
  return issues.filter((issue) => issue.path === at);
}

interface Kind {
  name: string;
  at: string;
  type: (value: string) => (content: InspectionContent) => InspectionContent;
  typo: string;
  typoSays: { 'zh-CN': string; en: string };
  unknown: string;
  confirmKey: string;
  known: string;
}

const kinds: Kind[] = [
  {
    name: 'container number found (C-CNTR-MISMATCH)',
    at: 'findings.1.found',
    type: (value) => withFound('C-CNTR-MISMATCH', value),
    typo: 'CSQU 305438 4',
    typoSays: { 'zh-CN': '集装箱号校验码不符', en: "container number's check digit does not match" },
    unknown: 'tcnu 720079 4',
    confirmKey: 'containerNo:TCNU7200794',
    known: container.containerNo,
  },
  {
    name: 'HS code found (C-HS-MISCLASS)',
    at: 'findings.1.found',
    type: (value) => withFound('C-HS-MISCLASS', value),
    typo: '7702300090',
    typoSays: { 'zh-CN': 'HS编码的章号（前两位）不存在', en: 'chapter (first two digits) of the HS code does not exist' },
    unknown: '0202300010',
    confirmKey: 'hsCode:0202300010',
    known: goods.hsCode,
  },
  {
    name: 'declaration number on the papers',
    at: 'documents.declarationNo',
    type: (value) => withDocuments({ declarationNo: value }),
    // An export's direction digit (0) on an import task's papers.
    typo: '800020260000012345',
    typoSays: { 'zh-CN': '报关单号的进出口标志（第9位）与本任务不符', en: 'import/export digit (9th) of the declaration number does not match this task' },
    unknown: '800020261000012346',
    confirmKey: 'declarationNo:800020261000012346',
    known: task.declarationNo,
  },
  {
    name: 'consignee USCC on the papers',
    at: 'documents.consigneeUscc',
    type: (value) => withDocuments({ consigneeUscc: value }),
    typo: '91310110666007217U',
    typoSays: { 'zh-CN': '统一社会信用代码校验码不符', en: "unified social credit code's check digit does not match" },
    unknown: '91110000600037341L',
    confirmKey: 'uscc:91110000600037341L',
    known: task.consignee.uscc,
  },
];

describe.each(kinds)('typed identifier: $name', (kind) => {
  it("a typo blocks submit, said in the officer's language", async () => {
    const content = typedIn(kind.type(kind.typo));
    expect(await issuesAt(content, kind.at)).toEqual([{ path: kind.at, code: 'identifier_error', message: expect.stringContaining(kind.typoSays['zh-CN']) as string }]);
    expect(await issuesAt(content, kind.at, 'en')).toEqual([{ path: kind.at, code: 'identifier_error', message: expect.stringContaining(kind.typoSays.en) as string }]);
    await signBoth(core, TASK);
    const refused = await must(core, 'inspection:submit', { taskId: TASK, language: 'zh-CN' });
    expect(refused).toMatchObject({ submitted: false, issues: [{ path: kind.at, code: 'identifier_error' }] });
  });

  it('a well-formed number the task does not know is a warning to confirm; confirmed, it passes', async () => {
    const warned = await issuesAt(typedIn(kind.type(kind.unknown)), kind.at);
    expect(warned).toEqual([{ path: kind.at, code: 'identifier_warning', message: expect.stringContaining('本任务中没有') as string, confirmKey: kind.confirmKey }]);
    expect(await issuesAt(typedIn(confirming(kind.confirmKey, kind.type(kind.unknown))), kind.at)).toEqual([]);
  });

  it("the task's own number passes", async () => {
    expect(await issuesAt(typedIn(kind.type(kind.known)), kind.at)).toEqual([]);
  });
});

describe('identifiers the result has no field for', () => {
  it('a finding whose code names an identifier needs it; the document check records nothing until typed', async () => {
    const issues = await issuesAt(typedIn(withFound('C-HS-MISCLASS', ' ')), 'findings.1.found', 'en');
    expect(issues).toEqual([{ path: 'findings.1.found', code: 'missing_found_identifier', message: 'A misclassification needs the HS code the goods fall under.' }]);
    expect(await issuesAt(typedIn(withDocuments({})), 'documents.declarationNo')).toEqual([]);
  });

  it('are not sent to the single window and are kept, normalised, in the submit audit entry with the confirmations that apply', async () => {
    const content = typedIn((base) => ({
      ...withFound('C-HS-MISCLASS', ' 0202300010 ')(withDocuments({ declarationNo: task.declarationNo, consigneeUscc: '91110000600037341l' })(base)),
      // The first confirmation is of a number typed over since: it applies to nothing submitted.
      confirmedWarnings: ['containerNo:TCNU7200794', 'hsCode:0202300010', 'uscc:91110000600037341L'],
    }));
    await must(core, 'inspection:save', { taskId: TASK, draft: content });
    await signBoth(core, TASK);
    const outcome = await must(core, 'inspection:submit', { taskId: TASK, language: 'zh-CN' });
    expect(outcome).toMatchObject({ submitted: true });

    const sent = core.db.results.toSubmission(draft.resultId);
    expect(sent.findings.find((finding) => finding.code === 'C-HS-MISCLASS')).toEqual({ agency: 'customs', code: 'C-HS-MISCLASS', severity: 'major', text: '查验发现' });
    expect(JSON.stringify(sent)).not.toContain('0202300010');
    expect(JSON.stringify(sent)).not.toContain('91110000600037341L');

    const submitted = core.db.audit.entriesFor(TASK).find((entry) => entry.action === 'result.submit');
    expect(JSON.parse(submitted?.details ?? '{}')).toMatchObject({
      resultId: draft.resultId,
      typedIdentifiers: {
        found: [{ code: 'C-HS-MISCLASS', hsCode: '0202300010' }],
        documents: { declarationNo: task.declarationNo, consigneeUscc: '91110000600037341L' },
        confirmedWarnings: ['hsCode:0202300010', 'uscc:91110000600037341L'],
      },
    });
  });
});
