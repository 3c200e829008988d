import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * How a task's detail, wherever it is shown, asks the console to switch to the map and fly to the
 * task's cargo. The shell provides it; without it (a detail rendered on its own) there is no button.
 */
export const ShowOnMapContext = createContext<((taskId: string) => void) | null>(null);

export function ShowOnMapButton({ taskId }: { taskId: string }) {
  const { t } = useTranslation();
  const show = useContext(ShowOnMapContext);
  if (show === null) return null;
  return (
    <button type="button" className="button" data-testid="show-on-map" title={t('map.showOnMapHint')} onClick={() => show(taskId)}>
      {t('map.showOnMap')}
    </button>
  );
}
