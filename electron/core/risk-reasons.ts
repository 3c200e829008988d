import type { CallerRole } from '../../shared/contract/index.js';

/**
 * The single window sends a task's risk reasons as one list of texts, each led by its family
 * (`风险布控：申报价格明显偏低`). Some say what to check on the goods; others say why the
 * consignment was targeted, and those may be withheld from the inspecting officer (an intelligence
 * lead, a headquarters instruction, the consignee's credit grade, a random draw: knowing them can
 * bias the inspection or leak a source).
 *
 * Targeting families are listed; so are the families known to be check points. A reason of no known
 * family is treated as targeting: a new kind of reason from the single window is withheld from
 * inspectors (supervisors still see it) until someone decides it is a check point.
 */
const TARGETING_FAMILIES: readonly string[] = ['情报布控', '指令查验', '企业信用等级', '随机抽查'];
const CHECK_FAMILIES: readonly string[] = ['风险布控', '检疫风险', '食品安全', '知识产权保护', '舱单信息与报关单不一致'];

/** Roles that may read why a task was targeted. */
const TARGETING_READERS: readonly CallerRole[] = ['supervisor', 'admin'];

export interface ReasonsForCaller {
  checkReasons: string[];
  /** Present only for a caller allowed to read it. */
  targetingReasons?: string[];
}

/** The family a reason belongs to: the text before its full-width colon, or before a bracket (随机抽查（双随机）). */
function familyOf(reason: string): string {
  return reason.split(/[：（(]/u, 1)[0]?.trim() ?? '';
}

export function isTargetingReason(reason: string): boolean {
  const family = familyOf(reason);
  return TARGETING_FAMILIES.includes(family) || !CHECK_FAMILIES.includes(family);
}

/** Splits a task's reasons for one caller: check reasons for everyone, targeting reasons only for supervisors and admins. */
export function reasonsFor(reasons: readonly string[], roles: readonly CallerRole[]): ReasonsForCaller {
  const checkReasons = reasons.filter((reason) => !isTargetingReason(reason));
  if (!roles.some((role) => TARGETING_READERS.includes(role))) return { checkReasons };
  return { checkReasons, targetingReasons: reasons.filter(isTargetingReason) };
}
