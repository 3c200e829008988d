import type { InspectionContent } from '../../../shared/contract/inspection.js';
import { normalizeContainerNo } from '../../../shared/domain/iso6346.js';

/** A container of the task with the seals its declaration names. */
export interface DeclaredContainer {
  containerNo: string;
  sealNos: readonly string[];
}

type Finding = InspectionContent['findings'][number];
export const SEAL_MISMATCH = 'C-SEAL-MISMATCH';
export const SEAL_BROKEN = 'C-SEAL-BROKEN';
const SEAL_CODES: readonly string[] = [SEAL_MISMATCH, SEAL_BROKEN];

const sealKey = (seal: string) => seal.trim().toUpperCase();

/**
 * The seal check (issue 8, point 4): for each container of the task, the seals the officers found
 * (the draft's seal entries for it) against the declared ones. A removed seal the declaration does
 * not name, or (once an entry for the container is marked complete) a declared seal not among the
 * removed ones, proposes C-SEAL-MISMATCH; an entry marked broken proposes C-SEAL-BROKEN. A proposal
 * is added only when the container has no finding of that code yet (an officer's own, or a proposal
 * already decided), and an undecided proposal whose cause has gone (a typo corrected) is taken
 * back: only the officers' decisions are kept for good. Entries for containers the task does not
 * have are the identifier check's business, not this one's. A proposal's id is made of its code and
 * container, so a form that saves again without having taken the proposal in gets the same one back
 * (the same content: no new audit entry, signatures kept). Nothing added or taken back answers
 * `content` itself, so the caller knows there is nothing of the check's own to parse; a cause's
 * text is written only for a proposal added (a save on every keystroke mostly adds none).
 */
export function withSealProposals(content: InspectionContent, containers: readonly DeclaredContainer[]): InspectionContent {
  const causes = new Map<string, { container: DeclaredContainer; text: () => string }>();
  for (const container of containers) {
    const containerNo = normalizeContainerNo(container.containerNo);
    const entries = content.seals.filter((entry) => normalizeContainerNo(entry.containerNo) === containerNo);
    if (entries.length === 0) continue;
    const declared = container.sealNos.map(sealKey);
    const removed = entries.flatMap((entry) => entry.removed.map(sealKey)).filter((seal) => seal !== '');
    const unexpected = removed.filter((seal) => !declared.includes(seal));
    const missing = entries.some((entry) => entry.complete) ? declared.filter((seal) => !removed.includes(seal)) : [];
    if (unexpected.length > 0 || missing.length > 0) {
      causes.set(`${SEAL_MISMATCH} ${containerNo}`, { container, text: () => mismatchText(containerNo, declared, unexpected, missing) });
    }
    if (entries.some((entry) => entry.broken)) {
      causes.set(`${SEAL_BROKEN} ${containerNo}`, { container, text: () => `封志破损或被动过 / Seal broken or tampered with: ${containerNo}` });
    }
  }
  const keyOf = (finding: Finding) => `${finding.code} ${normalizeContainerNo(finding.containerNo ?? '')}`;
  const findings = content.findings.filter(
    (finding) => !(finding.origin === 'seal_check' && finding.decision === undefined && SEAL_CODES.includes(finding.code) && !causes.has(keyOf(finding))),
  );
  const kept = findings.length;
  const present = new Set(findings.map(keyOf));
  for (const [key, cause] of causes) {
    if (present.has(key)) continue;
    const code = key.slice(0, key.indexOf(' '));
    const containerNo = normalizeContainerNo(cause.container.containerNo);
    findings.push({
      findingId: `seal-check-${code}-${containerNo}`.slice(0, 64),
      code,
      agency: 'customs',
      severity: 'major',
      text: cause.text(),
      containerNo,
      origin: 'seal_check',
    });
  }
  return kept === content.findings.length && findings.length === kept ? content : { ...content, findings };
}

function mismatchText(containerNo: string, declared: readonly string[], unexpected: readonly string[], missing: readonly string[]): string {
  const list = (seals: readonly string[]) => (seals.length === 0 ? '—' : seals.join(', '));
  const zh = [`封志号与申报不符：${containerNo}，申报 ${list(declared)}`];
  const en = [`Seal numbers differ from the declaration: ${containerNo}, declared ${list(declared)}`];
  if (unexpected.length > 0) {
    zh.push(`拆下未申报的 ${list(unexpected)}`);
    en.push(`removed undeclared ${list(unexpected)}`);
  }
  if (missing.length > 0) {
    zh.push(`未见申报的 ${list(missing)}`);
    en.push(`declared not found ${list(missing)}`);
  }
  return `${zh.join('；')} / ${en.join('; ')}`;
}
