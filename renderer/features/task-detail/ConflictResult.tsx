import { useTranslation } from 'react-i18next';
import type { TaskConflict } from '../../../shared/contract/conflict.js';

interface Item {
  /** The part of the result ("findings.0", "outcome"), as the core placed the field errors on it. */
  path: string;
  label: string;
  value: string;
}

/**
 * The officers' result as it was sent, one line per part, with the single window's field errors
 * and the containers or goods lines the task no longer has beside the part they are about. The
 * checklist shows its answers one by one only where something is said about them.
 */
export function ConflictResult({ conflict }: { conflict: TaskConflict }) {
  const { t } = useTranslation();
  const { result, fieldErrors, missing } = conflict;
  const list = (items: readonly string[]) => (items.length === 0 ? t('conflict.none') : items.join(t('tasks.listSeparator')));
  const flagged = new Set([...fieldErrors.map((error) => error.item), ...missing.map((reference) => reference.item)]);

  const items: Item[] = [
    { path: 'outcome', label: t('conflict.outcome'), value: t(`taskDetail.outcome.${result.outcome}`) },
    { path: 'disposition', label: t('conflict.disposition'), value: t(`taskDetail.disposition.${result.disposition}`) },
    { path: 'inspectors', label: t('conflict.inspectors'), value: list(result.inspectors) },
    ...(result.recognizes === undefined ? [] : [{ path: 'recognizes', label: t('conflict.recognizes'), value: result.recognizes }]),
    ...result.findings.map((finding, i) => {
      const where = [finding.containerNo, finding.goodsLine === undefined ? undefined : t('conflict.goodsLineRef', { line: finding.goodsLine })].filter(
        (part): part is string => part !== undefined,
      );
      const text = t('conflict.finding', { code: finding.code, severity: t(`inspection.severity.${finding.severity}`), text: finding.text });
      return { path: `findings.${i}`, label: t('conflict.findings'), value: where.length === 0 ? text : text + t('conflict.findingWhere', { where: list(where) }) };
    }),
    ...result.seals.map((seal, i) => ({
      path: `seals.${i}`,
      label: t('conflict.seals'),
      value: t('conflict.seal', { containerNo: seal.containerNo, removed: list(seal.removed), applied: list(seal.applied) }),
    })),
    ...result.samples.map((sample, i) => ({
      path: `samples.${i}`,
      label: t('conflict.samples'),
      value: t('conflict.sample', { sampleId: sample.sampleId, line: sample.goodsLine, quantity: sample.quantity, unit: sample.unit, lab: sample.lab }),
    })),
    { path: 'checklist', label: t('conflict.checklist'), value: t('conflict.checklistCount', { count: result.checklist.length }) },
    ...result.checklist.flatMap((answer, i) =>
      flagged.has(`checklist.${i}`)
        ? [{ path: `checklist.${i}`, label: t('conflict.checklist'), value: t('conflict.checklistAnswer', { itemId: answer.itemId, answer: t(`inspection.checklist.answer.${answer.answer}`) }) }]
        : [],
    ),
    ...(result.countersign === undefined
      ? []
      : [
          {
            path: 'countersign',
            label: t('conflict.countersign'),
            value: result.countersign.signed
              ? t('conflict.countersignSigned', { name: result.countersign.name })
              : t('conflict.countersignRefused', { name: result.countersign.name, note: result.countersign.refusalNote ?? '' }),
          },
        ]),
    { path: 'attachments', label: t('conflict.attachments'), value: t('conflict.attachmentsCount', { count: result.attachments.length }) },
    ...result.attachments.flatMap((attachment, i) => (flagged.has(`attachments.${i}`) ? [{ path: `attachments.${i}`, label: t('conflict.attachments'), value: attachment.name }] : [])),
  ];
  // Errors on parts not listed above (times, ids, versions) or on none: said apart, never dropped.
  const listed = new Set(items.map((item) => item.path));
  const unplaced = fieldErrors.filter((error) => error.item === null || !listed.has(error.item));

  return (
    <section className="conflict-result" aria-label={t('conflict.resultLabel')}>
      <h4>{t('conflict.resultTitle')}</h4>
      <ul className="conflict-result__items" data-testid="conflict-result">
        {items.map((item) => {
          const errors = fieldErrors.filter((error) => error.item === item.path);
          const gone = missing.filter((reference) => reference.item === item.path);
          const problem = errors.length > 0 || gone.length > 0;
          return (
            <li key={item.path} className={problem ? 'conflict-result__item conflict-result__item--problem' : 'conflict-result__item'} data-testid="conflict-item" data-item={item.path}>
              <span className="field__label">{item.label}</span> <span className="conflict-result__value">{item.value}</span>
              {errors.map((error) => (
                <p key={`${error.path}\u0000${error.message}`} className="conflict-result__error" data-testid="conflict-field-error" data-path={error.path}>
                  {t('conflict.fieldError', { message: error.message })} <code>{error.path}</code>
                </p>
              ))}
              {gone.map((reference) => (
                <p key={`${reference.kind}:${reference.key}`} className="conflict-result__error" data-testid="conflict-missing">
                  {reference.kind === 'container' ? t('conflict.missingContainer', { key: reference.key }) : t('conflict.missingGoodsLine', { key: reference.key })}
                </p>
              ))}
            </li>
          );
        })}
      </ul>
      {unplaced.length > 0 && (
        <div className="conflict-result__other" data-testid="conflict-other-errors">
          <span className="field__label">{t('conflict.otherErrors')}</span>
          <ul>
            {unplaced.map((error) => (
              <li key={`${error.path}\u0000${error.message}`}>
                <code>{error.path}</code> {error.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
