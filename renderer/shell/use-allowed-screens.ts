import { useMemo } from 'react';
import { useHasRole } from '../features/session/session-context.js';
import { screens, type Screen } from './screens.js';

/**
 * The screens this account may open: settings (gateway, accounts, backups) are the admin's, the
 * review queue, the roster and the KPIs the supervisors'; the core refuses their calls to anyone else anyway.
 */
export function useAllowedScreens(): readonly Screen[] {
  const admin = useHasRole('admin');
  const supervisor = useHasRole('supervisor');
  return useMemo(() => screens.filter((screen) => (screen !== 'settings' || admin) && ((screen !== 'review' && screen !== 'dispatch' && screen !== 'kpi') || supervisor)), [admin, supervisor]);
}
