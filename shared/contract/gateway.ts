import { z } from 'zod';
import { agencySchema, dispositionSchema, inspectionTypeSchema, outcomeSchema, roleSchema, transportModeSchema } from './enums.js';
import { validateContainerNo } from '../domain/iso6346.js';
import { gatewayTaskSchema } from './gateway-task.js';

/**
 * The single-window gateway API v1 (single-window-api.md), as zod schemas. The simulator
 * (electron/simulator) and the sync client (electron/core/sync) share these and nothing else, so
 * a bug in one cannot hide in the other. Objects are tolerant of unknown fields (zod strips them)
 * and strict about named ones.
 */
export type { GatewayTask } from './gateway-task.js';

const isoTime = z.iso.datetime({ offset: true });
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);
export const MAX_GATEWAY_BODY_BYTES = 25 * 1024 * 1024;
export const MAX_IN_FLIGHT = 8;

export const tokenRequestSchema = z.object({
  operatorId: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  workstationId: z.string().min(1).max(128),
});
export type TokenRequest = z.infer<typeof tokenRequestSchema>;

export const operatorSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().max(200),
  roles: z.array(roleSchema).min(1),
  agency: agencySchema,
  portCode: z.string().regex(/^\d{4}$/),
});
export type Operator = z.infer<typeof operatorSchema>;

export const tokenResponseSchema = z.object({
  accessToken: z.string().min(1).max(4096),
  expiresAt: isoTime,
  operator: operatorSchema,
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  task: gatewayTaskSchema.optional(),
});
export type Problem = z.infer<typeof problemSchema>;

export const taskChangeSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('upsert'), task: gatewayTaskSchema }),
  z.object({ op: z.literal('cancel'), taskId: z.string().min(1).max(64), version: z.number().int().nonnegative(), reason: z.string().max(500) }),
]);
export type TaskChange = z.infer<typeof taskChangeSchema>;

export const changesPageSchema = z.object({
  changes: z.array(taskChangeSchema).max(1000),
  nextCursor: z.string().min(1).max(1024),
  hasMore: z.boolean(),
});
export type ChangesPage = z.infer<typeof changesPageSchema>;

export const severities = ['info', 'minor', 'major', 'critical'] as const;
export const checklistAnswers = ['yes', 'no', 'na'] as const;

export const findingSchema = z.object({
  agency: agencySchema,
  code: z.string().min(1).max(64),
  severity: z.enum(severities),
  text: z.string().max(2000),
  goodsLine: z.number().int().positive().optional(),
  containerNo: z.string().max(16).optional(),
});

export const attachmentRefSchema = z.object({
  sha256: sha256Schema,
  name: z.string().min(1).max(255),
  mediaType: z.string().min(1).max(127),
  bytes: z.number().int().nonnegative().max(MAX_GATEWAY_BODY_BYTES),
});
export type AttachmentRef = z.infer<typeof attachmentRefSchema>;

/** The consignee's representative present at the inspection: countersigns the record, or refuses and the refusal is noted (not a block). */
export const countersignCapacities = ['consignee', 'agent'] as const;
export const countersignSchema = z.object({
  name: z.string().min(1).max(200),
  capacity: z.enum(countersignCapacities),
  signed: z.boolean(),
  refusalNote: z.string().max(2000).optional(),
});
export type Countersign = z.infer<typeof countersignSchema>;

