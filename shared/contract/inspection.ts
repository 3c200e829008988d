import { z } from 'zod';
import { agencySchema, dispositionSchema, outcomeSchema } from './enums.js';
import { checklistAnswers, countersignCapacities, sha256Schema, severities } from './gateway.js';
import { refusalSchema } from './session.js';
import { resultSummarySchema } from './sync.js';

/**
 * The inspection as the form holds it (issue 8, point 4): a DRAFT the core stores verbatim, so it
 * comes back after a crash or a core restart exactly as typed (the order of the checklist answers,
 * an empty seal entry, a half-typed note). Nothing here is checked for completeness: that happens at
 * `inspection:submit`, which answers what is missing in words. Only the limits are enforced.
 */

/** The contract's frame limit is 1 MiB: a photo or file travels in chunks of at most this many bytes (before base64). */
export const MAX_ATTACHMENT_CHUNK_BYTES = 512 * 1024;
/** The single window refuses a body above 25 MiB; so does the console, with a clear message. */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

const id = z.string().min(1).max(64);
const note = z.string().max(2000);
/** What an officer types into an identifier field: kept as typed (a typo is reported at submit, not refused on save). */
const typed = z.string().max(64);
const isoTime = z.iso.datetime({ offset: true });

/** An officer present at the inspection: verified on this workstation at `inspection:start`. */
export const officerPresentSchema = z.object({
  /** The local account's operator id (the single window knows the officer by it). */
  operatorId: id,
  /** The account's name when the inspection started (shown on the record). */
  name: z.string().max(200),
  agency: agencySchema,
});

/** One checklist item's answer, in the order the officer answered. */
export const checklistAnswerSchema = z.object({
  /** The reference data's checklist item id (e.g. opn-02). */
  itemId: id,
  /** null: not answered yet. */
  answer: z.enum(checklistAnswers).nullable(),
  /** Free text; '' when none. */
  note,
});

export const findingOrigins = ['officer', 'seal_check'] as const;
export const findingDecisions = ['confirmed', 'dismissed'] as const;
export const draftFindingSchema = z.object({
  /** Made by whoever creates the finding (the form: a uuid; the core's seal check: its own). */
  findingId: id,
  /** A finding code of the reference data (e.g. C-SEAL-MISMATCH). */
  code: z.string().max(64),
  agency: agencySchema,
  severity: z.enum(severities),
  text: note,
  /** The goods line it concerns (1-based), if any. */
  goodsLine: z.number().int().positive().optional(),
  /** The container it concerns, as typed. */
  containerNo: typed.optional(),
  /**
   * For a code that names an identifier (shared/domain found-identifier.ts: C-HS-MISCLASS the HS code
   * the goods fall under, C-CNTR-MISMATCH the number on the container), the identifier found, as typed.
   * The single window's finding has no such field: it stays in the draft and the submit's audit entry.
   */
  found: typed.optional(),
  /** officer: recorded by an officer; seal_check: proposed by the core's seal check (inspection:save). */
  origin: z.enum(findingOrigins),
  /** For a seal_check proposal: the officers' decision; absent while undecided (submit refuses that). An officer's own finding needs none. */
  decision: z.enum(findingDecisions).optional(),
  /** Why a proposal was dismissed (required at submit for a dismissal). */
  dismissReason: note.optional(),
});

export const draftSealEntrySchema = z.object({
  /** As typed; '' in an entry just added. */
  containerNo: typed,
  /** Seal numbers found and removed, as typed, in order. */
  removed: z.array(z.string().max(32)).max(20),
  /** New seals applied after the inspection. */
  applied: z.array(z.string().max(32)).max(20),
  /** A seal of this container was found broken or tampered with (proposes C-SEAL-BROKEN). */
  broken: z.boolean(),
  /**
   * The officer has recorded every seal removed from this container: only then does a declared seal
   * missing from `removed` propose C-SEAL-MISMATCH (not while the list is still being typed).
   */
  complete: z.boolean(),
});

export const draftSampleSchema = z.object({
  sampleId: z.string().max(64),
  /** The goods line sampled (1-based); null while not chosen. */
  goodsLine: z.number().int().positive().nullable(),
  /** null while not typed. */
  quantity: z.number().nonnegative().nullable(),
  unit: z.string().max(16),
  /** The laboratory the sample goes to. */
  lab: z.string().max(200),
});

/** A stored photo or file (attachments:put answered its sha256). */
export const draftAttachmentSchema = z.object({
  sha256: sha256Schema,
  name: z.string().min(1).max(255),
  mediaType: z.string().min(1).max(127),
  bytes: z.number().int().nonnegative().max(MAX_ATTACHMENT_BYTES),
});

/** The consignee's representative present: countersigns, or refuses and the refusal is noted. */
export const draftCountersignSchema = z.object({
  name: z.string().max(200),
  /** null while not chosen. */
  capacity: z.enum(countersignCapacities).nullable(),
  /** null while the representative has not answered; false: refused (refusalNote then required at submit). */
  signed: z.boolean().nullable(),
  refusalNote: note.optional(),
});

