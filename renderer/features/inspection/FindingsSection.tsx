import { useTranslation } from 'react-i18next';
import type { InspectionContent } from '../../../shared/contract/index.js';
import { foundIdentifierKind, type FoundIdentifierKind } from '../../../shared/domain/index.js';
import { currentLanguage } from '../../i18n/index.js';
import { confirmKey, removeAt, replaceAt, withConfirmed } from './draft-edits.js';
import { IdentifierField } from './IdentifierField.js';
import { ProposedFindings } from './ProposedFindings.js';
import { Section } from './Section.js';
import type { SectionProps } from './section-props.js';

type Finding = InspectionContent['findings'][number];

/**
 * The officers' own findings (code from the reference data for the task's agencies, severity from
 * the code, text, tied to a goods line or a container) and the seal check's proposals to decide.
 */
export function FindingsSection(props: SectionProps) {
  const { draft, task, reference, edit } = props;
  const { t } = useTranslation();
  const english = currentLanguage() === 'en';
  const codes = reference.findingCodes.filter((code) => code.agency === 'any' || task.agencies.includes(code.agency));
  const containers = task.containers.map((container) => container.containerNo);
  const known: Readonly<Record<FoundIdentifierKind, readonly string[]>> = { containerNo: containers, hsCode: task.goods.map((goods) => goods.hsCode) };

  const change = (findingId: string, patch: (finding: Finding) => Finding): void => {
    edit((content) => {
      const index = content.findings.findIndex((finding) => finding.findingId === findingId);
      const finding = content.findings[index];
      return finding === undefined ? content : { ...content, findings: replaceAt(content.findings, index, patch(finding)) };
    });
  };
  const add = (): void => {
    const agency = task.agencies[0] ?? 'customs';
    const finding: Finding = { findingId: crypto.randomUUID(), code: '', agency, severity: 'info', text: '', origin: 'officer' };
    edit((content) => ({ ...content, findings: [...content.findings, finding] }));
  };
  const chooseCode = (findingId: string, code: string): void => {
    const known = reference.findingCodes.find((candidate) => candidate.code === code);
    change(findingId, (finding) => ({
      ...finding,
      code,
      ...(known ? { severity: known.severity, agency: known.agency === 'any' ? finding.agency : known.agency } : {}),
    }));
  };

  const own = draft.findings.filter((finding) => finding.origin === 'officer');
  // Said under the seal check's proposals, so it must not deny them: a confirmed proposal is a
  // finding of this inspection, an undecided one may become one, a dismissed one is none.
  const proposals = draft.findings.filter((finding) => finding.origin === 'seal_check');
  const confirmed = proposals.filter((finding) => finding.decision === 'confirmed').length;
  const noOwn =
    confirmed > 0
      ? t('inspection.findings.noneBesideConfirmed', { count: confirmed })
      : proposals.some((finding) => finding.decision === undefined)
        ? t('inspection.findings.noneButProposed')
        : t('inspection.findings.empty');
  return (
    <Section name="findings">
      <ProposedFindings {...props} />
      {own.length === 0 && (
        <p className="inspection__muted" data-testid="findings-none">
          {noOwn}
        </p>
      )}
      <ul className="inspection__rows">
        {own.map((finding, position) => (
          <li key={finding.findingId} className="inspection__row" data-testid={`finding-${position}`}>
            <label>
              {t('inspection.findings.code')}
              <select data-testid={`finding-${position}-code`} value={finding.code} onChange={(event) => chooseCode(finding.findingId, event.target.value)}>
                <option value="">{t('inspection.findings.chooseCode')}</option>
                {codes.map((code) => (
                  <option key={code.code} value={code.code}>
                    {`${code.code} · ${english ? code.textEn : code.text}`}
                  </option>
                ))}
              </select>
            </label>
            <span className={`tag tag--severity-${finding.severity}`}>
              {t('inspection.findings.severity', { severity: t(`inspection.severity.${finding.severity}`) })}
            </span>
            <label>
              {t('inspection.findings.text')}
              <textarea
                data-testid={`finding-${position}-text`}
                value={finding.text}
                onChange={(event) => {
                  const text = event.target.value;
                  change(finding.findingId, (previous) => ({ ...previous, text }));
                }}
              />
            </label>
            <label>
              {t('inspection.findings.goodsLine')}
              <select
                data-testid={`finding-${position}-line`}
                value={finding.goodsLine ?? ''}
                onChange={(event) => {
                  const line = Number(event.target.value);
                  change(finding.findingId, (previous) => {
                    const next = { ...previous };
                    delete next.goodsLine;
                    return line > 0 ? { ...next, goodsLine: line } : next;
                  });
                }}
              >
                <option value="">{t('inspection.findings.noGoodsLine')}</option>
                {task.goods.map((goods) => (
                  <option key={goods.line} value={goods.line}>
                    {t('inspection.findings.lineOption', { line: goods.line, description: goods.description })}
                  </option>
                ))}
              </select>
            </label>
            <IdentifierField
              kind="containerNo"
              label={t('inspection.findings.container')}
              testId={`finding-${position}-container`}
              value={finding.containerNo ?? ''}
              known={containers}
              confirmed={(value) => draft.confirmedWarnings.includes(confirmKey('containerNo', value))}
              onChange={(containerNo) => change(finding.findingId, (previous) => ({ ...previous, containerNo }))}
              onConfirm={(value) => edit((content) => withConfirmed(content, confirmKey('containerNo', value)))}
            />
            <FoundField finding={finding} position={position} known={known} confirmedWarnings={draft.confirmedWarnings} change={change} edit={edit} />
            <button
              type="button"
              className="button button--small button--secondary"
              onClick={() => edit((content) => ({ ...content, findings: removeAt(content.findings, content.findings.findIndex((f) => f.findingId === finding.findingId)) }))}
            >
              {t('inspection.findings.remove')}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="button" data-testid="finding-add" onClick={add}>
        {t('inspection.findings.add')}
      </button>
    </Section>
  );
}

interface FoundProps {
  finding: Finding;
  position: number;
  known: Readonly<Record<FoundIdentifierKind, readonly string[]>>;
  confirmedWarnings: readonly string[];
  change: (findingId: string, patch: (finding: Finding) => Finding) => void;
  edit: SectionProps['edit'];
}

/** The identifier a finding's code names as found (C-HS-MISCLASS: the HS code, C-CNTR-MISMATCH: the container number); nothing for other codes. */
function FoundField({ finding, position, known, confirmedWarnings, change, edit }: FoundProps) {
  const { t } = useTranslation();
  const kind = foundIdentifierKind(finding.code);
  if (kind === undefined) return null;
  return (
    <IdentifierField
      kind={kind}
      label={t(`inspection.findings.found.${kind}`)}
      testId={`finding-${position}-found`}
      value={finding.found ?? ''}
      known={known[kind]}
      confirmed={(value) => confirmedWarnings.includes(confirmKey(kind, value))}
      onChange={(found) => change(finding.findingId, (previous) => ({ ...previous, found }))}
      onConfirm={(value) => edit((content) => withConfirmed(content, confirmKey(kind, value)))}
    />
  );
}
