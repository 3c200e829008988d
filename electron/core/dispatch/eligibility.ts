import type { DispatchCandidate, IneligibleReason } from '../../../shared/contract/dispatch.js';
import type { Agency } from '../../../shared/contract/enums.js';
import type { StoredAccount } from '../db/account-repository.js';
import { weightOf } from './draw.js';

/** A roster may list, and a dispatch may name, only an enabled account that inspects (inspector or supervisor). */
export function isOfficer(account: StoredAccount | null): account is StoredAccount {
  return account !== null && !account.disabled && account.roles.some((role) => role === 'inspector' || role === 'supervisor');
}

export interface DispatchFacts {
  /** Operator ids on duty now at the task's site. */
  onDuty: readonly string[];
  agencies: readonly Agency[];
  firstInspectors: ReadonlySet<string>;
  workloads: ReadonlyMap<string, number>;
  account: (operatorId: string) => StoredAccount | null;
}

/** Why this officer may not take the task, or null. Order matters: the first reason found is the one shown. */
export function ineligibility(operatorId: string, facts: DispatchFacts): IneligibleReason | null {
  const account = facts.account(operatorId);
  if (account?.disabled === true) return 'disabled';
  if (!isOfficer(account)) return 'not_an_officer';
  if (!facts.onDuty.includes(operatorId)) return 'not_on_duty';
  if (!facts.agencies.includes(account.agency)) return 'agency_not_needed';
  // Officers who did the first inspection of these goods may not re-inspect them (inspection.md).
  if (facts.firstInspectors.has(operatorId)) return 'first_inspector';
  return null;
}

/** Every officer on duty with their workload, weight and eligibility, in roster order. */
export function candidatesOf(facts: DispatchFacts): DispatchCandidate[] {
  return facts.onDuty.map((operatorId) => {
    const account = facts.account(operatorId);
    const workload = facts.workloads.get(operatorId) ?? 0;
    const ineligible = ineligibility(operatorId, facts);
    return {
      operatorId,
      name: account?.name ?? operatorId,
      // An account gone from this workstation has no agency; it is ineligible (not_an_officer) anyway.
      agency: account?.agency ?? 'customs',
      workload,
      weight: ineligible === null ? weightOf(workload) : 0,
      ineligible,
    };
  });
}

/** A joint inspection: at least two officers, and one of each agency the task needs (Customs Inspection Measures, art. 3). */
export function teamSizeFor(agencies: readonly Agency[]): number {
  return Math.max(2, agencies.length);
}

/** Readers' words for each reason, Chinese first, as the core's refusals are written. */
export const INELIGIBLE_TEXT: Record<IneligibleReason, string> = {
  disabled: '账号已停用 / the account is disabled',
  not_an_officer: '不是查验关员（需要查验员或科长角色的账号）/ not an officer (an account with the inspector or supervisor role)',
  not_on_duty: '当前不在该现场值班 / not on duty at this site now',
  agency_not_needed: '所属部门不是本任务需要的部门 / their agency is not one this task needs',
  first_inspector: '参与过这批货物的首次查验，不得复验 / took part in the first inspection of these goods and may not re-inspect them',
};
