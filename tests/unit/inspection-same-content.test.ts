import { describe, expect, it } from 'vitest';
import { sameContent } from '../../electron/core/inspection/same-content.js';
import { sameJson } from '../../shared/domain/same-json.js';
import type { InspectionContent, InspectionDraft } from '../../shared/contract/index.js';

/** The comparison inspection:save makes between the form's content and the stored draft, field by field, without parsing. */
const content: InspectionContent = {
  checklist: [
    { itemId: 'opn-01', answer: 'yes', note: '' },
    { itemId: 'opn-02', answer: null, note: '封志号不符' },
  ],
  findings: [{ findingId: 'f-1', code: 'X-INFO', agency: 'customs', severity: 'info', text: '记录', goodsLine: 1, origin: 'officer' }],
  seals: [{ containerNo: '', removed: [], applied: [], broken: false, complete: false }],
  samples: [{ sampleId: 'S-1', goodsLine: null, quantity: null, unit: '', lab: '' }],
  attachments: [],
  countersign: { name: '王芳', capacity: null, signed: null },
  confirmedWarnings: [],
};

/** The stored draft as the core reads it back: the content's fields plus the core's own, keys in the order JSON text gives. */
const at = '2026-12-07T08:30:00.000Z';
const stored = JSON.parse(
  JSON.stringify({
    ...content,
    taskId: 'JI-8000-2026-000808', resultId: '6b0f6c4e-7c1d-4f7a-9a51-0d2e3f4a5b6c', baseVersion: 3, startedAt: at, updatedAt: at,
    officers: ['op-1', 'op-2'].map((operatorId) => ({ operatorId, name: operatorId, agency: 'customs' })),
    signatures: [{ operatorId: 'op-1', signedAt: at }],
  }),
) as InspectionDraft;

describe('sameContent', () => {
  it('finds the stored draft unchanged by its own content, whatever the key order and the fields only the core sets', () => {
    const reordered: InspectionContent = {
      confirmedWarnings: [],
      countersign: { signed: null, capacity: null, name: '王芳' },
      attachments: [],
      samples: content.samples.map(({ lab, unit, quantity, goodsLine, sampleId }) => ({ lab, unit, quantity, goodsLine, sampleId })),
      seals: content.seals,
      findings: content.findings.map((finding) => ({ ...finding, decision: undefined })),
      checklist: content.checklist,
    };
    expect(sameContent(reordered, stored)).toBe(true);
  });

  it('tells every kind of change apart: a note, the order of answers, a field added or removed, an empty entry', () => {
    const [first, second] = content.checklist;
    if (!first || !second) throw new Error('two answers expected');
    const changes: InspectionContent[] = [
      { ...content, checklist: [first, { ...second, note: '封志号不符。' }] },
      { ...content, checklist: [second, first] },
      { ...content, disposition: 'hold' },
      { ...content, countersign: { name: '王芳', capacity: null, signed: null, refusalNote: '' } },
      { ...content, findings: content.findings.map(({ goodsLine: _line, ...finding }) => finding) },
      { ...content, seals: [] },
      { ...content, samples: [{ sampleId: 'S-1', goodsLine: null, quantity: 0, unit: '', lab: '' }] },
    ];
    for (const changed of changes) expect(sameContent(changed, stored)).toBe(false);
  });
});

describe('sameJson', () => {
  it('compares as JSON text would: arrays in order, null apart from absent, absent like undefined', () => {
    expect(sameJson({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toBe(true);
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(sameJson({ a: null }, {})).toBe(false);
    expect(sameJson({}, { a: null })).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson([], {})).toBe(false);
    expect(sameJson({ a: [1] }, { a: [1, 2] })).toBe(false);
    expect(sameJson('1', 1)).toBe(false);
  });
});
