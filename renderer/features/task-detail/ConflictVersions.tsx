import { useTranslation } from 'react-i18next';
import type { ConflictRow, TaskConflict } from '../../../shared/contract/conflict.js';
import { formatHsCode, type DetailFormatters } from './detail-format.js';

/** Rows whose two sides differ: marked in the table, in words as well as in colour. */
const MARKED: readonly ConflictRow['change'][] = ['changed', 'added', 'removed'];

/** The task the result was based on beside the task the single window has now, one row per field. */
export function ConflictVersions({ conflict, formatters }: { conflict: TaskConflict; formatters: DetailFormatters }) {
  const { t } = useTranslation();
  if (conflict.rows.length === 0) return <p className="task-detail__muted">{t('conflict.noRows')}</p>;
  const list = (items: readonly string[]) => items.join(t('tasks.listSeparator'));

  const valueOf = (row: ConflictRow, side: 'based' | 'now'): string | null => {
    switch (row.field) {
      case 'status':
        return row[side] === null ? null : t(`status.${row[side]}`);
      case 'priority':
        return row[side] === null ? null : t(`priority.${row[side]}`);
      case 'dueAt':
        return row[side] === null ? null : formatters.dateTime(row[side]);
      case 'assignedTo': {
        const officers = row[side];
        return officers === null ? null : officers.length === 0 ? t('conflict.unassigned') : list(officers);
      }
      case 'types':
        return row[side] === null ? null : list(row[side].map((type) => t(`inspectionType.${type}`)));
      case 'agencies':
        return row[side] === null ? null : list(row[side].map((agency) => t(`agency.${agency}`)));
      case 'checklistId':
        return row[side];
      case 'container': {
        const container = row[side];
        if (container === null) return null;
        return t('conflict.container', { sizeType: container.sizeType, seals: container.sealNos.length === 0 ? t('conflict.noSeals') : list(container.sealNos) });
      }
      case 'goodsLine': {
        const goods = row[side];
        if (goods === null) return null;
        return t('conflict.goods', {
          hsCode: formatHsCode(goods.hsCode),
          description: goods.description,
          quantity: formatters.number(goods.quantity),
          unit: goods.unit,
          origin: formatters.country(goods.originCountry),
        });
      }
    }
  };
  const labelOf = (row: ConflictRow): string =>
    row.field === 'container' || row.field === 'goodsLine' ? t(`conflict.fields.${row.field}`, { key: row.key }) : t(`conflict.fields.${row.field}`);
  const cell = (row: ConflictRow, side: 'based' | 'now') => {
    const value = valueOf(row, side);
    if (value !== null) return value;
    return <span className="task-detail__muted">{side === 'based' && row.change === 'not_kept' ? t('conflict.notKept') : t('conflict.absent')}</span>;
  };

  return (
    <table className="conflict-versions" data-testid="conflict-versions">
      <caption className="visually-hidden">{t('conflict.compareLabel')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('conflict.field')}</th>
          <th scope="col" data-testid="conflict-based-heading">
            {t('conflict.basedOn', { version: conflict.basedOnVersion })}
          </th>
          <th scope="col" data-testid="conflict-now-heading">
            {conflict.nowVersion === null ? t('conflict.nowGone') : t('conflict.now', { version: conflict.nowVersion })}
          </th>
        </tr>
      </thead>
      <tbody>
        {conflict.rows.map((row) => {
          const marked = MARKED.includes(row.change);
          return (
            <tr
              key={`${row.field}:${row.key}`}
              className={marked ? 'conflict-versions__row conflict-versions__row--changed' : 'conflict-versions__row'}
              data-testid="conflict-row"
              data-field={row.field}
              data-key={row.key}
              data-change={row.change}
            >
              <th scope="row">
                {labelOf(row)}
                {marked && <span className="badge badge--changed">{t('conflict.changed')}</span>}
              </th>
              <td>{cell(row, 'based')}</td>
              <td>{cell(row, 'now')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