export const resultSubmissionSchema = z.object({
  resultId: z.uuid(),
  baseVersion: z.number().int().nonnegative(),
  outcome: outcomeSchema,
  findings: z.array(findingSchema).max(200),
  seals: z.array(z.object({ containerNo: z.string().max(16), removed: z.array(z.string().max(32)).max(20), applied: z.array(z.string().max(32)).max(20) })).max(200),
  samples: z.array(z.object({ sampleId: z.string().min(1).max(64), goodsLine: z.number().int().positive(), quantity: z.number().nonnegative(), unit: z.string().max(16), lab: z.string().max(200) })).max(100),
  attachments: z.array(attachmentRefSchema).max(200),
  disposition: dispositionSchema,
  inspectors: z.array(z.string().min(1).max(64)).min(2).max(10),
  startedAt: isoTime,
  completedAt: isoTime,
  checklist: z.array(z.object({ itemId: z.string().min(1).max(64), answer: z.enum(checklistAnswers), note: z.string().max(2000).optional() })).max(500),
  countersign: countersignSchema.optional(),
  /** The resultId of one of the task's priorInspections: with outcome not_inspected, recognised instead of inspected again. */
  recognizes: z.string().min(1).max(64).optional(),
  /** What the decision was made under: the reference data's version and the console's. */
  referenceVersion: z.string().min(1).max(64).optional(),
  appVersion: z.string().min(1).max(64).optional(),
});
export type ResultSubmission = z.infer<typeof resultSubmissionSchema>;

export const resultAcceptedSchema = z.object({ accepted: z.literal(true), task: gatewayTaskSchema });

export const assignmentRequestSchema = z.object({
  assignedTo: z.array(z.string().min(1).max(64)).max(20),
  baseVersion: z.number().int().nonnegative(),
});
export const assignmentResponseSchema = z.object({ task: gatewayTaskSchema });

export const milestones = ['departed', 'border_crossed', 'arrived', 'gate_in', 'gate_out', 'inspection_started', 'released'] as const;
export const positionSchema = z.object({
  eventId: z.string().min(1).max(128),
  cargoId: z.string().min(1).max(64),
  /** Only for containerised cargo, and never anything but an ISO 6346 container number. */
  containerNo: z
    .string()
    .max(16)
    .refine((s) => validateContainerNo(s).ok, 'containerNo must be an ISO 6346 container number')
    .optional(),
  /** Always: the bill of lading, rail waybill, road consignment note or air waybill it travels under. */
  transportDocNo: z.string().min(1).max(64),
  taskId: z.string().max(64).optional(),
  mode: transportModeSchema,
  corridor: z.string().max(64),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  at: isoTime,
  speedKmh: z.number().nonnegative().optional(),
  heading: z.number().min(0).max(360).optional(),
  milestone: z.enum(milestones).optional(),
});
export type Position = z.infer<typeof positionSchema>;

export const positionsPageSchema = z.object({ positions: z.array(positionSchema).max(10_000), serverTime: isoTime });
export type PositionsPage = z.infer<typeof positionsPageSchema>;

const siteKinds = ['river_port', 'rail_hub', 'road_hub', 'airport', 'bonded_zone'] as const;
export const portSchema = z.object({
  portCode: z.string().regex(/^\d{4}$/),
  name: z.string(),
  nameEn: z.string(),
  unlocode: z.string().optional(),
  sites: z.array(z.object({ siteId: z.string(), name: z.string(), nameEn: z.string(), kind: z.enum(siteKinds), lon: z.number(), lat: z.number() })),
});
export const checklistSchema = z.object({
  checklistId: z.string(),
  name: z.string(),
  nameEn: z.string(),
  agencies: z.array(agencySchema),
  inspectionTypes: z.array(inspectionTypeSchema),
  items: z.array(z.object({ itemId: z.string(), agency: agencySchema, text: z.string(), textEn: z.string(), required: z.boolean() })),
});
export const findingCodeSchema = z.object({
  code: z.string(),
  agency: z.union([agencySchema, z.literal('any')]),
  text: z.string(),
  textEn: z.string(),
  severity: z.enum(severities),
});
export const referenceDataSchema = z.object({
  version: z.string().min(1).max(64),
  ports: z.array(portSchema),
  checklists: z.array(checklistSchema),
  findingCodes: z.array(findingCodeSchema),
});
export type ReferenceData = z.infer<typeof referenceDataSchema>;
