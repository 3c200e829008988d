import { z } from 'zod';
import {
  agencySchema,
  creditGradeSchema,
  dispositionSchema,
  inspectionTypeSchema,
  outcomeSchema,
  prioritySchema,
  taskStatusSchema,
  transportModeSchema,
} from './enums.js';

/**
 * The single window's Task (single-window-api.md, "Task change feed"). Readers are tolerant:
 * zod's default object parsing drops fields the contract does not name, while a named field that
 * is missing or of the wrong type rejects the whole body.
 */
const isoTime = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().max(max);

export const containerSchema = z.object({
  containerNo: text(16),
  sizeType: text(8),
  sealNos: z.array(text(32)).max(20),
});

export const goodsLineSchema = z.object({
  line: z.number().int().positive(),
  hsCode: text(16),
  description: text(500),
  quantity: z.number().nonnegative(),
  unit: text(16),
  originCountry: text(2),
  declaredValue: z.number().nonnegative(),
  currency: text(3),
});

export const consigneeSchema = z.object({
  name: text(200),
  uscc: text(18),
  creditGrade: creditGradeSchema,
  creditAsOf: z.iso.date(),
});

export const inspectionSchema = z.object({
  types: z.array(inspectionTypeSchema).min(1).max(6),
  agencies: z.array(agencySchema).min(1).max(4),
  riskReasons: z.array(text(200)).max(20),
  priority: prioritySchema,
  location: z.object({ area: text(100), lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }),
  dueAt: isoTime,
  checklistId: text(64),
});

/**
 * The same goods inspected at an earlier node of the corridor (通报通检通放, 空检铁放): the node
 * that holds the task may recognise that result instead of inspecting again (a result's `recognizes`).
 */
export const priorInspectionSchema = z.object({
  portCode: z.string().regex(/^\d{4}$/),
  siteId: text(64).min(1),
  at: isoTime,
  resultId: text(64).min(1),
  outcome: outcomeSchema,
  disposition: dispositionSchema,
  agencies: z.array(agencySchema).min(1).max(4),
});
export type PriorInspection = z.infer<typeof priorInspectionSchema>;

export const gatewayTaskSchema = z.object({
  taskId: text(64).min(1),
  version: z.number().int().nonnegative(),
  portCode: z.string().regex(/^\d{4}$/),
  declarationNo: z.string().regex(/^\d{18}$/),
  billOfLading: text(64),
  mode: transportModeSchema,
  containers: z.array(containerSchema).max(200),
  consignee: consigneeSchema,
  goods: z.array(goodsLineSchema).min(1).max(500),
  inspection: inspectionSchema,
  assignedTo: z.array(text(64)).max(20),
  status: taskStatusSchema,
  cargoId: text(64),
  priorInspections: z.array(priorInspectionSchema).max(20).optional(),
  updatedAt: isoTime,
});
export type GatewayTask = z.infer<typeof gatewayTaskSchema>;
