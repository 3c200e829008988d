import { useTranslation } from 'react-i18next';
import type { TaskDetail } from '../../../shared/contract/index.js';
import { formatHsCode, type DetailFormatters } from './detail-format.js';

/** The containers with their declared seals, and the goods lines, as declared. */
export function CargoTables({ task, formatters }: { task: TaskDetail; formatters: DetailFormatters }) {
  const { t } = useTranslation();
  return (
    <>
      <section className="task-detail__section" aria-labelledby="task-detail-containers">
        <h3 id="task-detail-containers">{t('taskDetail.containers')}</h3>
        {task.containers.length === 0 ? (
          <p className="task-detail__muted">{t('taskDetail.noContainers')}</p>
        ) : (
          <table className="task-detail__table" data-testid="detail-containers">
            <thead>
              <tr>
                <th scope="col">{t('taskDetail.containerNo')}</th>
                <th scope="col">{t('taskDetail.sizeType')}</th>
                <th scope="col">{t('taskDetail.seals')}</th>
              </tr>
            </thead>
            <tbody>
              {task.containers.map((container) => (
                <tr key={container.containerNo}>
                  <td className="task-detail__code">{container.containerNo}</td>
                  <td>{container.sizeType}</td>
                  <td className="task-detail__code">
                    {container.sealNos.length === 0 ? t('taskDetail.noSeals') : container.sealNos.join(t('tasks.listSeparator'))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="task-detail__section" aria-labelledby="task-detail-goods">
        <h3 id="task-detail-goods">{t('taskDetail.goods')}</h3>
        <table className="task-detail__table" data-testid="detail-goods">
          <thead>
            <tr>
              <th scope="col">{t('taskDetail.line')}</th>
              <th scope="col">{t('taskDetail.hsCode')}</th>
              <th scope="col">{t('taskDetail.description')}</th>
              <th scope="col">{t('taskDetail.origin')}</th>
              <th scope="col" className="task-detail__number">{t('taskDetail.quantity')}</th>
              <th scope="col" className="task-detail__number">{t('taskDetail.declaredValue')}</th>
            </tr>
          </thead>
          <tbody>
            {task.goods.map((line) => (
              <tr key={line.line}>
                <td>{line.line}</td>
                <td className="task-detail__code">{formatHsCode(line.hsCode)}</td>
                <td>{line.description}</td>
                <td>{formatters.country(line.originCountry)}</td>
                <td className="task-detail__number">
                  {formatters.number(line.quantity)} {line.unit}
                </td>
                <td className="task-detail__number">{formatters.money(line.declaredValue, line.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
