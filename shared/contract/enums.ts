import { z } from 'zod';

/** Value sets of the single-window contract (single-window-api.md), shared by UI, core and simulator. */
export const transportModes = ['rail', 'river', 'road', 'air', 'sea'] as const;
export const agencies = ['customs', 'quarantine', 'border', 'maritime'] as const;
export const priorities = ['urgent', 'high', 'normal'] as const;
export const taskStatuses = ['pending', 'assigned', 'in_progress', 'completed', 'released', 'held', 'cancelled'] as const;
/** Statuses in which a task still waits for work at the port. */
export const openStatuses = ['pending', 'assigned', 'in_progress'] as const;
export const inspectionTypes = [
  'document',
  'machine_scan',
  'open_container',
  'devanning',
  'sampling',
  'quarantine_treatment',
] as const;
export const creditGrades = ['advanced_certified', 'certified', 'regular', 'dishonest', 'seriously_dishonest'] as const;
/** Roles an account holds (and the single window knows). */
export const roles = ['inspector', 'supervisor', 'admin'] as const;
/**
 * Roles a caller of the core may have: an account's, or `wall`, the read-only wall display on the
 * LAN (issue 10, point 5). No account holds `wall`: a channel the headless host opened with its wall
 * token is signed in as it, and sees only what a wall shows (methods.ts lists the calls).
 */
export const callerRoles = [...roles, 'wall'] as const;
export const outcomes = ['conform', 'nonconform', 'not_inspected'] as const;
export const dispositions = ['release', 'hold', 'return', 'destroy', 'refer'] as const;

export const transportModeSchema = z.enum(transportModes);
export const agencySchema = z.enum(agencies);
export const prioritySchema = z.enum(priorities);
export const taskStatusSchema = z.enum(taskStatuses);
export const inspectionTypeSchema = z.enum(inspectionTypes);
export const creditGradeSchema = z.enum(creditGrades);
export const roleSchema = z.enum(roles);
export const callerRoleSchema = z.enum(callerRoles);
export const outcomeSchema = z.enum(outcomes);
export const dispositionSchema = z.enum(dispositions);

export type TransportMode = z.infer<typeof transportModeSchema>;
export type Agency = z.infer<typeof agencySchema>;
export type Priority = z.infer<typeof prioritySchema>;
export type TaskStatus = z.infer<typeof taskStatusSchema>;
export type InspectionType = z.infer<typeof inspectionTypeSchema>;
export type CreditGrade = z.infer<typeof creditGradeSchema>;
export type Role = z.infer<typeof roleSchema>;
export type CallerRole = z.infer<typeof callerRoleSchema>;