/**
 * The document check (inspection type document): the numbers as read from the papers presented,
 * as typed ('' while not typed), compared with the task's declaration at submit. The single
 * window's result has no field for them: they stay in the draft and the submit's audit entry.
 */
export const draftDocumentsSchema = z.object({
  /** The declaration number on the papers. */
  declarationNo: typed,
  /** The consignee's unified social credit code on the papers (contract, invoice, licence). */
  consigneeUscc: typed,
});

/** How many entries each list of the content may hold (the schema's, and inspection:patch's when it appends). */
export const contentListLimits = { checklist: 500, findings: 200, seals: 200, samples: 100, attachments: 200, confirmedWarnings: 200 } as const;
export type ContentListKey = keyof typeof contentListLimits;

/** The part of the draft the form edits and sends with `inspection:save` (whole) or `inspection:patch` (what changed). */
export const inspectionContentSchema = z.object({
  checklist: z.array(checklistAnswerSchema).max(contentListLimits.checklist),
  findings: z.array(draftFindingSchema).max(contentListLimits.findings),
  seals: z.array(draftSealEntrySchema).max(contentListLimits.seals),
  samples: z.array(draftSampleSchema).max(contentListLimits.samples),
  attachments: z.array(draftAttachmentSchema).max(contentListLimits.attachments),
  disposition: dispositionSchema.optional(),
  /** With `recognizes` set the outcome is not_inspected (submit refuses anything else). */
  outcome: outcomeSchema.optional(),
  /** The resultId of one of the task's priorInspections recognised instead of inspecting again (通报通检通放). */
  recognizes: id.optional(),
  countersign: draftCountersignSchema.optional(),
  documents: draftDocumentsSchema.optional(),
  /**
   * Identifier warnings the officers confirmed (a well-formed number the task does not know), each
   * as the `confirmKey` that inspection:check / submit answered (e.g. "containerNo:MSCU1234566",
   * "uscc:91310110666007217T", "hsCode:8471300000", "declarationNo:800020261000012345").
   */
  confirmedWarnings: z.array(z.string().max(128)).max(contentListLimits.confirmedWarnings),
});
export type InspectionContent = z.infer<typeof inspectionContentSchema>;
/** The content's fields, in the schema's order (compared and patched field by field). */
export const contentKeys = Object.keys(inspectionContentSchema.shape) as (keyof InspectionContent)[];

export const signatureSchema = z.object({ operatorId: id, signedAt: isoTime });

/** The whole draft as the core answers it: the form's content plus what only the core sets. */
export const inspectionDraftSchema = inspectionContentSchema.extend({
  taskId: id,
  /** The result's id (uuid), made at start; the single window's Idempotency-Key later. */
  resultId: z.uuid(),
  /** The task's version when the inspection started (the result's baseVersion). */
  baseVersion: z.number().int().nonnegative(),
  startedAt: isoTime,
  /** At least two; the first is the officer who started it (the session's). Fixed at start. */
  officers: z.array(officerPresentSchema).min(2).max(10),
  /** Officers who signed the content as it is now; cleared when the content changes (inspection:save). */
  signatures: z.array(signatureSchema).max(10),
  updatedAt: isoTime,
});
export type InspectionDraft = z.infer<typeof inspectionDraftSchema>;

const taskIdInput = { taskId: id };
const password = z.string().min(1).max(256);

export const inspectionStartInputSchema = z.strictObject({
  ...taskIdInput,
  /** The second officer, authenticated on this workstation (a wrong password counts towards the lockout). */
  secondOfficer: z.strictObject({ operatorId: id, password }),
  /** Start as a recognition of this prior inspection (outcome not_inspected); still two officers. */
  recognizes: id.optional(),
});

/**
 * Why an officer was not accepted at start or sign: the password refusals of sign-in, and
 * same_officer (the same person twice), first_inspection (did the first inspection of these goods:
 * cannot do the re-inspection), not_officer (the account is neither inspector nor supervisor),
 * not_present (signing: not one of the draft's officers), already_signed.
 */
export const officerRefusalReasons = ['same_officer', 'first_inspection', 'not_officer', 'not_present', 'already_signed'] as const;
export const officerRefusalSchema = z.union([
  refusalSchema,
  z.object({ reason: z.enum(officerRefusalReasons), operatorId: id }),
]);
export type OfficerRefusal = z.infer<typeof officerRefusalSchema>;

/** start and sign answer an officer's refusal as a value, like sign-in: a wrong password is expected, not a failed call. */
export const inspectionOfficerOutcomeSchema = z.union([
  z.object({ ok: z.literal(true), draft: inspectionDraftSchema }),
  z.object({ ok: z.literal(false), refusal: officerRefusalSchema }),
]);

export const inspectionTaskInputSchema = z.strictObject(taskIdInput);
export const inspectionGetSchema = z.object({ draft: inspectionDraftSchema.nullable() });
export const inspectionSaveInputSchema = z.strictObject({ ...taskIdInput, draft: inspectionContentSchema });

