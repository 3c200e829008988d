import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checklistAnswers, contentListLimits, dispositions, inspectionPatchInputSchema, outcomes, type InspectionContent } from '../../shared/contract/index.js';
import { contentPatch, PatchOutOfRangeError, withPatch } from '../../shared/domain/content-patch.js';
import { sameJson } from '../../shared/domain/same-json.js';

/**
 * The form's side and the core's side of inspection:patch: what contentPatch makes of two contents,
 * applied by withPatch to the first, gives the second, for any content and any edits the form
 * makes (an entry replaced, appended, removed, replaced by an equal copy; an optional field set or
 * cleared); and the patch is a frame the contract accepts.
 */
const note = fc.string({ maxLength: 12 });
const answer = fc.record({ itemId: fc.constantFrom('opn-01', 'opn-02', 'opn-03', 'smp-01'), answer: fc.constantFrom(...checklistAnswers, null), note });
const sample = fc.record({ sampleId: fc.string({ minLength: 1, maxLength: 8 }), goodsLine: fc.option(fc.integer({ min: 1, max: 9 })), quantity: fc.option(fc.nat(50)), unit: fc.constantFrom('kg', 'set', ''), lab: note });
const finding = fc.record(
  { findingId: fc.uuid(), code: fc.constantFrom('X-INFO', 'C-SEAL-MISMATCH'), agency: fc.constantFrom('customs' as const, 'quarantine' as const), severity: fc.constantFrom('info' as const, 'major' as const), text: note, goodsLine: fc.integer({ min: 1, max: 3 }), origin: fc.constantFrom('officer' as const, 'seal_check' as const), decision: fc.constantFrom('confirmed' as const, 'dismissed' as const) },
  { requiredKeys: ['findingId', 'code', 'agency', 'severity', 'text', 'origin'] },
);
const seal = fc.record({ containerNo: fc.constantFrom('', 'CSQU3054383'), removed: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }), applied: fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 }), broken: fc.boolean(), complete: fc.boolean() });

const content: fc.Arbitrary<InspectionContent> = fc
  .record(
    {
      checklist: fc.array(answer, { maxLength: 6 }),
      findings: fc.array(finding, { maxLength: 3 }),
      seals: fc.array(seal, { maxLength: 3 }),
      samples: fc.array(sample, { maxLength: 3 }),
      attachments: fc.constant<InspectionContent['attachments']>([]),
      confirmedWarnings: fc.array(fc.constantFrom('containerNo:MSCU1234566', 'hsCode:8471300000'), { maxLength: 2 }),
      disposition: fc.constantFrom(...dispositions),
      outcome: fc.constantFrom(...outcomes),
      countersign: fc.record({ name: note, capacity: fc.constant(null), signed: fc.option(fc.boolean()) }),
    },
    { requiredKeys: ['checklist', 'findings', 'seals', 'samples', 'attachments', 'confirmedWarnings'] },
  )
  .map((made): InspectionContent => made);

type ListKey = 'checklist' | 'findings' | 'seals' | 'samples' | 'confirmedWarnings';
/** One edit as the form makes it: only what it touches is a new object. */
type Edit = (content: InspectionContent) => InspectionContent;
const listOf = <K extends ListKey>(key: K, item: fc.Arbitrary<InspectionContent[K][number]>): fc.Arbitrary<Edit>[] => [
  fc.tuple(fc.nat(), item).map(([index, value]): Edit => (current) => ({ ...current, [key]: current[key].map((old, i) => (i === index % Math.max(current[key].length, 1) ? value : old)) })),
  item.map((value): Edit => (current) => ({ ...current, [key]: [...current[key], value] })),
  fc.nat().map((index): Edit => (current) => ({ ...current, [key]: current[key].filter((_, i) => i !== index % Math.max(current[key].length, 1)) })),
  fc.nat().map((index): Edit => (current) => ({ ...current, [key]: current[key].map((old, i) => (i === index % Math.max(current[key].length, 1) ? structuredClone(old) : old)) })),
];
const edit: fc.Arbitrary<Edit> = fc.oneof(
  ...listOf('checklist', answer),
  ...listOf('findings', finding),
  ...listOf('seals', seal),
  ...listOf('samples', sample),
  ...listOf('confirmedWarnings', fc.constantFrom('uscc:91310110666007217T', 'containerNo:MSCU1234566')),
  fc.constantFrom(...dispositions).map((disposition): Edit => (current) => ({ ...current, disposition })),
  fc.constant<Edit>(({ disposition: _cleared, ...rest }) => rest),
  fc.constant<Edit>(({ countersign: _cleared, ...rest }) => rest),
  fc.constant<Edit>((current) => ({ ...current })),
);

/** Deeply frozen: withPatch must not change the stored draft it builds on. */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) frozen(inner);
    Object.freeze(value);
  }
  return value;
}

describe('contentPatch and withPatch', () => {
  it('give back the edited content from the stored one, for any edits, and make a frame the contract accepts', () => {
    fc.assert(
      fc.property(content, fc.array(edit, { maxLength: 6 }), (base, edits) => {
        const next = edits.reduce((current, change) => change(current), base);
        const patch = contentPatch(base, next);
        expect(patch === null).toBe(sameJson(base, next));
        if (patch === null) return;
        expect(inspectionPatchInputSchema.safeParse({ taskId: 'JI-8000-2026-000808', base: '2026-12-07T08:00:00.000Z', ...patch }).success).toBe(true);
        const applied = withPatch(frozen(structuredClone(base)), patch);
        expect(JSON.parse(JSON.stringify(applied))).toEqual(JSON.parse(JSON.stringify(next)));
      }),
      { numRuns: 400 },
    );
  });

  it('sends one entry for a note typed into a long checklist, not the list', () => {
    const checklist = Array.from({ length: 40 }, (_, index) => ({ itemId: `opn-${index}`, answer: 'yes' as const, note: '' }));
    const base: InspectionContent = { checklist, findings: [], seals: [], samples: [], attachments: [], confirmedWarnings: [] };
    const next = { ...base, checklist: checklist.map((entry, index) => (index === 7 ? { ...entry, note: '箱底板有新焊痕' } : entry)) };
    expect(contentPatch(base, next)).toEqual({ set: {}, unset: [], items: [{ field: 'checklist', at: 7, value: { itemId: 'opn-7', answer: 'yes', note: '箱底板有新焊痕' } }] });
  });

  it('refuses an entry past the end of its list, and an append past the list’s limit', () => {
    const base: InspectionContent = { checklist: [], findings: [], seals: [], samples: [], attachments: [], confirmedWarnings: [] };
    expect(() => withPatch(base, { set: {}, unset: [], items: [{ field: 'confirmedWarnings', at: 1, value: 'hsCode:8471300000' }] })).toThrow(PatchOutOfRangeError);
    const full = { ...base, confirmedWarnings: Array.from({ length: contentListLimits.confirmedWarnings }, (_, index) => `uscc:${index}`) };
    const append = { set: {}, unset: [], items: [{ field: 'confirmedWarnings' as const, at: full.confirmedWarnings.length, value: 'uscc:more' }] };
    expect(() => withPatch(full, append)).toThrow(/confirmedWarnings\.200: the list has 200 entries \(at most 200\)/);
    expect(withPatch(full, { ...append, items: [{ ...append.items[0], at: 0 }] as typeof append.items }).confirmedWarnings[0]).toBe('uscc:more');
  });
});
