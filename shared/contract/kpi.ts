import { z } from 'zod';
import { agencySchema, inspectionTypeSchema, transportModeSchema } from './enums.js';

/**
 * The supervisor's KPIs (issue 10, point 3), computed by the core over the workstation's task cache.
 *
 * What the cache knows, and so what the figures mean (the single window sends no creation time):
 * - **created**: the `updatedAt` of the first version of the task this workstation received. When
 *   that version is the task's first (version 0 or 1) it is the creation at the single window;
 *   otherwise it is later than the creation, so the clearance time is a lower bound
 *   (`clearance.approximate` counts those tasks).
 * - **released**: the `updatedAt` of the version in which the task's status became `released`.
 *   A task released and later held again (or reopened) is no longer released: it leaves the
 *   clearance figures and, if held, counts as held on the day it was held.
 * - **held**: the `updatedAt` of the version in which the status became `held`, same rules.
 * - **inspection**: a task that reached `completed`, `released` or `held` (the first version seen in
 *   one of them dates it). Per officer it counts for each officer the single window lists on the
 *   task (`assignedTo`): that covers inspections made at every workstation, where this
 *   workstation's own results would show only its own.
 * - **overdue**: a task still open (pending, assigned, in progress) whose due time has passed at
 *   `asOf`; it is dated by its due time.
 * - **hold rate**: held / (released + held) among tasks decided in the range; null when none was.
 * - **clearance time**: released − created, in hours; median and p90 exact (linear interpolation
 *   between the two nearest ranks), null when no task was released in the range.
 *
 * Days are calendar days in Asia/Shanghai (UTC+8, no daylight saving): a day starts at 16:00 UTC
 * of the day before. A KPI counts a task on the day of its own event above (released, held,
 * inspected, due), and the range keeps the tasks whose event day is within it.
 */

const day = z.iso.date();
/** Longest range one query may cover: a year and a day (a leap year's same date). */
export const KPI_MAX_DAYS = 367;

const kpiFilterShape = {
  /** First day of the range (Asia/Shanghai calendar day), inclusive. */
  from: day,
  /** Last day of the range (Asia/Shanghai calendar day), inclusive. */
  to: day,
  /** A site: the task's port code (as the duty roster names sites). */
  portCode: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
  /** Tasks needing this agency (among others). */
  agency: agencySchema.optional(),
  /** Tasks needing this inspection type (among others). */
  inspectionType: inspectionTypeSchema.optional(),
  mode: transportModeSchema.optional(),
};

/** Days between two ISO dates, inclusive of both (1 for the same day). */
export function daysInRange(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

const rangeIsValid = (input: { from: string; to: string }): boolean => {
  const days = daysInRange(input.from, input.to);
  return days >= 1 && days <= KPI_MAX_DAYS;
};
const rangeMessage = { message: `结束日不能早于开始日，范围最多 ${KPI_MAX_DAYS} 天 / the range must end on or after its start and cover at most ${KPI_MAX_DAYS} days`, path: ['to'] };

export const kpiFiltersSchema = z.strictObject(kpiFilterShape).refine(rangeIsValid, rangeMessage);
export type KpiFilters = z.infer<typeof kpiFiltersSchema>;

/** Counts of one group (a day, an agency, a site, an inspection type, an officer). */
export const kpiCountsSchema = z.object({
  inspections: z.number().int().nonnegative(),
  released: z.number().int().nonnegative(),
  held: z.number().int().nonnegative(),
  /** held / (released + held); null when the group has no decided task. */
  holdRate: z.number().min(0).max(1).nullable(),
});
export type KpiCounts = z.infer<typeof kpiCountsSchema>;

const groupCountsSchema = kpiCountsSchema.extend({ overdue: z.number().int().nonnegative() });

export const kpiSummarySchema = z.object({
  /** The instant `overdue` was counted at (UTC ISO time). */
  asOf: z.string(),
  totals: groupCountsSchema.extend({
    clearance: z.object({
      /** Tasks released in the range: the clearance figures are over them. */
      count: z.number().int().nonnegative(),
      medianHours: z.number().nonnegative().nullable(),
      p90Hours: z.number().nonnegative().nullable(),
      /** Of `count`, tasks first seen after their first version: their clearance time is a lower bound. */
      approximate: z.number().int().nonnegative(),
    }),
  }),
  /** Every day of the range in order, days with nothing included (all counts 0). */
  byDay: z.array(groupCountsSchema.extend({ day })),
  /** Every agency, in the contract's order; a task needing two agencies counts for both. */
  byAgency: z.array(groupCountsSchema.extend({ agency: agencySchema })),
  /** Sites (port codes) with at least one task counted, by port code. */
  bySite: z.array(groupCountsSchema.extend({ portCode: z.string() })),
  /** Every inspection type, in the contract's order; a task needing two types counts for both. */
  byType: z.array(groupCountsSchema.extend({ inspectionType: inspectionTypeSchema })),
});
export type KpiSummary = z.infer<typeof kpiSummarySchema>;

/** Per officer: personal data, for supervisors only (never the wall display). */
export const kpiOfficersSchema = z.object({
  officers: z.array(
    kpiCountsSchema.extend({
      operatorId: z.string(),
      /** The local account's name when this workstation has one for the officer, else null. */
      name: z.string().nullable(),
    }),
  ),
});
export type KpiOfficers = z.infer<typeof kpiOfficersSchema>;

/** kpi:exportCsv: the same figures as one CSV table, headers in the language asked for. */
export const kpiExportInputSchema = z
  .strictObject({ ...kpiFilterShape, language: z.enum(['zh-CN', 'en']).default('zh-CN') })
  .refine(rangeIsValid, rangeMessage);
/**
 * UTF-8 text starting with a byte order mark (so Excel opens the Chinese headers right), CRLF line
 * ends, RFC 4180 quoting. One row per group: a `group` column (total, day, agency, site, type,
 * officer), its key, the officer's name where there is one, then the counts; clearance figures on
 * the total row only.
 */
export const kpiExportSchema = z.object({ fileName: z.string(), csv: z.string() });