/** The fields of the content that may be absent (inspection:patch's `unset`). */
export const optionalContentKeys = ['disposition', 'outcome', 'recognizes', 'countersign', 'documents'] as const;
const listKeys = Object.keys(contentListLimits) as ContentListKey[];
const listItem = <K extends ContentListKey>(field: K) =>
  z.strictObject({
    field: z.literal(field),
    /** The entry's index: below the list's length replaces that entry, equal to it appends one. */
    at: z.number().int().nonnegative(),
    value: inspectionContentSchema.shape[field].element,
  });
const listItemSchema = z.discriminatedUnion(
  'field',
  listKeys.map((field) => listItem(field)) as unknown as [ReturnType<typeof listItem<ContentListKey>>],
);
export type ContentListItem = { [K in ContentListKey]: { field: K; at: number; value: InspectionContent[K][number] } }[ContentListKey];

/**
 * inspection:patch: what the form changed since the draft it last had from the core, whose
 * `updatedAt` is `base`. Applied in this order: `set` replaces whole fields, `unset` removes
 * optional ones, `items` replaces or appends list entries one by one. What a keystroke sends is
 * then one entry, not the whole draft (issue 8 point 12: the frame, its parse and the answer
 * grow with the edit, not with the draft).
 */
export const inspectionPatchInputSchema = z.strictObject({
  ...taskIdInput,
  base: isoTime,
  set: z.strictObject(inspectionContentSchema.shape).partial(),
  unset: z.array(z.enum(optionalContentKeys)).max(optionalContentKeys.length),
  items: z.array(listItemSchema as z.ZodType<ContentListItem>).max(500),
});
export type ContentPatch = Omit<z.infer<typeof inspectionPatchInputSchema>, 'taskId' | 'base'>;

/**
 * applied: what the core now stores beyond the content sent: its updatedAt (the next patch's base),
 * its signatures (kept when the patch changed nothing), and the findings when the seal check added
 * or took back a proposal. Not applied: the stored draft is not the one the patch was made on
 * (another window saved it meanwhile); nothing was written, and the form saves its whole content.
 */
export const inspectionPatchOutcomeSchema = z.union([
  z.object({
    applied: z.literal(true),
    updatedAt: isoTime,
    signatures: z.array(signatureSchema).max(10),
    findings: inspectionContentSchema.shape.findings.optional(),
  }),
  z.object({ applied: z.literal(false) }),
]);
export type InspectionPatchOutcome = z.infer<typeof inspectionPatchOutcomeSchema>;
export const inspectionSignInputSchema = z.strictObject({ ...taskIdInput, operatorId: id, password });

export const officerLanguages = ['zh-CN', 'en'] as const;
export const inspectionCheckInputSchema = z.strictObject({
  ...taskIdInput,
  /** The language of the messages (the officer's). */
  language: z.enum(officerLanguages).default('zh-CN'),
});

/** One thing that keeps the draft from being submitted, said in the officer's language. */
export const inspectionIssueSchema = z.object({
  /** Where in the draft, as a dotted path (e.g. "seals.0.containerNo", "signatures"). */
  path: z.string(),
  /** Stable code for the UI (missing_answer, identifier_error, identifier_warning, undecided_proposal, …). */
  code: z.string(),
  message: z.string(),
  /** A confirmable warning: put this into confirmedWarnings to accept it. */
  confirmKey: z.string().optional(),
});
export type InspectionIssue = z.infer<typeof inspectionIssueSchema>;
export const inspectionCheckSchema = z.object({ issues: z.array(inspectionIssueSchema) });

/** submit: the result queued for the single window, or what is missing (nothing written then). */
export const inspectionSubmitOutcomeSchema = z.union([
  z.object({ submitted: z.literal(true), result: resultSummarySchema }),
  z.object({ submitted: z.literal(false), issues: z.array(inspectionIssueSchema).min(1) }),
]);

export const inspectionDiscardInputSchema = z.strictObject({ ...taskIdInput, reason: z.string().trim().min(1).max(2000) });
export const inspectionDiscardSchema = z.object({ discarded: z.literal(true) });


export const attachmentPutInputSchema = z.strictObject({
  /** Made by the sender (uuid), the same for every chunk of one file. */
  uploadId: z.uuid(),
  /** 0-based, sent in order. */
  index: z.number().int().nonnegative(),
  /** How many chunks the file has (at least one; an empty file is one empty chunk). Chunks may be smaller than the limit. */
  total: z.number().int().positive().max(65_536),
  /** The chunk's bytes, base64 (≤ 512 KiB decoded). */
  dataBase64: z.string().max(Math.ceil(MAX_ATTACHMENT_CHUNK_BYTES / 3) * 4),
  name: z.string().min(1).max(255),
  mediaType: z.string().min(1).max(127),
  /** The whole file's sha256 (hex), checked when the last chunk arrives. */
  sha256: sha256Schema,
});
export const attachmentPutSchema = z.object({
  /** true once the last chunk is in and the file is stored (content-addressed) and recorded. */
  complete: z.boolean(),
  sha256: sha256Schema,
  /** Bytes received so far (the file's size when complete). */
  bytes: z.number().int().nonnegative(),
});
